"""A presigned POST (a browser form upload's fields and policy) made by boto3's
generate_presigned_post, printed as JSON: {"url": ..., "fields": {...}}.

The one argument is JSON: bucket, key, and optionally fields, conditions, expires (seconds,
negative for a policy that has already expired) and signature ("s3" for Signature V2). The endpoint and credential come from SILO_S3,
SILO_KEY and SILO_SECRET."""
import json
import os
import sys

import boto3
from botocore.config import Config

spec = json.loads(sys.argv[1])
s3 = boto3.client(
    "s3",
    endpoint_url=os.environ["SILO_S3"],
    aws_access_key_id=os.environ["SILO_KEY"],
    aws_secret_access_key=os.environ["SILO_SECRET"],
    region_name="us-east-1",
    config=Config(signature_version=spec.get("signature", "s3v4"), s3={"addressing_style": "path"}),
)
post = s3.generate_presigned_post(
    Bucket=spec["bucket"],
    Key=spec["key"],
    Fields=spec.get("fields"),
    Conditions=spec.get("conditions"),
    ExpiresIn=spec.get("expires", 300),
)
print(json.dumps(post))
