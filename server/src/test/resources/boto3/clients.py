"""boto3 (Debian's python3-boto3) against Silo's S3 endpoint: Signature V2 by header and by
presigned URL, and non-ASCII x-amz-meta-* values, which boto3 sends as UTF-8 bytes. Prints one
JSON object of what it saw; the Java test asserts on it."""
import json
import os
import sys
import urllib.error
import urllib.request

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

endpoint = os.environ["SILO_S3"]
bucket = os.environ["SILO_BUCKET"]
mode = sys.argv[1]


def client(key, secret, version):
    return boto3.client(
        "s3", endpoint_url=endpoint, aws_access_key_id=key, aws_secret_access_key=secret, region_name="us-east-1",
        config=Config(signature_version=version, s3={"addressing_style": "path"}, retries={"max_attempts": 1}))


def error(call):
    try:
        call()
        return "none"
    except ClientError as e:
        return "%s %s" % (e.response["ResponseMetadata"]["HTTPStatusCode"], e.response["Error"]["Code"])


def with_header(c, operation, name, value):
    def hook(params, **kwargs):
        params["headers"][name] = value
    c.meta.events.register("before-call.s3." + operation, hook)


def fetch(url, method="GET", data=None, headers=None):
    try:
        with urllib.request.urlopen(urllib.request.Request(url, method=method, data=data, headers=headers or {})) as r:
            return "%d %s" % (r.status, r.read().decode())
    except urllib.error.HTTPError as e:
        return "%d %s" % (e.code, e.read().decode())


out = {}
key, secret = os.environ["SILO_KEY"], os.environ["SILO_SECRET"]
if mode == "v2-off":
    out["v2"] = error(lambda: client(key, secret, "s3").put_object(Bucket=bucket, Key="v2/off.txt", Body=b"x"))
    print(json.dumps(out))
    sys.exit(0)

v4 = client(key, secret, "s3v4")
with_header(v4, "PutObject", "x-amz-meta-city", "Z\u00fcrich \u20ac")
v4.put_object(Bucket=bucket, Key="utf8/v4.txt", Body=b"v4")
ceph = client(key, secret, "s3v4")
with_header(ceph, "PutObject", "x-amz-meta-meta1", "Hello World\u00e9")
ceph.put_object(Bucket=bucket, Key="utf8/latin.txt", Body=b"x")
out["latin_back"] = ceph.head_object(Bucket=bucket, Key="utf8/latin.txt")["Metadata"]["meta1"]

v2 = client(key, secret, "s3")
v2.put_object(Bucket=bucket, Key="v2/hello.txt", Body=b"hello v2", ContentType="text/plain", Metadata={"by": "v2"})
out["v2_get"] = v2.get_object(Bucket=bucket, Key="v2/hello.txt")["Body"].read().decode()
out["v2_meta"] = v2.head_object(Bucket=bucket, Key="v2/hello.txt")["Metadata"]
out["v2_list"] = [o["Key"] for o in v2.list_objects_v2(Bucket=bucket, Prefix="v2/")["Contents"]]
out["v2_range"] = v2.get_object(Bucket=bucket, Key="v2/hello.txt", Range="bytes=6-7")["Body"].read().decode()
v2utf8 = client(key, secret, "s3")
with_header(v2utf8, "PutObject", "x-amz-meta-city", "K\u00f8benhavn \u20ac")
v2utf8.put_object(Bucket=bucket, Key="utf8/v2.txt", Body=b"v2")

url = v2.generate_presigned_url("get_object", Params={"Bucket": bucket, "Key": "v2/hello.txt"}, ExpiresIn=300)
out["presigned_is_v2"] = "AWSAccessKeyId=" in url and "Signature=" in url
out["presigned_get"] = fetch(url)
put_url = v2.generate_presigned_url(
    "put_object", Params={"Bucket": bucket, "Key": "v2/put.txt", "ContentType": "text/plain"}, ExpiresIn=300)
out["presigned_put"] = fetch(put_url, "PUT", b"put by url", {"Content-Type": "text/plain"})
out["presigned_put_back"] = v2.get_object(Bucket=bucket, Key="v2/put.txt")["Body"].read().decode()
out["presigned_tampered"] = fetch(url.replace("hello.txt", "put.txt")).split(" ")[0]
expired = v2.generate_presigned_url("get_object", Params={"Bucket": bucket, "Key": "v2/hello.txt"}, ExpiresIn=-10)
out["presigned_expired"] = fetch(expired)[:3]

out["v2_bad_secret"] = error(lambda: client(key, "wrong" + secret, "s3").get_object(Bucket=bucket, Key="v2/hello.txt"))
scoped = client(os.environ["SILO_SCOPED_KEY"], os.environ["SILO_SCOPED_SECRET"], "s3")
out["v2_scoped_own"] = error(lambda: scoped.head_object(Bucket=bucket, Key="v2/hello.txt"))
out["v2_scoped_other"] = error(lambda: scoped.list_objects(Bucket=os.environ["SILO_OTHER_BUCKET"]))
print(json.dumps(out))
