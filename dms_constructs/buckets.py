"""The library's private S3 buckets: TLS only, versioned, public access blocked, objects owned by the
bucket owner, server access logged to a second bucket of the same kind — and the acknowledgments the
compliance packs need for what such a pair cannot do, each with its reason.

Used by the pre-migration assessment results (`lifecycle/assessments.py`) and the DMS Schema Conversion
bucket (`schema_conversion/bucket.py`).

Layer: shared machinery below the parts (imports no part, never the wave).
"""

from __future__ import annotations

from typing import Optional

from aws_cdk import Duration, RemovalPolicy
from aws_cdk import aws_kms as kms
from aws_cdk import aws_s3 as s3
from constructs import Construct

from .acknowledgments import acknowledge, skip_checkov

# The packs whose bucket rules the pair answers (the AwsSolutions pack has S1 for access logging only).
_PACKS = ("HIPAA.Security", "NIST.800.53.R5", "PCI.DSS.321")


def access_log_bucket(scope: Construct, id: str, *, removal_policy: RemovalPolicy, logged: str) -> s3.Bucket:
    """A bucket that receives another bucket's server access logs: SSE-S3 (Amazon S3 user guide, "Enabling
    Amazon S3 server access logging": S3 delivers server access logs only to a destination with SSE-S3 default
    encryption), TLS only, versioned, private, owner-enforced; logs kept 365 days, old versions 30.

    `logged` names the bucket whose logs it receives, for the acknowledgments' reasons (e.g. "the assessment
    results bucket"). Delivery is by bucket policy (`logging.s3.amazonaws.com`), never by ACL: set the
    `@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy` context on `scope` before the logged bucket is created.
    """
    bucket = s3.Bucket(
        scope,
        id,
        encryption=s3.BucketEncryption.S3_MANAGED,
        enforce_ssl=True,
        versioned=True,
        block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
        object_ownership=s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
        lifecycle_rules=[
            s3.LifecycleRule(
                expiration=Duration.days(365),
                noncurrent_version_expiration=Duration.days(30),
                abort_incomplete_multipart_upload_after=Duration.days(7),
            )
        ],
        removal_policy=removal_policy,
    )
    resource = bucket.node.default_child
    assert resource is not None
    not_logged = (
        f"This bucket receives {logged}'s server access logs; logging its own access would write into itself or need a "
        "third bucket with the same question."
    )
    sse_s3 = (
        "Amazon S3 delivers server access logs only to buckets with SSE-S3 default encryption (not SSE-KMS); the logs "
        f"hold request metadata, not {_contents(logged)}, and are still encrypted at rest."
    )
    acknowledge(resource, "AwsSolutions-S1", not_logged)
    skip_checkov(resource, "CKV_AWS_18", not_logged)
    for pack in _PACKS:
        acknowledge(resource, f"{pack}-S3BucketLoggingEnabled", not_logged)
        acknowledge(resource, f"{pack}-S3DefaultEncryptionKMS", sse_s3)
    skip_checkov(resource, "CKV_AWS_145", sse_s3)
    return bucket


def private_bucket(
    scope: Construct,
    id: str,
    *,
    removal_policy: RemovalPolicy,
    access_logs: s3.IBucket,
    access_logs_prefix: str,
    encryption_key: Optional[kms.IKey] = None,
    noncurrent_version_expiration: Duration = Duration.days(30),
) -> s3.Bucket:
    """A private bucket: SSE-KMS with `encryption_key` and a bucket key, or SSE-S3 when None (for a service that
    reads no other, e.g. DMS Schema Conversion); TLS only, versioned, public access blocked, objects owned by the
    bucket owner, server access logs to `access_logs` under `access_logs_prefix`, old versions expired after
    `noncurrent_version_expiration` (rule id `versions`) and unfinished uploads after 7 days."""
    encryption = (
        dict(encryption=s3.BucketEncryption.KMS, encryption_key=encryption_key, bucket_key_enabled=True)
        if encryption_key is not None
        else dict(encryption=s3.BucketEncryption.S3_MANAGED)
    )
    return s3.Bucket(
        scope,
        id,
        **encryption,
        enforce_ssl=True,
        versioned=True,
        block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
        object_ownership=s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
        server_access_logs_bucket=access_logs,
        server_access_logs_prefix=access_logs_prefix,
        lifecycle_rules=[
            s3.LifecycleRule(
                id="versions",
                noncurrent_version_expiration=noncurrent_version_expiration,
                abort_incomplete_multipart_upload_after=Duration.days(7),
            )
        ],
        removal_policy=removal_policy,
    )


def acknowledge_not_replicated(reason: str, *buckets: s3.IBucket) -> None:
    """Acknowledge the packs' cross-region replication rule on each of `buckets`, with `reason`."""
    for bucket in buckets:
        resource = bucket.node.default_child
        assert resource is not None
        for pack in _PACKS:
            acknowledge(resource, f"{pack}-S3BucketReplicationEnabled", reason)


def _contents(logged: str) -> str:
    """'the assessment results bucket' -> 'assessment results' (what the logged bucket holds)."""
    words = logged.removeprefix("the ").removesuffix(" bucket")
    return words
