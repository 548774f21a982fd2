"""Streaming targets: Amazon Kinesis Data Streams, Apache Kafka and Amazon MSK.

DMS writes each change as a JSON record to the stream through the endpoint's own service access role
(DMS user guide, "Using Amazon Kinesis Data Streams as a target for AWS Database Migration Service").

Layer: endpoints/family (imports base and the shared machinery, never another family).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Optional, Sequence

from aws_cdk import aws_dms as dms
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kinesis as kinesis
from aws_cdk import aws_secretsmanager as secretsmanager
from constructs import IConstruct

from ..errors import fail
from .._validation import check_range
from ..certificates import EndpointCertificate
from ..facts import TARGET, Engine, SslMode
from ._access import service_access_role
from ._checks import check_peer
from ._settings import EngineSettingsBase, setting
from .base import BoundEndpoint, EndpointKind, Reach

if TYPE_CHECKING:
    from .._context import WaveContext


# The parameters every stream's settings share, for the docstrings of StreamSettings and its two subclasses.
_STREAM_PARAMS = """
    :param message_format: `json` or `json-unformatted` (one line per record, for Firehose and Athena). Default:
        DMS default (`json`).
    :param include_control_details: table and column definitions and their changes. Default: DMS default (off).
    :param include_null_and_empty: NULL and empty columns. Default: DMS default (off).
    :param include_partition_value: the partition value (unless the partition type is `schema-table-type`).
        Default: DMS default (off).
    :param include_table_alter_operations: DDL that changes tables (rename-table, drop-table, add-column, ...).
        Default: DMS default (off).
    :param include_transaction_details: commit timestamp, log position and transaction ids. Default: DMS default
        (off).
    :param partition_include_schema_table: prefix partition values with schema and table names. Default: DMS
        default (off).
    :param no_hex_prefix: write binary (RAW) values without the `0x` prefix. Default: DMS default (off).
"""


@dataclass(frozen=True)
class StreamSettings(EngineSettingsBase):
    __doc__ = (
        """What DMS writes into each record of a stream: the settings Kinesis and Kafka share
    (CloudFormation reference, `AWS::DMS::Endpoint KinesisSettings` / `KafkaSettings`).
"""
        + _STREAM_PARAMS
    )

    message_format: Optional[str] = setting(TARGET, ("json", "json-unformatted"))
    include_control_details: Optional[bool] = setting(TARGET)
    include_null_and_empty: Optional[bool] = setting(TARGET)
    include_partition_value: Optional[bool] = setting(TARGET)
    include_table_alter_operations: Optional[bool] = setting(TARGET)
    include_transaction_details: Optional[bool] = setting(TARGET)
    partition_include_schema_table: Optional[bool] = setting(TARGET)
    no_hex_prefix: Optional[bool] = setting(TARGET)


@dataclass(frozen=True)
class KinesisSettings(StreamSettings):
    __doc__ = """Settings of Kinesis Data Streams endpoints (`KinesisSettings`): the `StreamSettings`.
""" + _STREAM_PARAMS


@dataclass(frozen=True)
class KafkaSettings(StreamSettings):
    __doc__ = (
        """Settings of Kafka endpoints (`KafkaSettings`): the `StreamSettings`, and `message_max_bytes`.
"""
        + _STREAM_PARAMS
        + """    :param message_max_bytes: the largest message DMS writes. Default: DMS default (1,000,000 bytes).
"""
    )

    message_max_bytes: Optional[int] = setting(TARGET)


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


# KafkaSettings.SecurityProtocol values (DMS user guide, "Using Apache Kafka as a target for AWS Database
# Migration Service", "Connecting to Kafka using Transport Layer Security (TLS)"): `ssl-encryption` (TLS),
# `ssl-authentication` (TLS with a client certificate), `sasl-ssl` (TLS with SASL/SCRAM user and password),
# `plaintext` (no TLS).
KAFKA_SECURITY_PROTOCOLS = ("ssl-encryption", "sasl-ssl", "plaintext")
_BROKER = re.compile(r"^[A-Za-z0-9.-]+:(\d{1,5})$")


class KafkaKind(EndpointKind):
    """A Kafka (or Amazon MSK) topic target."""

    no_ssl_mode_reason = (
        "DMS sets no SslMode for Kafka endpoints: TLS is KafkaSettings.SecurityProtocol (ssl-encryption or "
        "sasl-ssl here; DMS user guide, Apache Kafka as a target)."
    )

    def __init__(
        self,
        *,
        brokers: tuple[str, ...],
        port: int,
        topic: Optional[str],
        security_protocol: str,
        sasl_secret: Optional[secretsmanager.ISecret],
        ca_certificate: Optional[EndpointCertificate],
        insecure_reason: Optional[str],
        peer: ec2.IPeer,
        settings: KafkaSettings,
    ) -> None:
        super().__init__(
            engine=Engine.KAFKA, host=brokers[0].rsplit(":", 1)[0], port=port, reach=Reach(peer=peer),
            insecure_reason=insecure_reason,
            # `none` stands for plaintext here, so that bind_endpoint records the insecure reason against DMS.9.
            ssl_mode=SslMode.NONE if security_protocol == "plaintext" else None,
        )
        self.brokers = brokers
        self.topic = topic
        self.security_protocol = security_protocol
        self.sasl_secret = sasl_secret
        self.ca_certificate = ca_certificate
        self.settings = settings

    def check_bind(self, wave: "WaveContext", where: str, direction: str) -> None:
        self.settings._check(where, direction)

    def properties(
        self, wave: "WaveContext", bound: BoundEndpoint, direction: str, dependencies: list[IConstruct]
    ) -> dict[str, Any]:
        settings: dict[str, Any] = dict(
            broker=",".join(self.brokers), topic=self.topic, security_protocol=self.security_protocol,
            **self.settings._properties(),
        )
        if self.sasl_secret is not None:
            # KafkaSettings takes no secret id: the user and password are CloudFormation dynamic references
            # to the secret, resolved at deploy time and never written into the template.
            settings["sasl_user_name"] = self.sasl_secret.secret_value_from_json("username").unsafe_unwrap()
            settings["sasl_password"] = self.sasl_secret.secret_value_from_json("password").unsafe_unwrap()
            bound.secret = self.sasl_secret
        if self.ca_certificate is not None:
            bound.certificate_arn = self.ca_certificate._bind(bound, identifier=bound.identifier)
            settings["ssl_ca_certificate_arn"] = bound.certificate_arn
        return {"kafka_settings": dms.CfnEndpoint.KafkaSettingsProperty(**settings)}


def kafka_target(
    *,
    brokers: Sequence[str],
    peer: ec2.IPeer,
    topic: Optional[str] = None,
    security_protocol: str = "ssl-encryption",
    sasl_secret: Optional[secretsmanager.ISecret] = None,
    ca_certificate: Optional[EndpointCertificate] = None,
    insecure_reason: Optional[str] = None,
    message_format: str = "json",
    include_control_details: Optional[bool] = None,
    include_null_and_empty: Optional[bool] = None,
    include_partition_value: Optional[bool] = None,
    include_table_alter_operations: Optional[bool] = None,
    include_transaction_details: Optional[bool] = None,
    partition_include_schema_table: Optional[bool] = None,
    message_max_bytes: Optional[int] = None,
) -> KafkaKind:
    """An Apache Kafka or Amazon MSK target (DMS writes one JSON message per row and change to `topic`, or
    to the topics of the task's object-mapping rules). For MSK, pass the cluster's bootstrap brokers: TLS
    on port 9094, SASL/SCRAM on 9096.

    :param brokers: `host:port` of each broker, all on one port. Required.
    :param peer: the brokers' network, for the wave's egress rule on the broker port (it must be routed
        from the DMS subnets); never any IPv4. Required.
    :param topic: Default: DMS default (`kafka-default-topic`) unless object mapping names topics.
    :param security_protocol: `ssl-encryption` (TLS), `sasl-ssl` (TLS with SASL/SCRAM; needs `sasl_secret`)
        or `plaintext` (needs `insecure_reason`). Default: `ssl-encryption`.
    :param sasl_secret: a secret with `username` and `password` for `sasl-ssl` (for MSK: an
        `AmazonMSK_`-named secret associated with the cluster); read by CloudFormation dynamic references.
        Default: none.
    :param ca_certificate: the CA that signed the brokers' certificates, when not a public CA. Default: none.
    :param insecure_reason: required with `plaintext`; recorded against the DMS rule pack's SSL rule.
        Default: none.
    :param message_format: `json` or `json-unformatted`. Default: `json`. The next six as for `kinesis`
        (`StreamSettings`), each Default: DMS default (off).
    :param message_max_bytes: Default: DMS default (1,000,000).
    """
    field = "DatabaseEndpoint.kafka"
    brokers = tuple(brokers or ())
    if not brokers:
        fail(f"{field}.brokers", list(brokers), "is empty", "give the brokers as ['host:port', ...]")
    ports = set()
    for broker in brokers:
        match = _BROKER.match(broker) if isinstance(broker, str) else None
        if match is None:
            fail(f"{field}.brokers", broker, "is not host:port", "give each broker as 'b-1.cluster.kafka.eu-west-1.amazonaws.com:9094'")
        ports.add(int(match.group(1)))
    if len(ports) != 1:
        fail(f"{field}.brokers", sorted(ports), "use different ports", "list brokers of one listener (one port)")
    (port,) = ports
    check_range(f"{field}.brokers port", port, 1, 65535)
    check_peer(f"{field}.peer", peer)
    if security_protocol not in KAFKA_SECURITY_PROTOCOLS:
        fail(f"{field}.security_protocol", security_protocol, "is not a protocol this library configures",
             f"use one of: {', '.join(KAFKA_SECURITY_PROTOCOLS)}")
    if (security_protocol == "sasl-ssl") != (sasl_secret is not None):
        fail(f"{field}.sasl_secret", "given" if sasl_secret is not None else None,
             "goes with security_protocol 'sasl-ssl' and only with it",
             "pass security_protocol='sasl-ssl' with sasl_secret=<secret holding username and password>, or neither")
    if security_protocol == "plaintext":
        if insecure_reason is None or len(insecure_reason.strip()) < 10:
            fail(f"{field}.insecure_reason", insecure_reason,
                 "is required with security_protocol 'plaintext': an unencrypted endpoint fails Security Hub control DMS.9",
                 "give insecure_reason='why this connection may be unencrypted' (at least 10 characters), or use TLS")
        if ca_certificate is not None:
            fail(f"{field}.ca_certificate", "given", "is unused with security_protocol 'plaintext'", "drop it, or use TLS")
    elif insecure_reason is not None:
        fail(f"{field}.insecure_reason", insecure_reason, f"applies only to 'plaintext' (this one is '{security_protocol}')",
             "drop insecure_reason")
    if message_max_bytes is not None:
        check_range(f"{field}.message_max_bytes", message_max_bytes, 1, 2**31 - 1)
    settings = KafkaSettings(
        message_format=message_format,
        include_control_details=include_control_details,
        include_null_and_empty=include_null_and_empty,
        include_partition_value=include_partition_value,
        include_table_alter_operations=include_table_alter_operations,
        include_transaction_details=include_transaction_details,
        partition_include_schema_table=partition_include_schema_table,
        message_max_bytes=message_max_bytes,
    )
    settings._check(field)
    return KafkaKind(
        brokers=brokers, port=port, topic=topic, security_protocol=security_protocol, sasl_secret=sasl_secret,
        ca_certificate=ca_certificate, insecure_reason=insecure_reason, peer=peer, settings=settings,
    )
