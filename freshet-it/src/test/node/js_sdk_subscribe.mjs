// The AWS SDK for JavaScript v3 against a Freshet endpoint, every call over HTTP/2 (NodeHttp2Handler).
//
// Usage: node js_sdk_subscribe.mjs ENDPOINT STREAM [CA_PEM_FILE]
//   ENDPOINT     http://HOST:PORT (HTTP/2 cleartext with prior knowledge) or https://HOST:PORT (TLS, ALPN h2)
//   CA_PEM_FILE  the certificate to trust for https:// (the server's self-signed one)
// Creates a stream, puts and reads back records, registers a consumer, subscribes from TRIM_HORIZON,
// reads the records put before and after subscribing from the event stream, checks that a second
// subscription of the same consumer and shard is refused, and prints "javascript sdk subscribe ok"
// when every check holds; exits non-zero otherwise.
import { readFileSync } from "node:fs";
import assert from "node:assert/strict";
import {
  KinesisClient,
  CreateStreamCommand,
  DescribeStreamSummaryCommand,
  PutRecordCommand,
  PutRecordsCommand,
  GetShardIteratorCommand,
  GetRecordsCommand,
  RegisterStreamConsumerCommand,
  DescribeStreamConsumerCommand,
  SubscribeToShardCommand,
} from "@aws-sdk/client-kinesis";
import { NodeHttp2Handler } from "@smithy/node-http-handler";

const [endpoint, stream, caFile] = process.argv.slice(2);
const SHARD = "shardId-000000000000";

// Bounded: whatever hangs, the program fails instead of waiting forever.
setTimeout(() => {
  console.error("timed out");
  process.exit(3);
}, 60_000).unref();

const text = (s) => new TextEncoder().encode(s);
const decode = (bytes) => new TextDecoder().decode(bytes);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const protocols = new Set();
const client = new KinesisClient({
  endpoint,
  region: "us-east-1",
  credentials: { accessKeyId: "123456789012", secretAccessKey: "secret" },
  maxAttempts: 1,
  requestHandler: new NodeHttp2Handler({
    requestTimeout: 30_000,
    nodeHttp2ConnectOptions: caFile ? { ca: readFileSync(caFile) } : {},
  }),
});
// NodeHttp2Handler speaks nothing but HTTP/2 (node:http2's connect: prior knowledge on http://,
// ALPN "h2" on https://); the Content-Type of every request tells the wire format.
client.middlewareStack.add(
  (next) => async (args) => {
    protocols.add(args.request.headers["content-type"]);
    return next(args);
  },
  { step: "finalizeRequest", name: "recordContentType" },
);

async function until(what, check) {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await sleep(25);
  }
  throw new Error("never became true: " + what);
}

async function main() {
  await client.send(new CreateStreamCommand({ StreamName: stream, ShardCount: 1 }));
  let streamArn;
  await until("stream ACTIVE", async () => {
    const summary = (await client.send(new DescribeStreamSummaryCommand({ StreamName: stream })))
      .StreamDescriptionSummary;
    streamArn = summary.StreamARN;
    return summary.StreamStatus === "ACTIVE";
  });

  // Put and get, by the stream's name.
  const first = await client.send(new PutRecordCommand({ StreamName: stream, PartitionKey: "a", Data: text("before-0") }));
  assert.equal(first.ShardId, SHARD);
  assert.equal(first.SequenceNumber.length, 56);
  const batch = await client.send(new PutRecordsCommand({
    StreamName: stream,
    Records: [
      { PartitionKey: "a", Data: text("before-1") },
      { PartitionKey: "b", Data: text("before-2") },
    ],
  }));
  assert.equal(batch.FailedRecordCount ?? 0, 0);
  const iterator = (await client.send(new GetShardIteratorCommand({
    StreamName: stream, ShardId: SHARD, ShardIteratorType: "TRIM_HORIZON",
  }))).ShardIterator;
  const got = await client.send(new GetRecordsCommand({ ShardIterator: iterator }));
  assert.deepEqual(got.Records.map((r) => decode(r.Data)), ["before-0", "before-1", "before-2"]);
  assert.deepEqual(got.Records.map((r) => r.PartitionKey), ["a", "a", "b"]);
  assert.ok(got.Records[0].ApproximateArrivalTimestamp instanceof Date);

  // An enhanced fan-out consumer.
  const consumerArn = (await client.send(new RegisterStreamConsumerCommand({ StreamARN: streamArn, ConsumerName: "js" })))
    .Consumer.ConsumerARN;
  await until("consumer ACTIVE", async () =>
    (await client.send(new DescribeStreamConsumerCommand({ ConsumerARN: consumerArn })))
      .ConsumerDescription.ConsumerStatus === "ACTIVE");

  // SubscribeToShard: the records already there, then the ones put while subscribed.
  const subscription = await client.send(new SubscribeToShardCommand({
    ConsumerARN: consumerArn, ShardId: SHARD, StartingPosition: { Type: "TRIM_HORIZON" },
  }));
  const received = [];
  let events = 0;
  let putAfter = false;
  let refused;
  for await (const event of subscription.EventStream) {
    assert.ok(event.SubscribeToShardEvent, "unexpected event " + JSON.stringify(Object.keys(event)));
    const e = event.SubscribeToShardEvent;
    events++;
    assert.equal(e.ContinuationSequenceNumber.length, 56);
    assert.equal(typeof e.MillisBehindLatest, "number");
    received.push(...e.Records.map((r) => decode(r.Data)));
    if (!putAfter) {
      putAfter = true;
      // The same consumer and shard while this subscription is live: refused.
      try {
        await client.send(new SubscribeToShardCommand({
          ConsumerARN: consumerArn, ShardId: SHARD, StartingPosition: { Type: "LATEST" },
        }));
        refused = "not refused";
      } catch (error) {
        refused = error.name;
      }
      for (let i = 0; i < 3; i++) {
        await client.send(new PutRecordCommand({ StreamName: stream, PartitionKey: "a", Data: text("after-" + i) }));
      }
    }
    if (received.length >= 6 || events >= 100) break;
  }
  assert.deepEqual(received, ["before-0", "before-1", "before-2", "after-0", "after-1", "after-2"]);
  assert.equal(refused, "ResourceInUseException");
  assert.deepEqual([...protocols], ["application/x-amz-json-1.1"]);
  console.log(`javascript sdk subscribe ok (${endpoint.split(":")[0]}, ${events} events)`);
}

main().then(
  () => {
    client.destroy();
    process.exit(0);
  },
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
