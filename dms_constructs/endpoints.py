"""Typed DMS source and target endpoints: credentials from Secrets Manager, SSL per engine, network reach.

`DatabaseEndpoint` is a specification (not a construct); `MigrationWave.add_source` / `add_target`
bind it into a `BoundEndpoint` construct that holds the `AWS::DMS::Endpoint` and what it needs.
"""

from __future__ import annotations

import dataclasses
import enum
import ipaddress
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Mapping, Optional, Sequence, Union

from aws_cdk import Annotations, Stack, Token
from aws_cdk import aws_dms as dms
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_rds as rds
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_secretsmanager as secretsmanager
from constructs import Construct, IConstruct

from ._validation import check_range, fail, is_token
from .connectivity import check_networks
from .reachability import Route, is_ipv4_cidr, is_prefix_list_id
from .account import REDSHIFT_ROLE_NAME, dms_service_principal
from .acknowledgments import acknowledge
from .certificates import EXISTING, ORACLE_WALLET, ORAPKI_STEPS, PEM, EndpointCertificate
from .credentials import EndpointCredentials, SecretsAccess, dms_regional_principal, dms_source_conditions

if TYPE_CHECKING:
    from .wave import MigrationWave

# The DMS rule pack's SSL rule (Security Hub DMS.9). An explicit `ssl_mode=SslMode.NONE` is recorded
# against it with the user's reason.
SSL_RULE_ID = "DmsChecks-DMS.9"

SOURCE = "source"
TARGET = "target"


class SslMode(str, enum.Enum):
    """How DMS encrypts the connection to the database (the endpoint's `SslMode`)."""

    NONE = "none"
    """Unencrypted. Only with an explicit `insecure_reason`."""
    REQUIRE = "require"
    """Encrypted; the server certificate is not verified."""
    VERIFY_CA = "verify-ca"
    """Encrypted; the server certificate must chain to the endpoint's CA certificate."""
    VERIFY_FULL = "verify-full"
    """As verify-ca, and the server's host name must match its certificate."""

    @property
    def needs_certificate(self) -> bool:
        return self in (SslMode.VERIFY_CA, SslMode.VERIFY_FULL)


class Engine(str, enum.Enum):
    """The DMS engine names (`EngineName`) this library supports."""

    MYSQL = "mysql"
    MARIADB = "mariadb"
    AURORA_MYSQL = "aurora"  # DMS calls Aurora MySQL "aurora"
    POSTGRES = "postgres"
    AURORA_POSTGRESQL = "aurora-postgresql"
    ORACLE = "oracle"
    SQLSERVER = "sqlserver"
    S3 = "s3"
    REDSHIFT = "redshift"


@dataclass(frozen=True)
class _EngineSpec:
    engine: Engine
    label: str
    family: str
    factory: str
    default_port: Optional[int]
    # SSL modes DMS supports besides `none`, weakest first. Empty: DMS offers no SSL mode for the
    # engine (its connection is encrypted by the service).
    ssl_modes: tuple[SslMode, ...]
    database_name: str  # "required" | "target-only" | "unused"
    directions: tuple[str, ...] = (SOURCE, TARGET)
    # What a verifying SSL mode verifies against: a CA bundle in PEM form, or (Oracle) an Oracle wallet.
    certificate_format: str = PEM


# SSL modes per engine from the DMS User Guide, "Using SSL with AWS Database Migration Service", table
# "SSL modes supported for each database engine" (awsdocs/aws-dms-user-guide,
# doc_source/CHAP_Security.SSL.md), rechecked for this table; `none` is every engine's default and is
# allowed here only with an explicit `insecure_reason`:
#   MySQL/MariaDB/Aurora MySQL: require not supported; verify-ca and verify-full supported.
#   Microsoft SQL Server: require and verify-full; verify-ca not supported.
#   PostgreSQL (and Aurora PostgreSQL): require, verify-ca, verify-full.
#   Oracle: none and verify-ca only (require and verify-full not supported); section "SSL support for an
#     Oracle endpoint": "you must upload the Oracle wallet for the endpoint instead of .pem certificate
#     files" -- hence `certificate_format=ORACLE_WALLET`.
#   Amazon Redshift: "SSL not enabled" for every mode: the connection already uses SSL.
#   (SAP ASE: verify-full only; MongoDB: require, verify-full; Db2 LUW: verify-ca only -- engines this
#   library does not build endpoints for; the DmsChecks pack knows them.)
# S3: the CloudFormation reference says the only allowed SslMode is `none` (DMS uses HTTPS).
_VERIFYING = (SslMode.VERIFY_CA, SslMode.VERIFY_FULL)
_ENGINES: dict[Engine, _EngineSpec] = {
    spec.engine: spec
    for spec in (
        _EngineSpec(Engine.MYSQL, "MySQL", "mysql", "mysql", 3306, _VERIFYING, "target-only"),
        _EngineSpec(Engine.MARIADB, "MariaDB", "mysql", "mariadb", 3306, _VERIFYING, "target-only"),
        _EngineSpec(Engine.AURORA_MYSQL, "Aurora MySQL", "mysql", "aurora_mysql", 3306, _VERIFYING, "target-only"),
        _EngineSpec(
            Engine.POSTGRES, "PostgreSQL", "postgres", "postgresql", 5432,
            (SslMode.REQUIRE, SslMode.VERIFY_CA, SslMode.VERIFY_FULL), "required",
        ),
        _EngineSpec(
            Engine.AURORA_POSTGRESQL, "Aurora PostgreSQL", "postgres", "aurora_postgresql", 5432,
            (SslMode.REQUIRE, SslMode.VERIFY_CA, SslMode.VERIFY_FULL), "required",
        ),
        _EngineSpec(
            Engine.ORACLE, "Oracle", "oracle", "oracle", 1521, (SslMode.VERIFY_CA,), "required",
            certificate_format=ORACLE_WALLET,
        ),
        _EngineSpec(
            Engine.SQLSERVER, "SQL Server", "sqlserver", "sqlserver", 1433,
            (SslMode.REQUIRE, SslMode.VERIFY_FULL), "required",
        ),
        # Sources and targets per the DMS User Guide ("Sources for AWS DMS", "Targets for AWS DMS"): all
        # seven relational engines are both; Redshift is a target only. S3 can be a DMS source, but this
        # library supports it as a target only.
        _EngineSpec(Engine.S3, "S3", "s3", "s3", None, (), "unused", (TARGET,)),
        _EngineSpec(Engine.REDSHIFT, "Redshift", "redshift", "redshift", 5439, (), "required", (TARGET,)),
    )
}


# --- typed engine settings -------------------------------------------------------------------------


def _setting(direction: Optional[str] = None, choices: Optional[Sequence[str]] = None) -> Any:
    return field(default=None, metadata={"direction": direction, "choices": tuple(choices) if choices else None})


@dataclass(frozen=True)
class _EngineSettings:
    """Common behaviour of the typed settings: only what is set reaches the template."""

    def _check(self, prefix: str, direction: Optional[str] = None) -> None:
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if value is None:
                continue
            choices = f.metadata.get("choices")
            if choices and not is_token(value) and value not in choices:
                fail(f"{prefix}.{f.name}", value, "is not a value DMS accepts", f"use one of: {', '.join(choices)}")
            wanted = f.metadata.get("direction")
            if direction is not None and wanted is not None and wanted != direction:
                fail(
                    f"{prefix}.{f.name}",
                    value,
                    f"applies only to {wanted} endpoints (this one is a {direction})",
                    f"drop {f.name}, or add the endpoint with wave.add_{wanted}(...)",
                )

    def _properties(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(self) if getattr(self, f.name) is not None}


@dataclass(frozen=True)
class MySqlSettings(_EngineSettings):
    """Settings of MySQL, MariaDB and Aurora MySQL endpoints (`MySqlSettings`). Default: DMS defaults.

    :param server_timezone: the source or target time zone, e.g. `US/Pacific`.
    :param events_poll_interval: seconds between binary log polls (source).
    :param parallel_load_threads: threads loading the target (target).
    :param target_db_type: `specific-database` (into `database_name`) or `multiple-databases` (target).
        Default: `specific-database` when the endpoint has a database name.
    """

    server_timezone: Optional[str] = _setting()
    events_poll_interval: Optional[int] = _setting(SOURCE)
    parallel_load_threads: Optional[int] = _setting(TARGET)
    target_db_type: Optional[str] = _setting(TARGET, ("specific-database", "multiple-databases"))


@dataclass(frozen=True)
class PostgreSqlSettings(_EngineSettings):
    """Settings of PostgreSQL and Aurora PostgreSQL endpoints (`PostgreSqlSettings`). Default: DMS defaults.

    :param slot_name: an existing logical replication slot for CDC (source).
    :param plugin_name: `pglogical`, `test-decoding` or `no-preference` (source).
    :param heartbeat_enable: write heartbeats so idle sources keep the WAL moving (source).
    :param capture_ddls: capture DDL with event triggers (source).
    :param ddl_artifacts_schema: the schema of the DDL capture artifacts (source).
    """

    slot_name: Optional[str] = _setting(SOURCE)
    plugin_name: Optional[str] = _setting(SOURCE, ("pglogical", "test-decoding", "no-preference"))
    heartbeat_enable: Optional[bool] = _setting(SOURCE)
    capture_ddls: Optional[bool] = _setting(SOURCE)
    ddl_artifacts_schema: Optional[str] = _setting(SOURCE)


@dataclass(frozen=True)
class OracleSettings(_EngineSettings):
    """Settings of Oracle endpoints (`OracleSettings`). Default: DMS defaults (LogMiner).

    :param use_b_file: read archived logs with Binary Reader over BFILE (source).
    :param use_logminer_reader: `False` selects Binary Reader (source).
    :param add_supplemental_logging: let DMS add supplemental logging (source).
    :param read_table_space_name: support tablespace replication (source).
    :param archived_log_dest_id: the archived redo log destination id (source).
    """

    use_b_file: Optional[bool] = _setting(SOURCE)
    use_logminer_reader: Optional[bool] = _setting(SOURCE)
    add_supplemental_logging: Optional[bool] = _setting(SOURCE)
    read_table_space_name: Optional[bool] = _setting(SOURCE)
    archived_log_dest_id: Optional[int] = _setting(SOURCE)


@dataclass(frozen=True)
class SqlServerSettings(_EngineSettings):
    """Settings of SQL Server endpoints (`MicrosoftSqlServerSettings`). Default: DMS defaults.

    :param read_backup_only: read changes from transaction log backups only (source).
    :param safeguard_policy: `rely-on-sql-server-replication-agent`, `exclusive-automatic-truncation`
        or `shared-automatic-truncation` (source).
    :param use_bcp_full_load: load with BCP (target).
    :param query_single_always_on_node: query only one Always On node (source).
    """

    read_backup_only: Optional[bool] = _setting(SOURCE)
    safeguard_policy: Optional[str] = _setting(
        SOURCE, ("rely-on-sql-server-replication-agent", "exclusive-automatic-truncation", "shared-automatic-truncation")
    )
    use_bcp_full_load: Optional[bool] = _setting(TARGET)
    query_single_always_on_node: Optional[bool] = _setting(SOURCE)


EngineSettings = Union[MySqlSettings, PostgreSqlSettings, OracleSettings, SqlServerSettings]

_SETTINGS_CLASS: dict[str, type] = {"mysql": MySqlSettings, "postgres": PostgreSqlSettings, "oracle": OracleSettings, "sqlserver": SqlServerSettings}
# CfnEndpoint keyword and property class of each family's settings block.
_SETTINGS_PROPERTY: dict[str, tuple[str, type]] = {
    "mysql": ("my_sql_settings", dms.CfnEndpoint.MySqlSettingsProperty),
    "postgres": ("postgre_sql_settings", dms.CfnEndpoint.PostgreSqlSettingsProperty),
    "oracle": ("oracle_settings", dms.CfnEndpoint.OracleSettingsProperty),
    "sqlserver": ("microsoft_sql_server_settings", dms.CfnEndpoint.MicrosoftSqlServerSettingsProperty),
    "redshift": ("redshift_settings", dms.CfnEndpoint.RedshiftSettingsProperty),
}


# --- the bound endpoint ---------------------------------------------------------------------------


class BoundEndpoint(Construct):
    """An endpoint of a wave: the `AWS::DMS::Endpoint` (`resource`) and what it needs (secret,
    certificate, S3 access role). Created by `MigrationWave.add_source` / `add_target`; its construct id
    is the endpoint's name.
    """

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        name: str,
        identifier: str,
        direction: str,
        engine: Engine,
        host: Optional[str],
        port: Optional[Union[int, float]],
        database_name: Optional[str],
        ssl_mode: Optional[SslMode],
    ) -> None:
        super().__init__(scope, id)
        spec = _ENGINES[engine]
        self.name = name
        self.identifier = identifier
        self.direction = direction
        self.engine = engine
        self.engine_name: str = engine.value
        """The DMS `EngineName`, e.g. `aurora` for Aurora MySQL."""
        self.engine_family: str = spec.family
        """`mysql`, `postgres`, `oracle`, `sqlserver`, `s3` or `redshift`."""
        self.host = host
        self.port = port
        self.database_name = database_name
        self.ssl_mode = ssl_mode
        """The endpoint's SSL mode; None where DMS has none (S3, Redshift)."""
        self.secret: Optional[secretsmanager.ISecret] = None
        self.certificate_arn: Optional[str] = None
        self.service_access_role: Optional[iam.IRole] = None
        self.bucket: Optional[s3.IBucket] = None
        self.resource: dms.CfnEndpoint  # set by DatabaseEndpoint._bind
        self.endpoint_arn: str

    def _set_resource(self, resource: dms.CfnEndpoint) -> None:
        self.resource = resource
        self.endpoint_arn = resource.ref


# --- the endpoint specification -------------------------------------------------------------------


@dataclass(frozen=True)
class _Reach:
    """How the wave's security group reaches the database: an egress rule to a peer, or the connections
    of a CDK database (its security group opened to the wave's)."""

    peer: Optional[ec2.IPeer] = None
    connectable: Optional[ec2.IConnectable] = None
    # Where a CDK database lives when it is not in the wave's VPC (an imported one never says).
    network_cidr: Optional[str] = None
    # The CDK database's VPC, when it was created in CDK.
    vpc: Optional[ec2.IVpc] = None


class DatabaseEndpoint:
    """What a wave connects to. Build one with a factory (`DatabaseEndpoint.postgresql(...)`,
    `.from_database_cluster(...)`, `.s3(...)`, ...) and add it with `wave.add_source(name, endpoint)` or
    `wave.add_target(name, endpoint)`.

    Every relational endpoint reads its user name, password, host and port from Secrets Manager
    (`SecretsManagerSecretId` and `SecretsManagerAccessRoleArn` in the engine's settings block), so none
    of them is in the template; connection attributes are encrypted with the wave's key.
    """

    def __init__(
        self,
        *,
        engine: Engine,
        factory: str,
        host: Optional[str] = None,
        port: Optional[Union[int, float]] = None,
        database_name: Optional[str] = None,
        credentials: Optional[EndpointCredentials] = None,
        ssl_mode: Optional[SslMode] = None,
        certificate: Optional[EndpointCertificate] = None,
        insecure_reason: Optional[str] = None,
        reach: _Reach = _Reach(),
        settings: Optional[_EngineSettings] = None,
        extra_connection_attributes: Optional[str] = None,
        s3_options: Optional[Mapping[str, Any]] = None,
        bucket: Optional[s3.IBucket] = None,
        bucket_folder: Optional[str] = None,
        encryption_key: Optional[kms.IKey] = None,
    ) -> None:
        self.engine = engine
        self._spec = _ENGINES[engine]
        self._factory = factory
        self.host = host
        self.port = port
        self.database_name = database_name
        self.credentials = credentials
        self.ssl_mode = ssl_mode
        self.certificate = certificate
        self.insecure_reason = insecure_reason
        self._reach = reach
        self.settings = settings
        self.extra_connection_attributes = extra_connection_attributes
        self._s3_options = dict(s3_options or {})
        self.bucket = bucket
        self.bucket_folder = bucket_folder
        self.encryption_key = encryption_key

    # --- relational factories ----------------------------------------------------------------------

    @staticmethod
    def mysql(
        *,
        host: str,
        credentials: EndpointCredentials,
        peer: ec2.IPeer,
        port: int = 3306,
        database_name: Optional[str] = None,
        ssl_mode: Optional[SslMode] = None,
        certificate: Optional[EndpointCertificate] = None,
        insecure_reason: Optional[str] = None,
        server_timezone: Optional[str] = None,
        events_poll_interval: Optional[int] = None,
        parallel_load_threads: Optional[int] = None,
        target_db_type: Optional[str] = None,
        extra_connection_attributes: Optional[str] = None,
    ) -> "DatabaseEndpoint":
        """A MySQL database outside this CDK app.

        :param host: the database's host name or address.
        :param credentials: where DMS reads user name and password (`EndpointCredentials`).
        :param peer: the database's network, for the wave's egress rule on `port`, e.g.
            `ec2.Peer.ipv4('10.1.0.0/16')` or a prefix list; never any IPv4.
        :param port: Default: 3306.
        :param database_name: targets only: the database to migrate into (with `target_db_type`
            `specific-database`, the default then). Default: none (tables go to databases named after
            their source schemas).
        :param ssl_mode: `verify-ca` or `verify-full` (DMS does not support `require` for MySQL).
            Default: `verify-full`; a `certificate` is required.
        :param certificate: the CA bundle that signed the server certificate. Required unless
            `ssl_mode=SslMode.NONE`.
        :param insecure_reason: required with `ssl_mode=SslMode.NONE`; recorded as an acknowledgment of
            the DMS rule pack's SSL rule. Default: none.
        :param server_timezone: Default: DMS default. See `MySqlSettings` for this and the next three.
        :param events_poll_interval: (source) Default: DMS default (5 seconds).
        :param parallel_load_threads: (target) Default: DMS default.
        :param target_db_type: (target) Default: `specific-database` with a database name.
        :param extra_connection_attributes: other DMS extra connection attributes, `name=value;...`
            (never credentials). Default: none.
        """
        return DatabaseEndpoint._relational(
            Engine.MYSQL, host=host, credentials=credentials, peer=peer, port=port, database_name=database_name,
            ssl_mode=ssl_mode, certificate=certificate, insecure_reason=insecure_reason,
            settings=MySqlSettings(
                server_timezone=server_timezone, events_poll_interval=events_poll_interval,
                parallel_load_threads=parallel_load_threads, target_db_type=target_db_type,
            ),
            extra_connection_attributes=extra_connection_attributes,
        )

    @staticmethod
    def mariadb(
        *,
        host: str,
        credentials: EndpointCredentials,
        peer: ec2.IPeer,
        port: int = 3306,
        database_name: Optional[str] = None,
        ssl_mode: Optional[SslMode] = None,
        certificate: Optional[EndpointCertificate] = None,
        insecure_reason: Optional[str] = None,
        server_timezone: Optional[str] = None,
        events_poll_interval: Optional[int] = None,
        parallel_load_threads: Optional[int] = None,
        target_db_type: Optional[str] = None,
        extra_connection_attributes: Optional[str] = None,
    ) -> "DatabaseEndpoint":
        """A MariaDB database outside this CDK app. Parameters and defaults as for `mysql` (port 3306,
        SSL `verify-full` with a required `certificate`)."""
        return DatabaseEndpoint._relational(
            Engine.MARIADB, host=host, credentials=credentials, peer=peer, port=port, database_name=database_name,
            ssl_mode=ssl_mode, certificate=certificate, insecure_reason=insecure_reason,
            settings=MySqlSettings(
                server_timezone=server_timezone, events_poll_interval=events_poll_interval,
                parallel_load_threads=parallel_load_threads, target_db_type=target_db_type,
            ),
            extra_connection_attributes=extra_connection_attributes,
        )

    @staticmethod
    def aurora_mysql(
        *,
        host: str,
        credentials: EndpointCredentials,
        peer: ec2.IPeer,
        port: int = 3306,
        database_name: Optional[str] = None,
        ssl_mode: Optional[SslMode] = None,
        certificate: Optional[EndpointCertificate] = None,
        insecure_reason: Optional[str] = None,
        server_timezone: Optional[str] = None,
        events_poll_interval: Optional[int] = None,
        parallel_load_threads: Optional[int] = None,
        target_db_type: Optional[str] = None,
        extra_connection_attributes: Optional[str] = None,
    ) -> "DatabaseEndpoint":
        """An Aurora MySQL cluster outside this CDK app (DMS engine name `aurora`). Parameters and
        defaults as for `mysql` (port 3306, SSL `verify-full` with a required `certificate`: the RDS CA
        bundle). For a cluster defined in CDK use `from_database_cluster`."""
        return DatabaseEndpoint._relational(
            Engine.AURORA_MYSQL, host=host, credentials=credentials, peer=peer, port=port, database_name=database_name,
            ssl_mode=ssl_mode, certificate=certificate, insecure_reason=insecure_reason,
            settings=MySqlSettings(
                server_timezone=server_timezone, events_poll_interval=events_poll_interval,
                parallel_load_threads=parallel_load_threads, target_db_type=target_db_type,
            ),
            extra_connection_attributes=extra_connection_attributes,
        )

    @staticmethod
    def postgresql(
        *,
        host: str,
        database_name: str,
        credentials: EndpointCredentials,
        peer: ec2.IPeer,
        port: int = 5432,
        ssl_mode: Optional[SslMode] = None,
        certificate: Optional[EndpointCertificate] = None,
        insecure_reason: Optional[str] = None,
        slot_name: Optional[str] = None,
        plugin_name: Optional[str] = None,
        heartbeat_enable: Optional[bool] = None,
        capture_ddls: Optional[bool] = None,
        ddl_artifacts_schema: Optional[str] = None,
        extra_connection_attributes: Optional[str] = None,
    ) -> "DatabaseEndpoint":
        """A PostgreSQL database outside this CDK app.

        :param host: the database's host name or address.
        :param database_name: the database DMS connects to. Required.
        :param credentials: where DMS reads user name and password.
        :param peer: the database's network for the wave's egress rule on `port`; never any IPv4.
        :param port: Default: 5432.
        :param ssl_mode: `require`, `verify-ca` or `verify-full`. Default: `verify-full` when a
            `certificate` is given, else `require`.
        :param certificate: the CA bundle; required for `verify-ca` / `verify-full`. Default: none.
        :param insecure_reason: required with `ssl_mode=SslMode.NONE`. Default: none.
        :param slot_name: (source; this and the next four: see `PostgreSqlSettings`) Default: DMS creates a slot.
        :param plugin_name: (source) Default: DMS default.
        :param heartbeat_enable: (source) Default: DMS default (off).
        :param capture_ddls: (source) Default: DMS default (on).
        :param ddl_artifacts_schema: (source) Default: DMS default (`public`).
        :param extra_connection_attributes: other DMS extra connection attributes. Default: none.
        """
        return DatabaseEndpoint._relational(
            Engine.POSTGRES, host=host, credentials=credentials, peer=peer, port=port, database_name=database_name,
            ssl_mode=ssl_mode, certificate=certificate, insecure_reason=insecure_reason,
            settings=PostgreSqlSettings(
                slot_name=slot_name, plugin_name=plugin_name, heartbeat_enable=heartbeat_enable,
                capture_ddls=capture_ddls, ddl_artifacts_schema=ddl_artifacts_schema,
            ),
            extra_connection_attributes=extra_connection_attributes,
        )

    @staticmethod
    def aurora_postgresql(
        *,
        host: str,
        database_name: str,
        credentials: EndpointCredentials,
        peer: ec2.IPeer,
        port: int = 5432,
        ssl_mode: Optional[SslMode] = None,
        certificate: Optional[EndpointCertificate] = None,
        insecure_reason: Optional[str] = None,
        slot_name: Optional[str] = None,
        plugin_name: Optional[str] = None,
        heartbeat_enable: Optional[bool] = None,
        capture_ddls: Optional[bool] = None,
        ddl_artifacts_schema: Optional[str] = None,
        extra_connection_attributes: Optional[str] = None,
    ) -> "DatabaseEndpoint":
        """An Aurora PostgreSQL cluster outside this CDK app. Parameters and defaults as for
        `postgresql` (port 5432, SSL `require`, or `verify-full` with a certificate)."""
        return DatabaseEndpoint._relational(
            Engine.AURORA_POSTGRESQL, host=host, credentials=credentials, peer=peer, port=port,
            database_name=database_name, ssl_mode=ssl_mode, certificate=certificate, insecure_reason=insecure_reason,
            settings=PostgreSqlSettings(
                slot_name=slot_name, plugin_name=plugin_name, heartbeat_enable=heartbeat_enable,
                capture_ddls=capture_ddls, ddl_artifacts_schema=ddl_artifacts_schema,
            ),
            extra_connection_attributes=extra_connection_attributes,
        )

    @staticmethod
    def oracle(
        *,
        host: str,
        database_name: str,
        credentials: EndpointCredentials,
        peer: ec2.IPeer,
        port: int = 1521,
        ssl_mode: Optional[SslMode] = None,
        certificate: Optional[EndpointCertificate] = None,
        insecure_reason: Optional[str] = None,
        use_b_file: Optional[bool] = None,
        use_logminer_reader: Optional[bool] = None,
        add_supplemental_logging: Optional[bool] = None,
        read_table_space_name: Optional[bool] = None,
        archived_log_dest_id: Optional[int] = None,
        extra_connection_attributes: Optional[str] = None,
    ) -> "DatabaseEndpoint":
        """An Oracle database outside this CDK app.

        :param host: the database's host name or address.
        :param database_name: the SID or service name. Required.
        :param credentials: where DMS reads user name and password.
        :param peer: the database's network for the wave's egress rule on `port`; never any IPv4.
        :param port: Default: 1521.
        :param ssl_mode: DMS supports only `verify-ca` (and `none`) for Oracle. Default: `verify-ca`; a
            `certificate` is required.
        :param certificate: an Oracle wallet holding the CA that signed the server certificate
            (`EndpointCertificate.from_oracle_wallet_file('<dir>/cwallet.sso')`, made with orapki), or a
            wallet imported earlier (`EndpointCertificate.from_certificate_arn(...)`); DMS takes no PEM
            bundle for Oracle, so one is refused. Required unless `ssl_mode=SslMode.NONE`.
        :param insecure_reason: required with `ssl_mode=SslMode.NONE`. Default: none.
        :param use_b_file: (source; this and the next four: see `OracleSettings`) Default: DMS default.
        :param use_logminer_reader: (source) Default: DMS default (LogMiner).
        :param add_supplemental_logging: (source) Default: DMS default (off).
        :param read_table_space_name: (source) Default: DMS default (off).
        :param archived_log_dest_id: (source) Default: DMS default.
        :param extra_connection_attributes: other DMS extra connection attributes. Default: none.
        """
        return DatabaseEndpoint._relational(
            Engine.ORACLE, host=host, credentials=credentials, peer=peer, port=port, database_name=database_name,
            ssl_mode=ssl_mode, certificate=certificate, insecure_reason=insecure_reason,
            settings=OracleSettings(
                use_b_file=use_b_file, use_logminer_reader=use_logminer_reader,
                add_supplemental_logging=add_supplemental_logging, read_table_space_name=read_table_space_name,
                archived_log_dest_id=archived_log_dest_id,
            ),
            extra_connection_attributes=extra_connection_attributes,
        )

    @staticmethod
    def sqlserver(
        *,
        host: str,
        database_name: str,
        credentials: EndpointCredentials,
        peer: ec2.IPeer,
        port: int = 1433,
        ssl_mode: Optional[SslMode] = None,
        certificate: Optional[EndpointCertificate] = None,
        insecure_reason: Optional[str] = None,
        read_backup_only: Optional[bool] = None,
        safeguard_policy: Optional[str] = None,
        use_bcp_full_load: Optional[bool] = None,
        query_single_always_on_node: Optional[bool] = None,
        extra_connection_attributes: Optional[str] = None,
    ) -> "DatabaseEndpoint":
        """A SQL Server database outside this CDK app.

        :param host: the database's host name or address.
        :param database_name: the database DMS connects to. Required.
        :param credentials: where DMS reads user name and password.
        :param peer: the database's network for the wave's egress rule on `port`; never any IPv4.
        :param port: Default: 1433.
        :param ssl_mode: `require` or `verify-full` (DMS does not support `verify-ca` for SQL Server).
            Default: `verify-full` when a `certificate` is given, else `require`.
        :param certificate: the CA bundle; required for `verify-full`. Default: none.
        :param insecure_reason: required with `ssl_mode=SslMode.NONE`. Default: none.
        :param read_backup_only: (source; this and the next three: see `SqlServerSettings`) Default: DMS default.
        :param safeguard_policy: (source) Default: DMS default.
        :param use_bcp_full_load: (target) Default: DMS default.
        :param query_single_always_on_node: (source) Default: DMS default.
        :param extra_connection_attributes: other DMS extra connection attributes. Default: none.
        """
        return DatabaseEndpoint._relational(
            Engine.SQLSERVER, host=host, credentials=credentials, peer=peer, port=port, database_name=database_name,
            ssl_mode=ssl_mode, certificate=certificate, insecure_reason=insecure_reason,
            settings=SqlServerSettings(
                read_backup_only=read_backup_only, safeguard_policy=safeguard_policy,
                use_bcp_full_load=use_bcp_full_load, query_single_always_on_node=query_single_always_on_node,
            ),
            extra_connection_attributes=extra_connection_attributes,
        )

    # --- from CDK databases ------------------------------------------------------------------------

    @staticmethod
    def from_database_instance(
        instance: rds.IDatabaseInstance,
        *,
        credentials: Optional[EndpointCredentials] = None,
        database_name: Optional[str] = None,
        engine: Optional[Engine] = None,
        ssl_mode: Optional[SslMode] = None,
        certificate: Optional[EndpointCertificate] = None,
        insecure_reason: Optional[str] = None,
        settings: Optional[EngineSettings] = None,
        extra_connection_attributes: Optional[str] = None,
        network_cidr: Optional[str] = None,
    ) -> "DatabaseEndpoint":
        """An RDS DB instance defined (or imported) in CDK. Engine, host and port come from the
        instance; its security group is opened to the wave's security group on its port (and the wave
        gets the matching egress rule).

        :param credentials: Default: the instance's attached secret (`instance.secret`, created by
            `rds.Credentials.from_generated_secret`, which holds host and port); required when the
            instance has none. Do not pass an RDS-managed master user secret: it lacks host and port.
        :param database_name: required for PostgreSQL, Oracle (SID) and SQL Server; targets only for
            the MySQL family. Default: none.
        :param engine: Default: derived from `instance.engine`; required when that is unknown (an
            imported instance without engine).
        :param ssl_mode: Default: per engine, as for the matching factory.
        :param certificate: the CA bundle in PEM form (for RDS: the RDS CA bundle), or for Oracle an
            Oracle wallet holding it (`EndpointCertificate.from_oracle_wallet_file`). Required for the
            MySQL family and Oracle, and for `verify-*` modes. Default: none.
        :param insecure_reason: required with `ssl_mode=SslMode.NONE`. Default: none.
        :param settings: the engine's typed settings, e.g. `PostgreSqlSettings(slot_name=...)`.
            Default: DMS defaults.
        :param extra_connection_attributes: Default: none.
        :param network_cidr: the IPv4 network of the database's VPC (or subnets), when that VPC is not the
            wave's: it must be routed from the DMS subnets (peering, transit gateway, ...). Default: none —
            the database must then be in the wave's VPC (created in CDK with `vpc=wave.vpc`, or imported
            into a wave on `MigrationNetwork.from_existing_vpc` whose `vpc_cidr` holds it).
        """
        field = "DatabaseEndpoint.from_database_instance"
        resolved = _engine_of(field, engine, instance.engine.engine_type if instance.engine else None)
        secret = getattr(instance, "secret", None)
        return DatabaseEndpoint._from_cdk_database(
            field, resolved,
            host=instance.db_instance_endpoint_address,
            port=Token.as_number(instance.db_instance_endpoint_port),
            connectable=instance, secret=secret, credentials=credentials, database_name=database_name,
            ssl_mode=ssl_mode, certificate=certificate, insecure_reason=insecure_reason, settings=settings,
            extra_connection_attributes=extra_connection_attributes, network_cidr=network_cidr,
            vpc=getattr(instance, "vpc", None),
        )

    @staticmethod
    def from_database_cluster(
        cluster: rds.IDatabaseCluster,
        *,
        credentials: Optional[EndpointCredentials] = None,
        database_name: Optional[str] = None,
        engine: Optional[Engine] = None,
        ssl_mode: Optional[SslMode] = None,
        certificate: Optional[EndpointCertificate] = None,
        insecure_reason: Optional[str] = None,
        settings: Optional[EngineSettings] = None,
        extra_connection_attributes: Optional[str] = None,
        network_cidr: Optional[str] = None,
    ) -> "DatabaseEndpoint":
        """An Aurora DB cluster defined (or imported) in CDK: as `from_database_instance`, with the
        cluster (writer) endpoint. Default credentials: the cluster's attached secret (`cluster.secret`).
        Default `network_cidr`: none (the cluster is in the wave's VPC).
        """
        field = "DatabaseEndpoint.from_database_cluster"
        resolved = _engine_of(field, engine, cluster.engine.engine_type if cluster.engine else None)
        secret = getattr(cluster, "secret", None)
        return DatabaseEndpoint._from_cdk_database(
            field, resolved,
            host=cluster.cluster_endpoint.hostname,
            port=cluster.cluster_endpoint.port,
            connectable=cluster, secret=secret, credentials=credentials, database_name=database_name,
            ssl_mode=ssl_mode, certificate=certificate, insecure_reason=insecure_reason, settings=settings,
            extra_connection_attributes=extra_connection_attributes, network_cidr=network_cidr,
            vpc=getattr(cluster, "vpc", None),
        )

    # --- targets -----------------------------------------------------------------------------------

    @staticmethod
    def s3(
        bucket: s3.IBucket,
        *,
        folder: str = "",
        data_format: str = "parquet",
        encryption_key: Optional[kms.IKey] = None,
        cdc_path: Optional[str] = None,
        timestamp_column_name: Optional[str] = None,
        compression: str = "gzip",
        peer: Optional[ec2.IPeer] = None,
    ) -> "DatabaseEndpoint":
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
            region's S3 managed prefix list `com.amazonaws.<region>.s3`). Default: no rule added; the wave's security group must already
            reach S3 (through the VPC's S3 gateway endpoint).
        """
        field = "DatabaseEndpoint.s3"
        if data_format not in ("parquet", "csv"):
            fail(f"{field}.data_format", data_format, "is not a format this library writes", "use 'parquet' or 'csv'")
        if compression not in ("gzip", "none"):
            fail(f"{field}.compression", compression, "is not a DMS compression type", "use 'gzip' or 'none'")
        folder = (folder or "").strip("/")
        if peer is not None:
            _check_peer(f"{field}.peer", peer)
        options: dict[str, Any] = {
            "data_format": data_format,
            "compression_type": compression.upper(),
            "cdc_path": cdc_path,
            "timestamp_column_name": timestamp_column_name,
        }
        return DatabaseEndpoint(
            engine=Engine.S3, factory="s3", bucket=bucket, bucket_folder=folder or None, encryption_key=encryption_key,
            s3_options=options, reach=_Reach(peer=peer),
        )

    @staticmethod
    def redshift(
        *,
        host: str,
        database_name: str,
        credentials: EndpointCredentials,
        peer: ec2.IPeer,
        port: int = 5439,
        bucket: Optional[s3.IBucket] = None,
        bucket_folder: Optional[str] = None,
        extra_connection_attributes: Optional[str] = None,
    ) -> "DatabaseEndpoint":
        """An Amazon Redshift target. DMS stages data in S3 and loads it with COPY as the account's
        `dms-access-for-endpoint` role, which the wave's service roles must include
        (`DmsServiceRoles(include_redshift_role=True)` or `DmsServiceRoles.from_account(...,
        include_redshift_role=True)`); staged files are encrypted with SSE-KMS under the wave's key, and
        that role gets a customer managed policy for the key (and the bucket, when given). DMS sets no SSL
        mode for Redshift: the connection already uses SSL.

        :param host: the cluster's endpoint address.
        :param database_name: the Redshift database. Required.
        :param credentials: where DMS reads user name and password.
        :param peer: the cluster's network for the wave's egress rule on `port`; never any IPv4.
        :param port: Default: 5439.
        :param bucket: the staging bucket. Default: DMS's own `dms-*` bucket.
        :param bucket_folder: the staging prefix in `bucket`. Default: the bucket's root.
        :param extra_connection_attributes: Default: none.
        """
        field = "DatabaseEndpoint.redshift"
        _check_host(f"{field}.host", host)
        check_range(f"{field}.port", port, 1, 65535)
        _check_database_name(field, _ENGINES[Engine.REDSHIFT], database_name)
        _check_peer(f"{field}.peer", peer)
        _check_extra_connection_attributes(field, extra_connection_attributes)
        if bucket_folder is not None and bucket is None:
            fail(f"{field}.bucket_folder", bucket_folder, "needs a bucket", "pass bucket=..., or drop bucket_folder")
        return DatabaseEndpoint(
            engine=Engine.REDSHIFT, factory="redshift", host=host, port=port, database_name=database_name,
            credentials=_require_credentials(field, credentials), reach=_Reach(peer=peer), bucket=bucket,
            bucket_folder=(bucket_folder or "").strip("/") or None,
            extra_connection_attributes=extra_connection_attributes,
        )

    # --- shared construction -----------------------------------------------------------------------

    @staticmethod
    def _relational(
        engine: Engine,
        *,
        host: str,
        credentials: EndpointCredentials,
        peer: ec2.IPeer,
        port: int,
        database_name: Optional[str],
        ssl_mode: Optional[SslMode],
        certificate: Optional[EndpointCertificate],
        insecure_reason: Optional[str],
        settings: _EngineSettings,
        extra_connection_attributes: Optional[str],
    ) -> "DatabaseEndpoint":
        spec = _ENGINES[engine]
        field = f"DatabaseEndpoint.{spec.factory}"
        _check_host(f"{field}.host", host)
        check_range(f"{field}.port", port, 1, 65535)
        _check_peer(f"{field}.peer", peer)
        return DatabaseEndpoint._checked(
            field, spec, host=host, port=port, database_name=database_name,
            credentials=_require_credentials(field, credentials), ssl_mode=ssl_mode, certificate=certificate,
            insecure_reason=insecure_reason, reach=_Reach(peer=peer), settings=settings,
            extra_connection_attributes=extra_connection_attributes,
        )

    @staticmethod
    def _from_cdk_database(
        field: str,
        engine: Engine,
        *,
        host: str,
        port: Union[int, float],
        connectable: ec2.IConnectable,
        secret: Optional[secretsmanager.ISecret],
        credentials: Optional[EndpointCredentials],
        database_name: Optional[str],
        ssl_mode: Optional[SslMode],
        certificate: Optional[EndpointCertificate],
        insecure_reason: Optional[str],
        settings: Optional[EngineSettings],
        extra_connection_attributes: Optional[str],
        network_cidr: Optional[str],
        vpc: Optional[ec2.IVpc],
    ) -> "DatabaseEndpoint":
        spec = _ENGINES[engine]
        if network_cidr is not None:
            check_networks(f"{field}.network_cidr", [network_cidr], allow_prefix_lists=False)
        if credentials is None:
            if secret is None:
                fail(
                    f"{field}.credentials",
                    None,
                    "cannot default: the database has no attached secret (one created with "
                    "rds.Credentials.from_generated_secret holds host and port)",
                    "pass credentials=EndpointCredentials.from_secret(secret) or EndpointCredentials.generate(username=...)",
                )
            credentials = EndpointCredentials.from_secret(secret)
        settings_class = _SETTINGS_CLASS[spec.family]
        if settings is None:
            settings = settings_class()
        elif not isinstance(settings, settings_class):
            fail(
                f"{field}.settings",
                type(settings).__name__,
                f"does not match the database's engine ({spec.label})",
                f"pass {settings_class.__name__}(...)",
            )
        return DatabaseEndpoint._checked(
            field, spec, host=host, port=port, database_name=database_name, credentials=credentials,
            ssl_mode=ssl_mode, certificate=certificate, insecure_reason=insecure_reason,
            reach=_Reach(connectable=connectable, network_cidr=network_cidr, vpc=vpc), settings=settings,
            extra_connection_attributes=extra_connection_attributes,
        )

    @staticmethod
    def _checked(
        field: str,
        spec: _EngineSpec,
        *,
        host: str,
        port: Union[int, float],
        database_name: Optional[str],
        credentials: EndpointCredentials,
        ssl_mode: Optional[SslMode],
        certificate: Optional[EndpointCertificate],
        insecure_reason: Optional[str],
        reach: _Reach,
        settings: _EngineSettings,
        extra_connection_attributes: Optional[str],
    ) -> "DatabaseEndpoint":
        """Checks every relational endpoint shares, then the endpoint."""
        _check_database_name(field, spec, database_name)
        settings._check(f"{field}.settings" if reach.connectable is not None else field)
        _check_extra_connection_attributes(field, extra_connection_attributes)
        mode = _resolve_ssl_mode(field, spec, ssl_mode, certificate, insecure_reason)
        return DatabaseEndpoint(
            engine=spec.engine, factory=spec.factory, host=host, port=port, database_name=database_name,
            credentials=credentials, ssl_mode=mode, certificate=certificate, insecure_reason=insecure_reason,
            reach=reach, settings=settings, extra_connection_attributes=extra_connection_attributes,
        )

    # --- binding into a wave -----------------------------------------------------------------------

    def _bind(self, wave: "MigrationWave", scope: Construct, *, name: str, identifier: str, direction: str) -> BoundEndpoint:
        """Called by `MigrationWave.add_source` / `add_target`: creates the endpoint under `scope` with
        construct id `name`."""
        spec = self._spec
        where = f"MigrationWave({wave.name}).add_{direction}({name})"
        if direction not in spec.directions:
            only = spec.directions[0]
            fail(
                where,
                direction,
                f"{spec.label} endpoints can only be {only}s"
                + (" (this library supports S3 as a target only)" if spec.engine is Engine.S3 else ""),
                f"add it with wave.add_{only}(...)",
            )
        if self.settings is not None:
            self.settings._check(where, direction)
        if spec.database_name == "target-only" and self.database_name is not None and direction == SOURCE:
            fail(
                f"{where}.database_name",
                self.database_name,
                f"cannot be set on a {spec.label} source: DMS reads every database the user can see",
                "drop database_name and select schemas in the task's table mappings",
            )
        route = self._require_route(wave, where)
        redshift_role: Optional[iam.IRole] = None
        if spec.engine is Engine.REDSHIFT:
            redshift_role = wave.service_roles.redshift_access_role
            if redshift_role is None:
                fail(
                    where,
                    None,
                    f"Redshift targets need the {REDSHIFT_ROLE_NAME} role, which the wave's service roles do not include",
                    "create them with DmsServiceRoles(..., include_redshift_role=True) or import them with "
                    "DmsServiceRoles.from_account(..., include_redshift_role=True)",
                )

        bound = BoundEndpoint(
            scope,
            name,
            name=name,
            identifier=identifier,
            direction=direction,
            engine=spec.engine,
            host=self.host,
            port=self.port,
            database_name=self.database_name,
            ssl_mode=self.ssl_mode,
        )
        props: dict[str, Any] = dict(
            endpoint_type=direction,
            engine_name=spec.engine.value,
            endpoint_identifier=identifier,
            kms_key_id=wave.encryption_key.key_arn,
            extra_connection_attributes=self.extra_connection_attributes,
        )
        dependencies: list[IConstruct] = []
        if spec.engine is Engine.S3:
            props["s3_settings"] = self._bind_s3(wave, bound)
            dependencies.append(bound.node.find_child("ServiceAccessPolicy"))
        else:
            props.update(self._bind_database(wave, bound, spec, direction, redshift_role, dependencies))
            # The endpoint reads its secret from the replication's private subnets: point DMS at the
            # network's Secrets Manager VPC endpoint (see MigrationWave.secrets_manager_endpoint_override).
            # An override the caller gave is kept as it is.
            own = self.extra_connection_attributes or ""
            if "secretsmanagerendpointoverride" not in own.lower():
                props["extra_connection_attributes"] = _joined_attributes(own, wave.secrets_manager_endpoint_override)

        resource = dms.CfnEndpoint(bound, "Resource", **props)
        for dependable in dependencies:
            resource.node.add_dependency(dependable)
        bound._set_resource(resource)

        if self.ssl_mode is SslMode.NONE:
            acknowledge(resource, SSL_RULE_ID, str(self.insecure_reason))
        elif not spec.ssl_modes:
            acknowledge(resource, SSL_RULE_ID, _NO_SSL_MODE_REASON[spec.engine])
        self._open_network(wave, bound, route)
        return bound

    def _bind_database(
        self,
        wave: "MigrationWave",
        bound: BoundEndpoint,
        spec: _EngineSpec,
        direction: str,
        redshift_role: Optional[iam.IRole],
        dependencies: list[IConstruct],
    ) -> dict[str, Any]:
        """Secret, certificate and settings block of a relational or Redshift endpoint."""
        assert self.credentials is not None
        creds = self.credentials._bind(
            wave,
            bound,
            engine_name=spec.engine.value,
            host=self.host,
            port=self.port,
            database_name=self.database_name,
            description=f"Credentials of DMS endpoint {bound.identifier} ({spec.label})",
        )
        bound.secret = creds.secret
        access = SecretsAccess.of(wave)
        dependencies.append(access.policy)
        if creds.fields is not None:
            dependencies.append(creds.fields)  # a generated secret holds host and port before DMS reads it

        settings: dict[str, Any] = dict(
            secrets_manager_secret_id=creds.secret.secret_arn,
            secrets_manager_access_role_arn=access.role_arn,
        )
        if self.settings is not None:
            settings.update(self.settings._properties())
        if spec.family == "mysql" and direction == TARGET and self.database_name is not None:
            settings.setdefault("target_db_type", "specific-database")
        props: dict[str, Any] = {}
        if spec.engine is Engine.REDSHIFT:
            assert redshift_role is not None
            settings.update(self._bind_redshift(wave, bound, redshift_role))
        if spec.database_name != "unused" and self.database_name is not None:
            props["database_name"] = self.database_name
        if spec.ssl_modes:
            assert self.ssl_mode is not None
            props["ssl_mode"] = self.ssl_mode.value
            if self.ssl_mode.needs_certificate:
                assert self.certificate is not None
                bound.certificate_arn = self.certificate._bind(bound, identifier=bound.identifier)
                props["certificate_arn"] = bound.certificate_arn
        keyword, property_class = _SETTINGS_PROPERTY[spec.family]
        props[keyword] = property_class(**settings)
        return props

    def _bind_s3(self, wave: "MigrationWave", bound: BoundEndpoint) -> dms.CfnEndpoint.S3SettingsProperty:
        assert self.bucket is not None
        bucket = self.bucket
        key = self.encryption_key or wave.encryption_key
        # Confused-deputy conditions on both principals: only this account's DMS resources in this region.
        conditions = dms_source_conditions()
        role = iam.Role(
            bound,
            "ServiceAccessRole",
            assumed_by=iam.CompositePrincipal(
                dms_regional_principal().with_conditions(conditions), dms_service_principal().with_conditions(conditions)
            ),
            description=f"Lets AWS DMS write the S3 target of endpoint {bound.identifier}.",
        )
        objects = bucket.arn_for_objects(f"{self.bucket_folder}/*" if self.bucket_folder else "*")
        policy = iam.ManagedPolicy(
            bound,
            "ServiceAccessPolicy",
            description=f"S3 target access of DMS endpoint {bound.identifier}.",
            roles=[role],
            statements=[
                iam.PolicyStatement(
                    actions=["s3:PutObject", "s3:DeleteObject", "s3:PutObjectTagging"], resources=[objects]
                ),
                iam.PolicyStatement(actions=["s3:ListBucket"], resources=[bucket.bucket_arn]),
                iam.PolicyStatement(actions=["kms:GenerateDataKey", "kms:Decrypt"], resources=[key.key_arn]),
            ],
        )
        _acknowledge_object_wildcard(
            policy,
            objects,
            "DMS names the files it writes (<schema>/<table>/LOAD*, CDC files) itself; the grant is limited "
            "to the endpoint's prefix of the target bucket.",
        )
        bound.service_access_role = role
        bound.bucket = bucket
        options = {k: v for k, v in self._s3_options.items() if v is not None}
        return dms.CfnEndpoint.S3SettingsProperty(
            bucket_name=bucket.bucket_name,
            bucket_folder=self.bucket_folder,
            service_access_role_arn=role.role_arn,
            encryption_mode="SSE_KMS",
            server_side_encryption_kms_key_id=key.key_arn,
            expected_bucket_owner=bucket.env.account,
            **options,
        )

    def _bind_redshift(self, wave: "MigrationWave", bound: BoundEndpoint, role: iam.IRole) -> dict[str, Any]:
        """Redshift settings beyond the secret: the access role, SSE-KMS staging, the staging bucket."""
        local_role = _role_in_stack(bound, role, REDSHIFT_ROLE_NAME)
        statements = [
            iam.PolicyStatement(
                actions=["kms:GenerateDataKey", "kms:Decrypt"], resources=[wave.encryption_key.key_arn]
            )
        ]
        objects: Optional[str] = None
        if self.bucket is not None:
            objects = self.bucket.arn_for_objects(f"{self.bucket_folder}/*" if self.bucket_folder else "*")
            statements += [
                iam.PolicyStatement(
                    actions=["s3:PutObject", "s3:GetObject", "s3:DeleteObject", "s3:PutObjectTagging"],
                    resources=[objects],
                ),
                iam.PolicyStatement(actions=["s3:ListBucket", "s3:GetBucketLocation"], resources=[self.bucket.bucket_arn]),
            ]
        policy = iam.ManagedPolicy(
            bound,
            "RedshiftAccessPolicy",
            description=f"Staging access of DMS Redshift endpoint {bound.identifier}.",
            roles=[local_role],
            statements=statements,
        )
        if objects is not None:
            _acknowledge_object_wildcard(
                policy,
                objects,
                "DMS names the staging files it writes and Redshift loads with COPY; the grant is limited to "
                "the endpoint's staging prefix.",
            )
        bound.service_access_role = role
        bound.bucket = self.bucket
        settings: dict[str, Any] = dict(
            service_access_role_arn=local_role.role_arn,
            encryption_mode="SSE_KMS",
            server_side_encryption_kms_key_id=wave.encryption_key.key_arn,
        )
        if self.bucket is not None:
            settings["bucket_name"] = self.bucket.bucket_name
            if self.bucket_folder:
                settings["bucket_folder"] = self.bucket_folder
        return settings

    def _require_route(self, wave: "MigrationWave", where: str) -> Optional[Route]:
        """The route from the DMS subnets to the database (checked before anything is created), or a
        DmsConfigError with what to add. None for S3, which is reached through the S3 gateway endpoint."""
        reach = self._reach
        network = wave.network
        if reach.connectable is not None:
            if reach.network_cidr is not None:
                route = network.require_route(f"{where}.network_cidr", reach.network_cidr, self.port, "the database's network")
                if not route.security_group_references and network.vpc_cidr is None:
                    fail(f"{where}.network_cidr", reach.network_cidr, f"is reached over {route.via}, where security groups "
                         "cannot reference each other, so the database's security group must admit the DMS VPC's network, "
                         "which is unknown", "give the existing VPC's network: MigrationNetwork(vpc=..., vpc_cidr='...')")
                return route
            if reach.vpc is None or reach.vpc.vpc_id != wave.vpc.vpc_id:
                fail(
                    f"{where}.network_cidr",
                    None,
                    "is required: the database is not in the wave's VPC, or it is imported and does not say where it is, "
                    "so no route to it can be proven",
                    "pass network_cidr='<the database VPC's IPv4 network>' to DatabaseEndpoint.from_database_cluster/"
                    "from_database_instance (it must be routed from the DMS subnets), or create the database with vpc=wave.vpc",
                )
            return Route(network.vpc_cidr or "(the wave's VPC)", "local", security_group_references=True)
        if reach.peer is not None and self.engine is not Engine.S3:
            return network.require_route(f"{where}.peer", _peer_network(reach.peer), self.port, "the database's network")
        return None

    def _open_network(self, wave: "MigrationWave", bound: BoundEndpoint, route: Optional[Route]) -> None:
        """Security-group rules to the database over `route`."""
        description = f"DMS endpoint {bound.identifier} ({bound.engine_name})"
        reach = self._reach
        if reach.connectable is not None:
            assert route is not None
            self._open_cdk_database(wave, route, description)
        elif reach.peer is not None:
            if route is not None:
                self._warn_unresolvable_host(wave, bound, route)
            # S3's peer is its prefix list, reached through the VPC's S3 gateway endpoint.
            port = 443 if self.engine is Engine.S3 else self.port
            wave.security_group.add_egress_rule(reach.peer, ec2.Port.tcp(port), description)
        # S3 targets write, and Redshift targets stage, through the VPC's S3 gateway endpoint.
        if (self.engine is Engine.S3 and reach.peer is None) or self.engine is Engine.REDSHIFT:
            wave.allow_https_to_s3(self.bucket)

    def _open_cdk_database(self, wave: "MigrationWave", route: Route, description: str) -> None:
        """The database's security group admits the wave's on the database port where security groups
        may reference each other (one VPC, or a peering in one account and region); elsewhere (transit
        gateway, VPN, cross-account peering) it admits the DMS VPC's network. CDK adds the matching
        egress rule to the wave's security group, which does not allow all outbound."""
        connectable = self._reach.connectable
        assert connectable is not None
        network = wave.network
        if route.security_group_references:
            connectable.connections.allow_default_port_from(wave.security_group, description)
            if route.via == "peering":
                # A rule that references a security group across a peering needs the peering active.
                for group in connectable.connections.security_groups:
                    if Stack.of(group) is Stack.of(wave):
                        group.node.add_dependency(*network.peering_dependables)
            return
        assert self._reach.network_cidr is not None and network.vpc_cidr is not None
        connectable.connections.allow_default_port_from(ec2.Peer.ipv4(network.vpc_cidr), description)
        wave.security_group.add_egress_rule(ec2.Peer.ipv4(self._reach.network_cidr), connectable.connections.default_port, description)

    def _warn_unresolvable_host(self, wave: "MigrationWave", bound: BoundEndpoint, route: Route) -> None:
        """A host name behind a transit gateway or VPN usually lives in on-premises DNS, which the VPC
        resolver knows only through forwarding rules (DMS user guide, "Using your own on-premises name server")."""
        host = self.host
        if route.via not in ("transit-gateway", "vpn-gateway") or host is None or is_token(host) or _is_ip_address(host):
            return
        dns = wave.network.on_premises_dns
        if host.endswith((".amazonaws.com", ".amazonaws.com.cn")) or (dns is not None and dns.forwards(host)):
            return
        Annotations.of(bound).add_warning_v2(
            "dms-constructs:host-not-forwarded",
            f"{host} is reached over {route.describe()}, but no on-premises DNS forwarding covers it: unless it is in "
            "public DNS, DMS cannot resolve it. Add MigrationNetwork(on_premises_dns=OnPremisesDns(domains=[...], "
            "name_server_ips=[...])), or use the database's IP address.",
        )


_NO_SSL_MODE_REASON = {
    Engine.S3: "DMS has no SSL mode for S3 endpoints (CloudFormation allows only 'none'): DMS reaches S3 over HTTPS.",
    Engine.REDSHIFT: "DMS has no SSL mode for Redshift endpoints: the connection to Redshift already uses SSL and "
    "staging data goes to S3 over HTTPS.",
}


# --- helpers ---------------------------------------------------------------------------------------


def _engine_of(field: str, engine: Optional[Union[Engine, str]], engine_type: Optional[str]) -> Engine:
    """The DMS engine of a CDK database: the explicit `engine`, else derived from its RDS engine type."""
    if engine is not None:
        try:
            resolved = Engine(engine)
        except ValueError:
            resolved = None
        if resolved is None or resolved in (Engine.S3, Engine.REDSHIFT):
            choices = ", ".join(e.value for e in Engine if e not in (Engine.S3, Engine.REDSHIFT))
            fail(f"{field}.engine", engine, "is not a relational DMS engine", f"use one of: {choices}")
        return resolved
    derived = _rds_engine(engine_type) if engine_type and not is_token(engine_type) else None
    if derived is None:
        fail(
            f"{field}.engine",
            engine_type,
            "cannot be derived from the database",
            "pass engine=Engine.POSTGRES (or the engine of the database)",
        )
    return derived


def _rds_engine(engine_type: str) -> Optional[Engine]:
    """RDS engine types (`mysql`, `aurora-postgresql`, `oracle-ee`, `sqlserver-se`, ...) -> DMS engines."""
    exact = {
        "mysql": Engine.MYSQL,
        "mariadb": Engine.MARIADB,
        "aurora": Engine.AURORA_MYSQL,
        "aurora-mysql": Engine.AURORA_MYSQL,
        "postgres": Engine.POSTGRES,
        "aurora-postgresql": Engine.AURORA_POSTGRESQL,
    }
    if engine_type in exact:
        return exact[engine_type]
    for prefix, engine in (("oracle-", Engine.ORACLE), ("custom-oracle-", Engine.ORACLE),
                           ("sqlserver-", Engine.SQLSERVER), ("custom-sqlserver-", Engine.SQLSERVER)):
        if engine_type.startswith(prefix):
            return engine
    return None


def _certificate_hint(spec: _EngineSpec) -> str:
    """How to pass a certificate for the engine, for error messages."""
    if spec.certificate_format == ORACLE_WALLET:
        return (
            "pass certificate=EndpointCertificate.from_oracle_wallet_file('<dir>/cwallet.sso'), an Oracle wallet "
            f"holding the CA made with orapki ({ORAPKI_STEPS})"
        )
    return (
        "pass certificate=EndpointCertificate.from_pem_file('<CA bundle>.pem') (for RDS and Aurora: the RDS CA "
        "bundle)"
    )


def _check_certificate_format(field: str, spec: _EngineSpec, certificate: EndpointCertificate) -> None:
    """A PEM bundle for Oracle, or a wallet for any other engine, fails only when DMS connects: refuse both.
    A certificate referenced by ARN is taken as it is (its format is not known at synth)."""
    if certificate.kind == EXISTING or certificate.kind == spec.certificate_format:
        return
    if spec.certificate_format == ORACLE_WALLET:
        fail(
            f"{field}.certificate",
            certificate.source,
            "is a PEM certificate bundle, but DMS verifies Oracle endpoints only against an Oracle wallet "
            "(verify-ca with a PEM fails when the endpoint connects)",
            f"make a wallet that holds the CA with orapki ({ORAPKI_STEPS}) and pass "
            "certificate=EndpointCertificate.from_oracle_wallet_file('<dir>/cwallet.sso')",
        )
    fail(
        f"{field}.certificate",
        certificate.source,
        f"is an Oracle wallet, which DMS uses only for Oracle endpoints (this one is {spec.label})",
        "pass the CA bundle in PEM form: certificate=EndpointCertificate.from_pem_file('<CA bundle>.pem')",
    )


def _resolve_ssl_mode(
    field: str,
    spec: _EngineSpec,
    ssl_mode: Optional[Union[SslMode, str]],
    certificate: Optional[EndpointCertificate],
    insecure_reason: Optional[str],
) -> SslMode:
    """The endpoint's SSL mode: the given one, checked against what DMS supports for the engine, or the
    default: with a certificate, the strongest verifying mode; without, `require` where supported."""
    supported = ", ".join(m.value for m in spec.ssl_modes)
    if ssl_mode is not None:
        try:
            mode = SslMode(ssl_mode)
        except ValueError:
            fail(f"{field}.ssl_mode", ssl_mode, "is not an SSL mode", f"use one of: {supported}")
    else:
        verifying = [m for m in spec.ssl_modes if m.needs_certificate]
        if certificate is not None and verifying:
            mode = verifying[-1]
        elif SslMode.REQUIRE in spec.ssl_modes:
            mode = SslMode.REQUIRE
        else:
            fail(
                f"{field}.certificate",
                None,
                f"is required: DMS supports only certificate-verifying SSL modes ({supported}) for {spec.label} endpoints",
                f"{_certificate_hint(spec)}, or ssl_mode=SslMode.NONE with insecure_reason='why this connection may be "
                "unencrypted'",
            )
    if mode is SslMode.NONE:
        if insecure_reason is None or len(insecure_reason.strip()) < 10:
            fail(
                f"{field}.insecure_reason",
                insecure_reason,
                "is required with ssl_mode=SslMode.NONE: an unencrypted endpoint fails Security Hub control DMS.9",
                "give insecure_reason='why this connection may be unencrypted' (at least 10 characters), or keep SSL on",
            )
        if certificate is not None:
            fail(f"{field}.certificate", "given", "is unused with ssl_mode=SslMode.NONE", "drop the certificate, or choose a verifying SSL mode")
        return mode
    if insecure_reason is not None:
        fail(f"{field}.insecure_reason", insecure_reason, f"applies only to ssl_mode=SslMode.NONE (this one is '{mode.value}')", "drop insecure_reason")
    if mode not in spec.ssl_modes:
        fail(
            f"{field}.ssl_mode",
            mode.value,
            f"is not supported by DMS for {spec.label} endpoints",
            f"use one of: {supported}",
        )
    if mode.needs_certificate and certificate is None:
        alternative = "choose ssl_mode=SslMode.REQUIRE" if SslMode.REQUIRE in spec.ssl_modes else "ssl_mode=SslMode.NONE with an insecure_reason"
        fail(
            f"{field}.certificate",
            None,
            f"is required with ssl_mode '{mode.value}' (DMS verifies the server certificate against it)",
            f"{_certificate_hint(spec)}, or {alternative}",
        )
    if not mode.needs_certificate and certificate is not None:
        fail(
            f"{field}.certificate",
            "given",
            f"is unused with ssl_mode '{mode.value}', which does not verify the server",
            "choose a verifying SSL mode (verify-ca / verify-full), or drop the certificate",
        )
    if certificate is not None:
        _check_certificate_format(field, spec, certificate)
    return mode


def _check_host(field: str, host: str) -> None:
    if not isinstance(host, str) or (not is_token(host) and not host.strip()):
        fail(field, host, "is empty", "give the database's host name or address")


def _check_database_name(field: str, spec: _EngineSpec, database_name: Optional[str]) -> None:
    if spec.database_name != "required":
        return
    if database_name is None or (isinstance(database_name, str) and not is_token(database_name) and not database_name.strip()):
        what = "the SID or service name" if spec.engine is Engine.ORACLE else "the database DMS connects to"
        fail(f"{field}.database_name", database_name, f"is required for {spec.label} endpoints", f"give {what}")


def _peer_network(peer: ec2.IPeer) -> str:
    """The network a peer names: its CIDR (`Peer.ipv4`) or prefix list id (`Peer.prefix_list`)."""
    return getattr(peer, "unique_id", "")


def _is_ip_address(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def _check_peer(field: str, peer: ec2.IPeer) -> None:
    if peer is None:
        fail(field, None, "is required", "give the database's network, e.g. ec2.Peer.ipv4('10.1.0.0/16'), or a prefix list")
    unique_id = getattr(peer, "unique_id", None)
    if unique_id in ("0.0.0.0/0", "::/0"):
        fail(
            field,
            unique_id,
            "opens the wave's egress to the whole internet",
            "give the database's own network, e.g. ec2.Peer.ipv4('10.1.0.0/16'), or a prefix list",
        )
    if not (is_ipv4_cidr(unique_id) or is_prefix_list_id(unique_id)):
        fail(
            field,
            unique_id,
            "is neither an IPv4 network nor a prefix list, so no route to it can be checked",
            "give ec2.Peer.ipv4('<the database network>') or ec2.Peer.prefix_list('pl-...'); for an RDS or Aurora "
            "database use DatabaseEndpoint.from_database_instance/from_database_cluster",
        )


def _joined_attributes(*attributes: Optional[str]) -> Optional[str]:
    """Extra connection attributes joined with `;` (DMS's `name=value;name=value` form); None if none."""
    parts = [a.strip().strip(";") for a in attributes if a and a.strip().strip(";")]
    return ";".join(parts) if parts else None


def _check_extra_connection_attributes(field: str, attributes: Optional[str]) -> None:
    if attributes is None or is_token(attributes):
        return
    names = {part.split("=", 1)[0].strip().lower() for part in attributes.split(";") if part.strip()}
    secret_names = names & {"password", "username", "servername", "port", "asm_password", "asmpassword"}
    if secret_names:
        fail(
            f"{field}.extra_connection_attributes",
            f"<{', '.join(sorted(secret_names))}=...>",
            "sets connection values that come from the endpoint's secret",
            "keep user name, password, host and port in the secret (EndpointCredentials)",
        )


def _require_credentials(field: str, credentials: Optional[EndpointCredentials]) -> EndpointCredentials:
    if not isinstance(credentials, EndpointCredentials):
        fail(
            f"{field}.credentials",
            credentials,
            "is required",
            "pass EndpointCredentials.from_secret(secret) or EndpointCredentials.generate(username=...)",
        )
    return credentials


def _role_in_stack(scope: Construct, role: iam.IRole, role_name: str) -> iam.IRole:
    """`role` when it lives in `scope`'s stack, else the same role imported by its fixed name (no
    cross-stack export for a role whose name never changes)."""
    if Stack.of(role) is Stack.of(scope):
        return role
    existing = scope.node.try_find_child("ImportedRedshiftAccessRole")
    return existing or iam.Role.from_role_name(scope, "ImportedRedshiftAccessRole", role_name)  # type: ignore[return-value]


def _acknowledge_object_wildcard(policy: iam.ManagedPolicy, objects_arn: str, reason: str) -> None:
    """Acknowledge the AwsSolutions-IAM5 finding of one `<bucket>/<prefix>/*` resource on the policy's
    `AWS::IAM::ManagedPolicy`, in the flattened form cdk-nag reports it."""
    resolved = Stack.of(policy).resolve(objects_arn)
    acknowledge(policy.node.default_child, f"AwsSolutions-IAM5[Resource::{_flatten_reference(resolved)}]", reason)


def _flatten_reference(node: Any) -> str:
    """A resolved CloudFormation value as cdk-nag flattens it for finding ids (Ref -> `<Id>`, GetAtt ->
    `<Id.Attr>`, Join -> concatenation)."""
    if node is None:
        return ""
    if isinstance(node, str):
        return node.replace("${", "<").replace("}", ">")
    if isinstance(node, dict):
        if "Fn::Join" in node:
            delimiter, items = node["Fn::Join"]
            return delimiter.join(_flatten_reference(item) for item in items)
        if "Fn::Sub" in node:
            return _flatten_reference(node["Fn::Sub"])
        if "Fn::GetAtt" in node:
            resource, attribute = node["Fn::GetAtt"]
            return f"<{_flatten_reference(resource)}.{_flatten_reference(attribute)}>"
        if "Fn::ImportValue" in node:
            return _flatten_reference(node["Fn::ImportValue"])
        if "Ref" in node:
            return f"<{_flatten_reference(node['Ref'])}>"
    import json

    return json.dumps(node, separators=(",", ":"))
