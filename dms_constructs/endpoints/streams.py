"""Streaming targets: Amazon Kinesis Data Streams.

DMS writes each change as a JSON record to the stream through the endpoint's own service access role
(DMS user guide, "Using Amazon Kinesis Data Streams as a target for AWS Database Migration Service").

Layer: endpoints/family (imports base and the shared machinery, never another family).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Optional

from aws_cdk import aws_dms as dms
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kinesis as kinesis
from constructs import IConstruct

from ..errors import fail
from ..facts import TARGET, Engine
from ._access import service_access_role
from ._settings import EngineSettingsBase, setting
from .base import BoundEndpoint, EndpointKind

if TYPE_CHECKING:
    from .._context import WaveContext


@dataclass(frozen=True)
class KinesisSettings(EngineSettingsBase):
    """What DMS writes into each Kinesis record (`KinesisSettings`; the CloudFormation reference,
    `AWS::DMS::Endpoint KinesisSettings`). Default: DMS defaults (all off, `json`).

    :param message_format: `json` or `json-unformatted` (one line per record, for Firehose and Athena).
    :param include_control_details: table and column definitions and their changes.
    :param include_null_and_empty: NULL and empty columns.
    :param include_partition_value: the partition value (unless the partition type is `schema-table-type`).
    :param include_table_alter_operations: DDL that changes tables (rename-table, drop-table, add-column, ...).
    :param include_transaction_details: commit timestamp, log position and transaction ids.
    :param partition_include_schema_table: prefix partition values with schema and table names.
    :param no_hex_prefix: write binary (RAW) values without the `0x` prefix.
    """

    message_format: Optional[str] = setting(TARGET, ("json", "json-unformatted"))
    include_control_details: Optional[bool] = setting(TARGET)
    include_null_and_empty: Optional[bool] = setting(TARGET)
    include_partition_value: Optional[bool] = setting(TARGET)
    include_table_alter_operations: Optional[bool] = setting(TARGET)
    include_transaction_details: Optional[bool] = setting(TARGET)
    partition_include_schema_table: Optional[bool] = setting(TARGET)
    no_hex_prefix: Optional[bool] = setting(TARGET)


class KinesisKind(EndpointKind):
    """A Kinesis data stream target."""

    # The DMS guide's Kinesis page: "The SSL Mode option ... doesn't apply to ... Kinesis, and DynamoDB. They
    # are secure by default ... All API calls to Kinesis use SSL".
    no_ssl_mode_reason = (
        "DMS has no SSL mode for Kinesis endpoints: every call to the Kinesis API uses HTTPS (DMS user guide, "
        "Kinesis Data Streams as a target)."
    )

    def __init__(self, *, stream: kinesis.IStream, settings: KinesisSettings) -> None:
        super().__init__(engine=Engine.KINESIS)
        self.stream = stream
        self.settings = settings

    def check_bind(self, wave: "WaveContext", where: str, direction: str) -> None:
        self.settings._check(where, direction)

    def properties(
        self, wave: "WaveContext", bound: BoundEndpoint, direction: str, dependencies: list[IConstruct]
    ) -> dict[str, Any]:
        # The minimum permissions of the DMS guide ("Prerequisites for using a Kinesis data stream as a
        # target"): DescribeStream, PutRecord, PutRecords on the stream; a stream encrypted with a customer
        # managed key also needs kms:GenerateDataKey on it (Kinesis Data Streams developer guide,
        # "Permissions to use user-generated KMS keys").
        statements = [
            iam.PolicyStatement(
                actions=["kinesis:DescribeStream", "kinesis:PutRecord", "kinesis:PutRecords"],
                resources=[self.stream.stream_arn],
            )
        ]
        if self.stream.encryption_key is not None:
            statements.append(
                iam.PolicyStatement(actions=["kms:GenerateDataKey"], resources=[self.stream.encryption_key.key_arn])
            )
        role, policy = service_access_role(
            bound,
            purpose="write to the Kinesis data stream",
            policy_description=f"Kinesis target access of DMS endpoint {bound.identifier}.",
            statements=statements,
        )
        dependencies.append(policy)
        return {
            "kinesis_settings": dms.CfnEndpoint.KinesisSettingsProperty(
                stream_arn=self.stream.stream_arn,
                service_access_role_arn=role.role_arn,
                **self.settings._properties(),
            )
        }

    def after_network(self, wave: "WaveContext") -> None:
        # DMS calls the Kinesis API from the replication subnets: through the network's Kinesis Data Streams
        # interface endpoint (the wave's security group already allows HTTPS inside the VPC).
        wave.network.add_interface_endpoint(ec2.InterfaceVpcEndpointAwsService.KINESIS_STREAMS)


def kinesis_target(
    stream: kinesis.IStream,
    *,
    message_format: str = "json",
    include_control_details: Optional[bool] = None,
    include_null_and_empty: Optional[bool] = None,
    include_partition_value: Optional[bool] = None,
    include_table_alter_operations: Optional[bool] = None,
    include_transaction_details: Optional[bool] = None,
    partition_include_schema_table: Optional[bool] = None,
) -> KinesisKind:
    """A Kinesis Data Streams target (DMS writes one JSON record per row and change; map tables to the
    stream with object-mapping rules and a partition key).

    The endpoint gets its own service access role (trusting `dms.<region>.amazonaws.com` and
    `dms.amazonaws.com`, this account only) with a customer managed policy: `kinesis:DescribeStream`,
    `kinesis:PutRecord` and `kinesis:PutRecords` on the stream, and `kms:GenerateDataKey` on the stream's
    key when it has one. A network this library created gets a Kinesis Data Streams interface endpoint;
    an existing VPC must already reach Kinesis. DMS has no SSL mode for Kinesis (the API is HTTPS).

    :param stream: the target stream (`kinesis.Stream`, or `kinesis.Stream.from_stream_arn(...)`).
    :param message_format: `json` or `json-unformatted`. Default: `json`.
    :param include_control_details: Default: DMS default (off). See `KinesisSettings` for this and the next five.
    :param include_null_and_empty: Default: DMS default (off).
    :param include_partition_value: Default: DMS default (off).
    :param include_table_alter_operations: Default: DMS default (off).
    :param include_transaction_details: Default: DMS default (off).
    :param partition_include_schema_table: Default: DMS default (off).
    """
    field = "DatabaseEndpoint.kinesis"
    if stream is None:
        fail(f"{field}.stream", None, "is required", "pass the target stream, e.g. kinesis.Stream(...)")
    settings = KinesisSettings(
        message_format=message_format,
        include_control_details=include_control_details,
        include_null_and_empty=include_null_and_empty,
        include_partition_value=include_partition_value,
        include_table_alter_operations=include_table_alter_operations,
        include_transaction_details=include_transaction_details,
        partition_include_schema_table=partition_include_schema_table,
    )
    settings._check(field)
    return KinesisKind(stream=stream, settings=settings)
