#!/usr/bin/env python3
"""Trim botocore's Kinesis service model down to what Freshet's protocol layer needs.

Reads data/kinesis/2013-12-02/service-2.json.gz from the installed botocore and writes
freshet-protocol/src/main/resources/dev/freshet/protocol/kinesis-2013-12-02.json:
operations (input/output shape names, errors) and shapes with only the facts that request
validation and response encoding use. Documentation and endpoint-rule trivia are dropped so the
resource stays small and its diffs stay readable when botocore is upgraded.

The output is deterministic (sorted keys, indent 1) so that re-running it on the same botocore
version is a no-op in git.

Two orderings are not botocore's, because AWS's validation messages do not follow botocore:
  * structure members are written as a list in the order AWS reports their violations;
  * a few enums are written in the order AWS lists them in "Member must satisfy enum value set".
Both come from messages that real AWS returned, as recorded in kinesalite's test suite
(mhart/kinesalite test/*.js). Members that AWS added later, or shapes nobody recorded, fall back
to botocore's order with the stream identifiers last, which is what every recorded message shows.

Usage: python3 tools/trim-kinesis-model.py [--check]
  --check  exit 1 if the committed resource differs from what would be written.
"""

import gzip
import json
import os
import sys

import botocore

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SOURCE = os.path.join(os.path.dirname(botocore.__file__), "data", "kinesis", "2013-12-02", "service-2.json.gz")
TARGET = os.path.join(
    REPO_ROOT, "freshet-protocol", "src", "main", "resources", "dev", "freshet", "protocol", "kinesis-2013-12-02.json"
)

SUPPORTED_TYPES = {"structure", "list", "map", "string", "integer", "long", "boolean", "blob", "timestamp"}
SHAPE_KEYS = ("min", "max", "pattern", "enum", "eventstream", "event")

# Member order of AWS's validation messages, from exact messages recorded against AWS.
AWS_MEMBER_ORDER = {
    "AddTagsToStreamInput": ["Tags", "StreamName"],
    "CreateStreamInput": ["ShardCount", "StreamName"],
    "DecreaseStreamRetentionPeriodInput": ["RetentionPeriodHours", "StreamName"],
    "DescribeStreamInput": ["Limit", "ExclusiveStartShardId", "StreamName"],
    "GetRecordsInput": ["Limit", "ShardIterator"],
    "GetShardIteratorInput": ["ShardId", "ShardIteratorType", "StartingSequenceNumber", "StreamName"],
    "IncreaseStreamRetentionPeriodInput": ["RetentionPeriodHours", "StreamName"],
    "ListShardsInput": ["MaxResults", "ExclusiveStartShardId", "StreamName", "NextToken"],
    "ListTagsForStreamInput": ["Limit", "ExclusiveStartTagKey", "StreamName"],
    "MergeShardsInput": ["ShardToMerge", "AdjacentShardToMerge", "StreamName"],
    "PutRecordInput": ["SequenceNumberForOrdering", "PartitionKey", "ExplicitHashKey", "Data", "StreamName"],
    "PutRecordsInput": ["Records", "StreamName"],
    "PutRecordsRequestEntry": ["PartitionKey", "ExplicitHashKey", "Data"],
    "RemoveTagsFromStreamInput": ["TagKeys", "StreamName"],
    "SplitShardInput": ["NewStartingHashKey", "StreamName", "ShardToSplit"],
    "UpdateShardCountInput": ["ScalingType", "StreamName", "TargetShardCount"],
}

# Enum order of AWS's "Member must satisfy enum value set" messages, where it differs from botocore.
AWS_ENUM_ORDER = {
    "ShardIteratorType": ["AFTER_SEQUENCE_NUMBER", "LATEST", "AT_TIMESTAMP", "AT_SEQUENCE_NUMBER", "TRIM_HORIZON"],
}

STREAM_IDENTIFIERS = ("StreamName", "StreamARN", "StreamId")


def member_order(shape_name, botocore_members):
    recorded = AWS_MEMBER_ORDER.get(shape_name, [])
    unknown = [m for m in recorded if m not in botocore_members]
    if unknown:
        raise SystemExit(f"{shape_name}: recorded member order names {unknown}, which botocore no longer has")
    rest = [m for m in botocore_members if m not in recorded]
    rest = [m for m in rest if m not in STREAM_IDENTIFIERS] + [m for m in rest if m in STREAM_IDENTIFIERS]
    return recorded + rest


def enum_values(shape_name, values):
    recorded = AWS_ENUM_ORDER.get(shape_name)
    if recorded is None:
        return list(values)
    if sorted(recorded) != sorted(values):
        raise SystemExit(f"{shape_name}: recorded enum order {recorded} does not match botocore's {values}")
    return list(recorded)


def trim_shape(name, shape):
    kind = shape["type"]
    if kind not in SUPPORTED_TYPES:
        raise SystemExit(f"{name}: shape type {kind!r} is not supported by the protocol layer")
    out = {"type": kind}
    for key in SHAPE_KEYS:
        if key in shape:
            out[key] = enum_values(name, shape[key]) if key == "enum" else shape[key]
    if kind == "structure":
        members = shape.get("members", {})
        out["members"] = [{"name": m, "shape": members[m]["shape"]} for m in member_order(name, list(members))]
        if shape.get("required"):
            out["required"] = sorted(shape["required"])
    elif kind == "list":
        out["member"] = shape["member"]["shape"]
    elif kind == "map":
        out["key"] = shape["key"]["shape"]
        out["value"] = shape["value"]["shape"]
    return out


def trim_operation(op):
    out = {}
    if "input" in op:
        out["input"] = op["input"]["shape"]
    if "output" in op:
        out["output"] = op["output"]["shape"]
    out["errors"] = sorted(e["shape"] for e in op.get("errors", []))
    return out


def trimmed_model():
    with gzip.open(SOURCE, "rt", encoding="utf-8") as f:
        model = json.load(f)
    metadata = model["metadata"]
    return {
        "botocoreVersion": botocore.__version__,
        "generatedBy": "tools/trim-kinesis-model.py from botocore/data/kinesis/2013-12-02/service-2.json.gz",
        "metadata": {
            "apiVersion": metadata["apiVersion"],
            "jsonVersion": metadata["jsonVersion"],
            "protocol": metadata["protocol"],
            "targetPrefix": metadata["targetPrefix"],
        },
        "operations": {name: trim_operation(op) for name, op in model["operations"].items()},
        "shapes": {name: trim_shape(name, shape) for name, shape in model["shapes"].items()},
    }


def render(model):
    return json.dumps(model, sort_keys=True, indent=1, ensure_ascii=False) + "\n"


def main(argv):
    text = render(trimmed_model())
    if "--check" in argv:
        with open(TARGET, encoding="utf-8") as f:
            if f.read() != text:
                print(f"{TARGET} is stale: re-run {argv[0]}", file=sys.stderr)
                return 1
        return 0
    os.makedirs(os.path.dirname(TARGET), exist_ok=True)
    with open(TARGET, "w", encoding="utf-8") as f:
        f.write(text)
    print(f"wrote {os.path.relpath(TARGET, REPO_ROOT)} from botocore {botocore.__version__}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
