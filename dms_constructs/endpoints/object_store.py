"""Amazon S3 targets: DMS writes Parquet or CSV files under a prefix, encrypted with SSE-KMS, through
the endpoint's own service access role.

Layer: endpoints/family (imports base and the shared machinery, never another family).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Mapping, Optional

from aws_cdk import aws_dms as dms
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_s3 as s3
from constructs import IConstruct

from ..errors import fail
from ..facts import TARGET, Engine
from ._access import acknowledge_wildcard, service_access_role
from ._checks import check_peer
from .base import AwsServiceKind, BoundEndpoint, Reach

if TYPE_CHECKING:
    from .._context import WaveContext


class S3TargetKind(AwsServiceKind):
    """An S3 target."""

    no_ssl_mode_reason = "DMS has no SSL mode for S3 endpoints (CloudFormation allows only 'none'): DMS reaches S3 over HTTPS."

    def __init__(
        self,
        *,
        bucket: s3.IBucket,
        bucket_folder: Optional[str],
        encryption_key: Optional[kms.IKey],
        options: Mapping[str, Any],
        peer: Optional[ec2.IPeer],
    ) -> None:
        super().__init__(engine=Engine.S3, reach=Reach(peer=peer))
        self.bucket = bucket
        self.bucket_folder = bucket_folder
        self.encryption_key = encryption_key
        self.options = dict(options)

    direction_note = " (this library supports S3 as a target only)"

    @property
    def directions(self) -> tuple[str, ...]:
        return (TARGET,)

    def properties(
        self, wave: "WaveContext", bound: BoundEndpoint, direction: str, dependencies: list[IConstruct]
    ) -> dict[str, Any]:
        bucket = self.bucket
        key = self.encryption_key or wave.encryption_key
        objects = bucket.arn_for_objects(f"{self.bucket_folder}/*" if self.bucket_folder else "*")
        role, policy = service_access_role(
            bound,
            purpose="write the S3 target",
            policy_description=f"S3 target access of DMS endpoint {bound.identifier}.",
            statements=[
                iam.PolicyStatement(
                    actions=["s3:PutObject", "s3:DeleteObject", "s3:PutObjectTagging"], resources=[objects]
                ),
                iam.PolicyStatement(actions=["s3:ListBucket"], resources=[bucket.bucket_arn]),
                iam.PolicyStatement(actions=["kms:GenerateDataKey", "kms:Decrypt"], resources=[key.key_arn]),
            ],
        )
        acknowledge_wildcard(
            policy,
            objects,
            "DMS names the files it writes (<schema>/<table>/LOAD*, CDC files) itself; the grant is limited "
            "to the endpoint's prefix of the target bucket.",
        )
        dependencies.append(policy)
        bound.bucket = bucket
        options = {k: v for k, v in self.options.items() if v is not None}
        return {
            "s3_settings": dms.CfnEndpoint.S3SettingsProperty(
                bucket_name=bucket.bucket_name,
                bucket_folder=self.bucket_folder,
                service_access_role_arn=role.role_arn,
                encryption_mode="SSE_KMS",
                server_side_encryption_kms_key_id=key.key_arn,
                expected_bucket_owner=bucket.env.account,
                **options,
            )
        }

    def after_network(self, wave: "WaveContext") -> None:
        # S3 targets write through the VPC's S3 gateway endpoint (unless a peer was given for it).
        if self.reach.peer is None:
            wave.allow_https_to_s3(self.bucket)


def s3_target(
    bucket: s3.IBucket,
    *,
    folder: str = "",
    data_format: str = "parquet",
    encryption_key: Optional[kms.IKey] = None,
    cdc_path: Optional[str] = None,
    timestamp_column_name: Optional[str] = None,
    compression: str = "gzip",
    peer: Optional[ec2.IPeer] = None,
) -> S3TargetKind:
    """An S3 target (DMS writes files; this library does not support S3 as a source).

    The endpoint gets its own service access role (trusting `dms.<region>.amazonaws.com` and
    `dms.amazonaws.com`) with a customer managed policy: `s3:PutObject`, `s3:DeleteObject` and
    `s3:PutObjectTagging` on `<bucket>/<folder>/*`, `s3:ListBucket` on the bucket, and
    `kms:GenerateDataKey` / `kms:Decrypt` on the key. Objects are encrypted with SSE-KMS and the
    bucket must belong to the bucket's account (`ExpectedBucketOwner`).

    :param bucket: the target bucket.
    :param folder: the prefix DMS writes under. Default: the bucket's root.
    :param data_format: `parquet` or `csv`. Default: `parquet`.
    :param encryption_key: the SSE-KMS key. Default: the wave's key.
    :param cdc_path: folder for CDC files when transactions are preserved. Default: none.
    :param timestamp_column_name: adds a column with each row's commit time. Default: none.
    :param compression: `gzip` or `none`. Default: `gzip`.
    :param peer: HTTPS egress for reaching S3, e.g. `ec2.Peer.prefix_list('pl-...')` (the
        region's S3 managed prefix list `com.amazonaws.<region>.s3`). Default: no rule added; the wave's
        security group must already reach S3 (through the VPC's S3 gateway endpoint).
    """
    field = "DatabaseEndpoint.s3"
    if data_format not in ("parquet", "csv"):
        fail(f"{field}.data_format", data_format, "is not a format this library writes", "use 'parquet' or 'csv'")
    if compression not in ("gzip", "none"):
        fail(f"{field}.compression", compression, "is not a DMS compression type", "use 'gzip' or 'none'")
    folder = (folder or "").strip("/")
    if peer is not None:
        check_peer(f"{field}.peer", peer)
    options: dict[str, Any] = {
        "data_format": data_format,
        "compression_type": compression.upper(),
        "cdc_path": cdc_path,
        "timestamp_column_name": timestamp_column_name,
    }
    return S3TargetKind(bucket=bucket, bucket_folder=folder or None, encryption_key=encryption_key, options=options, peer=peer)
