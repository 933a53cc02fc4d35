"""boto3 against a Freshet endpoint: put records, read them back by every iterator type.

Usage: python3 boto3_round_trip.py ENDPOINT STREAM
Exits 0 and prints "boto3 round trip ok" when every check holds; raises otherwise.
"""
import datetime
import sys

import boto3
from botocore.config import Config


def main(endpoint, stream):
    client = boto3.client(
        "kinesis", endpoint_url=endpoint, region_name="us-east-1",
        aws_access_key_id="123456789012", aws_secret_access_key="secret",
        config=Config(retries={"max_attempts": 1}))
    client.create_stream(StreamName=stream, ShardCount=1)
    client.get_waiter("stream_exists").wait(StreamName=stream, WaiterConfig={"Delay": 1, "MaxAttempts": 30})
    shard = client.list_shards(StreamName=stream)["Shards"][0]["ShardId"]

    first = client.put_record(StreamName=stream, Data=b"\x00\x01binary\xff", PartitionKey="a")
    middle = client.put_record(StreamName=stream, Data=b"two", PartitionKey="a")
    batch = client.put_records(StreamName=stream, Records=[
        {"Data": ("r%d" % i).encode(), "PartitionKey": "k%d" % i} for i in range(10)])
    assert batch["FailedRecordCount"] == 0, batch
    assert len(batch["Records"]) == 10, batch

    def read(**kwargs):
        iterator = client.get_shard_iterator(StreamName=stream, ShardId=shard, **kwargs)["ShardIterator"]
        return client.get_records(ShardIterator=iterator, Limit=100)

    everything = read(ShardIteratorType="TRIM_HORIZON")["Records"]
    assert [r["Data"] for r in everything[:2]] == [b"\x00\x01binary\xff", b"two"], everything[:2]
    assert len(everything) == 12, len(everything)
    assert everything[0]["SequenceNumber"] == first["SequenceNumber"]
    assert isinstance(everything[0]["ApproximateArrivalTimestamp"], datetime.datetime)

    at = read(ShardIteratorType="AT_SEQUENCE_NUMBER", StartingSequenceNumber=middle["SequenceNumber"])["Records"]
    assert at[0]["SequenceNumber"] == middle["SequenceNumber"], at[0]
    after = read(ShardIteratorType="AFTER_SEQUENCE_NUMBER", StartingSequenceNumber=middle["SequenceNumber"])["Records"]
    assert after[0]["Data"] == b"r0", after[0]
    # botocore sends timestamps in whole seconds, so AT_TIMESTAMP starts at the first record of that second.
    stamp = everything[1]["ApproximateArrivalTimestamp"]
    by_time = read(ShardIteratorType="AT_TIMESTAMP", Timestamp=stamp)["Records"]
    assert by_time[0]["ApproximateArrivalTimestamp"] >= stamp.replace(microsecond=0), by_time[0]
    future = read(ShardIteratorType="AT_TIMESTAMP", Timestamp=stamp + datetime.timedelta(hours=1))["Records"]
    assert future == [], future
    assert by_time[-1]["Data"] == b"r9"

    latest_iterator = client.get_shard_iterator(StreamName=stream, ShardId=shard,
                                                ShardIteratorType="LATEST")["ShardIterator"]
    client.put_record(StreamName=stream, Data=b"late", PartitionKey="a")
    latest = client.get_records(ShardIterator=latest_iterator)["Records"]
    assert [r["Data"] for r in latest] == [b"late"], latest

    try:
        client.describe_stream(StreamName=stream + "-missing")
        raise AssertionError("expected ResourceNotFoundException")
    except client.exceptions.ResourceNotFoundException as error:
        assert "not found" in str(error), error

    client.delete_stream(StreamName=stream)
    print("boto3 round trip ok")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
