"""Amazon S3 targets (DMS writes Parquet or CSV files under a prefix, encrypted with SSE-KMS) and sources
(DMS reads CSV files described by an external table definition), each through the endpoint's own
service access role.

Layer: endpoints/family (imports base and the shared machinery, never another family).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, Mapping, Optional

from aws_cdk import aws_dms as dms
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_s3 as s3
from constructs import IConstruct

from ..errors import fail
from ..facts import SOURCE, TARGET, Engine
from ._access import acknowledge_wildcard, service_access_role
from ._checks import check_peer
from .base import AwsServiceKind, BoundEndpoint, Reach

if TYPE_CHECKING:
    from .._context import WaveContext


class _S3Kind(AwsServiceKind):
    """What S3 sources and targets share: bucket, prefix, key, options, one direction, reach through the S3
    gateway endpoint (unless a peer is given), and the `S3Settings` block."""

    no_ssl_mode_reason = "DMS has no SSL mode for S3 endpoints (CloudFormation allows only 'none'): DMS reaches S3 over HTTPS."
    direction: str

    def __init__(
        self,
        *,
        bucket: s3.IBucket,
        bucket_folder: Optional[str],
        key: Optional[kms.IKey],
        options: Mapping[str, Any],
        peer: Optional[ec2.IPeer],
    ) -> None:
        super().__init__(engine=Engine.S3, reach=Reach(peer=peer))
        self.bucket = bucket
        self.bucket_folder = bucket_folder
        self.key = key
        self.options = dict(options)

    @property
    def directions(self) -> tuple[str, ...]:
        return (self.direction,)

    def s3_settings(self, bound: BoundEndpoint, role: iam.IRole, **encryption: Any) -> dict[str, Any]:
        bound.bucket = self.bucket
        options = {k: v for k, v in self.options.items() if v is not None}
        return {
            "s3_settings": dms.CfnEndpoint.S3SettingsProperty(
                bucket_name=self.bucket.bucket_name,
                bucket_folder=self.bucket_folder,
                service_access_role_arn=role.role_arn,
                expected_bucket_owner=self.bucket.env.account,
                **encryption,
                **options,
            )
        }

    def after_network(self, wave: "WaveContext") -> None:
        # S3 endpoints reach S3 through the VPC's S3 gateway endpoint (unless a peer was given for it).
        if self.reach.peer is None:
            wave.allow_https_to_s3(self.bucket)


class S3TargetKind(_S3Kind):
    """An S3 target."""

    direction = TARGET
    direction_note = " when built with DatabaseEndpoint.s3 (for an S3 source use DatabaseEndpoint.s3_source)"

    def properties(
        self, wave: "WaveContext", bound: BoundEndpoint, direction: str, dependencies: list[IConstruct]
    ) -> dict[str, Any]:
        bucket = self.bucket
        key = self.key or wave.encryption_key
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
        return self.s3_settings(bound, role, encryption_mode="SSE_KMS", server_side_encryption_kms_key_id=key.key_arn)


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
    """An S3 target (DMS writes files; for S3 as a source see `s3_source`).

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
    return S3TargetKind(bucket=bucket, bucket_folder=folder or None, key=encryption_key, options=options, peer=peer)


# The largest external table definition DMS takes: DMS user guide, "Using Amazon S3 as a source for AWS DMS",
# "Defining external tables": "The maximum size of this document is 2 MB".
_MAX_TABLE_DEFINITION = 2 * 1024 * 1024


class S3SourceKind(_S3Kind):
    """An S3 source: CSV files under `<folder>/<schema>/<table>/`, described by an external table definition."""

    direction = SOURCE
    direction_note = " when built with DatabaseEndpoint.s3_source (for an S3 target use DatabaseEndpoint.s3)"

    def properties(
        self, wave: "WaveContext", bound: BoundEndpoint, direction: str, dependencies: list[IConstruct]
    ) -> dict[str, Any]:
        bucket = self.bucket
        prefixes = [self.bucket_folder] if self.bucket_folder else []
        cdc_path = self.options.get("cdc_path")
        if prefixes and cdc_path and not str(cdc_path).startswith(f"{self.bucket_folder}/"):
            prefixes.append(str(cdc_path).strip("/"))
        objects = [bucket.arn_for_objects(f"{p}/*") for p in prefixes] or [bucket.arn_for_objects("*")]
        # The permissions of the DMS guide ("Prerequisites when using S3 as a source"): s3:GetObject on the
        # objects and s3:ListBucket on the bucket; kms:Decrypt on the key of SSE-KMS encrypted objects.
        statements = [
            iam.PolicyStatement(actions=["s3:GetObject"], resources=objects),
            iam.PolicyStatement(actions=["s3:ListBucket"], resources=[bucket.bucket_arn]),
        ]
        if self.key is not None:
            statements.append(iam.PolicyStatement(actions=["kms:Decrypt"], resources=[self.key.key_arn]))
        role, policy = service_access_role(
            bound,
            purpose="read the S3 source",
            policy_description=f"S3 source access of DMS endpoint {bound.identifier}.",
            statements=statements,
        )
        for arn in objects:
            acknowledge_wildcard(
                policy, arn, "DMS reads every data and CDC file under the source prefix (<schema>/<table>/LOAD*.csv, CDC*.csv)."
            )
        dependencies.append(policy)
        return self.s3_settings(bound, role)


def s3_source(
    bucket: s3.IBucket,
    *,
    external_table_definition: Mapping[str, Any],
    folder: str = "",
    cdc_path: Optional[str] = None,
    csv_delimiter: Optional[str] = None,
    csv_row_delimiter: Optional[str] = None,
    ignore_header_rows: Optional[int] = None,
    decryption_key: Optional[kms.IKey] = None,
    peer: Optional[ec2.IPeer] = None,
) -> S3SourceKind:
    """An S3 source: DMS reads CSV files named `<folder>/<schema>/<table>/LOAD001.csv, ...` (and, for CDC,
    `CDC00001.csv, ...` under `cdc_path`), described by an external table definition (DMS user guide,
    "Using Amazon S3 as a source for AWS DMS"). The bucket must be in the replication's region.

    The endpoint gets its own service access role (trusting `dms.<region>.amazonaws.com` and
    `dms.amazonaws.com`, this account only) with a customer managed policy: `s3:GetObject` on the objects
    under `folder` (and `cdc_path`), `s3:ListBucket` on the bucket, and `kms:Decrypt` on `decryption_key`.

    :param bucket: the source bucket.
    :param external_table_definition: the tables as DMS's JSON document (`TableCount`, `Tables` with
        `TableName`, `TablePath`, `TableOwner`, `TableColumns`, `TableColumnsTotal`); checked for the
        counts DMS requires. Required.
    :param folder: the prefix the data files are under. Default: the bucket's root.
    :param cdc_path: where CDC files are; required for CDC tasks. Default: none (full load only).
    :param csv_delimiter: Default: DMS default (`,`).
    :param csv_row_delimiter: Default: DMS default (`\\n`).
    :param ignore_header_rows: 1 to skip a header row in each file. Default: DMS default (0).
    :param decryption_key: the key of SSE-KMS encrypted objects. Default: none (SSE-S3 or unencrypted).
    :param peer: HTTPS egress for reaching S3, e.g. the S3 prefix list. Default: through the VPC's S3
        gateway endpoint, as for S3 targets.
    """
    field = "DatabaseEndpoint.s3_source"
    _check_table_definition(f"{field}.external_table_definition", external_table_definition)
    if ignore_header_rows is not None and ignore_header_rows not in (0, 1):
        fail(f"{field}.ignore_header_rows", ignore_header_rows, "is not a value DMS accepts", "use 0 or 1")
    if peer is not None:
        check_peer(f"{field}.peer", peer)
    folder = (folder or "").strip("/")
    options: dict[str, Any] = {
        "external_table_definition": json.dumps(external_table_definition, separators=(",", ":"), sort_keys=False),
        "cdc_path": cdc_path.strip("/") if cdc_path else None,
        "csv_delimiter": csv_delimiter,
        "csv_row_delimiter": csv_row_delimiter,
        "ignore_header_rows": ignore_header_rows,
    }
    return S3SourceKind(bucket=bucket, bucket_folder=folder or None, key=decryption_key, options=options, peer=peer)


def _check_table_definition(field: str, definition: Any) -> None:
    """The counts DMS checks in an external table definition ("Defining external tables": `TableCount` is the
    number of tables; `TableColumnsTotal` "must match the number of elements in the TableColumns array")."""
    if not isinstance(definition, Mapping) or not isinstance(definition.get("Tables"), list) or not definition["Tables"]:
        fail(field, type(definition).__name__ if not isinstance(definition, Mapping) else "<no Tables>",
             "is not an external table definition", "pass {'TableCount': '1', 'Tables': [{'TableName': ..., 'TablePath': ..., "
             "'TableOwner': ..., 'TableColumns': [...], 'TableColumnsTotal': '...'}]}")
    tables = definition["Tables"]
    if str(definition.get("TableCount")) != str(len(tables)):
        fail(f"{field}.TableCount", definition.get("TableCount"), f"does not match the {len(tables)} table(s) in Tables",
             f"set TableCount to '{len(tables)}'")
    for table in tables:
        name = table.get("TableName") if isinstance(table, Mapping) else None
        columns = table.get("TableColumns") if isinstance(table, Mapping) else None
        if not name or not isinstance(columns, list) or not columns:
            fail(f"{field}.Tables", name, "needs a TableName and at least one TableColumns entry", "describe every table's columns")
        if str(table.get("TableColumnsTotal")) != str(len(columns)):
            fail(f"{field}.Tables[{name}].TableColumnsTotal", table.get("TableColumnsTotal"),
                 f"does not match the {len(columns)} column(s) in TableColumns", f"set TableColumnsTotal to '{len(columns)}'")
    if len(json.dumps(definition)) > _MAX_TABLE_DEFINITION:
        fail(field, "<larger than 2 MB>", "is larger than DMS accepts (2 MB)", "split the tables over several S3 source endpoints")
