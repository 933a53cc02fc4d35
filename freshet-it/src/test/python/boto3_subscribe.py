"""boto3 SubscribeToShard against a Freshet endpoint (HTTP/1.1, JSON, chunked event stream).

Usage: python3 boto3_subscribe.py ENDPOINT STREAM [CA_BUNDLE]
CA_BUNDLE: the PEM certificate to trust on an https:// ENDPOINT (boto3's verify=).
Registers a consumer, subscribes from TRIM_HORIZON, reads the records put before and after
subscribing, and prints "boto3 subscribe ok" when every check holds; raises otherwise.
"""
import sys
import time

import boto3
from botocore.config import Config


def main(endpoint, stream, ca_bundle=None):
    client = boto3.client(
        "kinesis", endpoint_url=endpoint, region_name="us-east-1",
        aws_access_key_id="123456789012", aws_secret_access_key="secret",
        verify=ca_bundle, config=Config(retries={"max_attempts": 1}))
    client.create_stream(StreamName=stream, ShardCount=1)
    client.get_waiter("stream_exists").wait(StreamName=stream, WaiterConfig={"Delay": 1, "MaxAttempts": 30})
    stream_arn = client.describe_stream_summary(StreamName=stream)["StreamDescriptionSummary"]["StreamARN"]
    consumer_arn = client.register_stream_consumer(StreamARN=stream_arn, ConsumerName="py")["Consumer"]["ConsumerARN"]
    for _ in range(100):
        if client.describe_stream_consumer(ConsumerARN=consumer_arn)["ConsumerDescription"]["ConsumerStatus"] == "ACTIVE":
            break
        time.sleep(0.05)
    client.put_record(StreamName=stream, Data=b"before", PartitionKey="a")

    response = client.subscribe_to_shard(ConsumerARN=consumer_arn, ShardId="shardId-000000000000",
                                         StartingPosition={"Type": "TRIM_HORIZON"})
    received = []
    put_after = False
    for event in response["EventStream"]:
        records = event["SubscribeToShardEvent"]["Records"]
        received.extend(r["Data"] for r in records)
        assert len(event["SubscribeToShardEvent"]["ContinuationSequenceNumber"]) == 56, event
        if not put_after:
            client.put_record(StreamName=stream, Data=b"after", PartitionKey="a")
            put_after = True
        if len(received) >= 2:
            break
    response["EventStream"].close()
    assert received == [b"before", b"after"], received
    print("boto3 subscribe ok")


if __name__ == "__main__":
    main(*sys.argv[1:4])
