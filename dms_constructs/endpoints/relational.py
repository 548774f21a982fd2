"""The relational engines: MySQL family (MySQL, MariaDB, Aurora MySQL), PostgreSQL family (PostgreSQL,
Aurora PostgreSQL), Oracle and SQL Server — one kind, engine facts from `facts.DMS_ENGINES`, typed
settings per family, and endpoints from CDK databases (`rds.IDatabaseInstance` / `IDatabaseCluster`).

Azure SQL, Azure Database for MySQL/PostgreSQL and Google Cloud SQL are these engines to DMS (DMS user
guide, "Sources for AWS DMS": "Microsoft Azure SQL Database", "Google Cloud for MySQL", "Google Cloud for
PostgreSQL"): describe them with the matching factory (`sqlserver`, `mysql`, `postgresql`) and a `peer`
routed from the DMS subnets (VPN or Direct Connect through a transit gateway or virtual private gateway).

Layer: endpoints/family (imports base and the shared machinery, never another family).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional, Union

from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_secretsmanager as secretsmanager

from .._validation import check_range, is_token
from ..errors import fail
from ..certificates import EndpointCertificate
from ..connectivity import check_networks
from ..credentials import EndpointCredentials, OracleAsmCredentials
from ..facts import SOURCE, TARGET, Engine, SslMode
from ._oracle_asm import asm_settings, check_asm_credentials
from ._relational import ORACLE_SSL_PORT, RelationalKind, checked_relational, rds_ssl_port, relational
from ._settings import EngineSettingsBase, setting
from .base import Reach, spec_of

__all__ = [
    "EngineSettings", "MySqlSettings", "OracleSettings", "PostgreSqlSettings", "RelationalKind", "SqlServerSettings",
    "babelfish", "engine_of", "from_cdk_database", "mysql_family", "oracle", "postgresql_family", "relational", "sqlserver",
]


@dataclass(frozen=True)
class MySqlSettings(EngineSettingsBase):
    """Settings of MySQL, MariaDB and Aurora MySQL endpoints (`MySqlSettings`). Default: DMS defaults.

    :param server_timezone: the source or target time zone, e.g. `US/Pacific`. Default: DMS default (the
        server's).
    :param events_poll_interval: seconds between binary log polls (source). Default: DMS default (5).
    :param parallel_load_threads: threads loading the target (target). Default: DMS default (1).
    :param target_db_type: `specific-database` (into `database_name`) or `multiple-databases` (target).
        Default: `specific-database` when the endpoint has a database name.
    """

    server_timezone: Optional[str] = setting()
    events_poll_interval: Optional[int] = setting(SOURCE)
    parallel_load_threads: Optional[int] = setting(TARGET)
    target_db_type: Optional[str] = setting(TARGET, ("specific-database", "multiple-databases"))


@dataclass(frozen=True)
class PostgreSqlSettings(EngineSettingsBase):
    """Settings of PostgreSQL and Aurora PostgreSQL endpoints (`PostgreSqlSettings`). Default: DMS defaults.

    :param slot_name: an existing logical replication slot for CDC (source). Default: DMS creates a slot.
    :param plugin_name: `pglogical`, `test-decoding` or `no-preference` (source). Default: DMS default.
    :param heartbeat_enable: write heartbeats so idle sources keep the WAL moving (source). Default: DMS default
        (off).
    :param capture_ddls: capture DDL with event triggers (source). Default: DMS default (on).
    :param ddl_artifacts_schema: the schema of the DDL capture artifacts (source). Default: DMS default (`public`).
    :param database_mode: `default` or `babelfish` (target): `babelfish` writes through Babelfish for Aurora
        PostgreSQL (DMS user guide, "Using a PostgreSQL database as a target", Babelfish section). Default: DMS
        default (`default`).
    :param babelfish_database_name: the Babelfish (T-SQL) database DMS writes into (target, with
        `database_mode='babelfish'`). Default: none.
    """

    slot_name: Optional[str] = setting(SOURCE)
    plugin_name: Optional[str] = setting(SOURCE, ("pglogical", "test-decoding", "no-preference"))
    heartbeat_enable: Optional[bool] = setting(SOURCE)
    capture_ddls: Optional[bool] = setting(SOURCE)
    ddl_artifacts_schema: Optional[str] = setting(SOURCE)
    database_mode: Optional[str] = setting(TARGET, ("default", "babelfish"))
    babelfish_database_name: Optional[str] = setting(TARGET)


@dataclass(frozen=True)
class OracleSettings(EngineSettingsBase):
    """Settings of Oracle endpoints (`OracleSettings`). Default: DMS defaults (LogMiner).

    :param use_b_file: read archived logs with Binary Reader over BFILE (source). Default: DMS default (off).
    :param use_logminer_reader: `False` selects Binary Reader (source). Default: DMS default (LogMiner).
    :param add_supplemental_logging: let DMS add supplemental logging (source). Default: DMS default (off).
    :param read_table_space_name: support tablespace replication (source). Default: DMS default (off).
    :param archived_log_dest_id: the archived redo log destination id (source). Default: DMS default.
    :param asm_credentials: the secret with the Oracle ASM user, password and server (JSON keys `asm_user`,
        `asm_password`, `asm_server`), for a source whose redo logs Binary Reader reads from ASM
        (`OracleAsmCredentials.from_secret(secret)`; source, with `use_logminer_reader=False`). Sets
        `SecretsManagerOracleAsmSecretId` and `SecretsManagerOracleAsmAccessRoleArn` (the wave's secrets access
        role, which may then read that secret and decrypt with its key) and, with `port`, opens the ASM
        listener's port. Default: None (no ASM; LogMiner needs none).
    """

    use_b_file: Optional[bool] = setting(SOURCE)
    use_logminer_reader: Optional[bool] = setting(SOURCE)
    add_supplemental_logging: Optional[bool] = setting(SOURCE)
    read_table_space_name: Optional[bool] = setting(SOURCE)
    archived_log_dest_id: Optional[int] = setting(SOURCE)
    # Checked in `_check` (its direction too: the generic message would print the object).
    asm_credentials: Optional[OracleAsmCredentials] = setting(in_template=False)

    def _check(self, prefix: str, direction: Optional[str] = None) -> None:
        # ASM first: on a target, the message names asm_credentials rather than use_logminer_reader.
        check_asm_credentials(prefix, direction, self.asm_credentials, self.use_logminer_reader)
        super()._check(prefix, direction)

    def _extra_ports(self) -> tuple[int, ...]:
        """The ASM listener's port, when it has one of its own."""
        port = self.asm_credentials.port if self.asm_credentials is not None else None
        return (port,) if port is not None else ()

    def _bind(self, wave: Any) -> dict[str, Any]:
        """`SecretsManagerOracleAsmSecretId` and `SecretsManagerOracleAsmAccessRoleArn` (see `asm_settings`)."""
        return asm_settings(wave, self.asm_credentials) if self.asm_credentials is not None else {}


@dataclass(frozen=True)
class SqlServerSettings(EngineSettingsBase):
    """Settings of SQL Server endpoints (`MicrosoftSqlServerSettings`). Default: DMS defaults.

    :param read_backup_only: read changes from transaction log backups only (source). Default: DMS default (off).
    :param safeguard_policy: `rely-on-sql-server-replication-agent`, `exclusive-automatic-truncation`
        or `shared-automatic-truncation` (source). Default: DMS default (`rely-on-sql-server-replication-agent`).
    :param use_bcp_full_load: load with BCP (target). Default: DMS default (on).
    :param query_single_always_on_node: query only one Always On node (source). Default: DMS default (off).
    """

    read_backup_only: Optional[bool] = setting(SOURCE)
    safeguard_policy: Optional[str] = setting(
        SOURCE, ("rely-on-sql-server-replication-agent", "exclusive-automatic-truncation", "shared-automatic-truncation")
    )
    use_bcp_full_load: Optional[bool] = setting(TARGET)
    query_single_always_on_node: Optional[bool] = setting(SOURCE)



# The PostgreSQL database of a Babelfish cluster (Amazon Aurora user guide, "Babelfish architecture").
BABELFISH_DB = "babelfish_db"

EngineSettings = Union[MySqlSettings, PostgreSqlSettings, OracleSettings, SqlServerSettings]

_SETTINGS_CLASS: dict[str, type[EngineSettingsBase]] = {
    "mysql": MySqlSettings,
    "postgres": PostgreSqlSettings,
    "oracle": OracleSettings,
    "sqlserver": SqlServerSettings,
}
RELATIONAL_ENGINES: tuple[Engine, ...] = tuple(e for e in Engine if spec_of(e).family in _SETTINGS_CLASS)


def mysql_family(
    engine: Engine,
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
) -> RelationalKind:
    """A MySQL, MariaDB or Aurora MySQL database outside this CDK app.

    :param host: the database's host name or address.
    :param credentials: where DMS reads user name and password (`EndpointCredentials`).
    :param peer: the database's network, for the wave's egress rule on `port`, e.g.
        `ec2.Peer.ipv4('10.1.0.0/16')` or a prefix list; never any IPv4.
    :param port: Default: 3306.
    :param database_name: targets only: the database to migrate into (with `target_db_type`
        `specific-database`, the default then). Default: none (tables go to databases named after
        their source schemas).
    :param ssl_mode: `verify-ca` or `verify-full` (DMS does not support `require` for the MySQL family).
        Default: `verify-full`; a `certificate` is required.
    :param certificate: the CA bundle that signed the server certificate (for Aurora and RDS: the RDS CA
        bundle). Required unless `ssl_mode=SslMode.NONE`.
    :param insecure_reason: required with `ssl_mode=SslMode.NONE`; recorded as an acknowledgment of
        the DMS rule pack's SSL rule. Default: none.
    :param server_timezone: Default: DMS default. See `MySqlSettings` for this and the next three.
    :param events_poll_interval: (source) Default: DMS default (5 seconds).
    :param parallel_load_threads: (target) Default: DMS default.
    :param target_db_type: (target) Default: `specific-database` with a database name.
    :param extra_connection_attributes: other DMS extra connection attributes, `name=value;...`
        (never credentials). Default: none.
    """
    return relational(
        engine, host=host, credentials=credentials, peer=peer, port=port, database_name=database_name,
        ssl_mode=ssl_mode, certificate=certificate, insecure_reason=insecure_reason,
        settings=MySqlSettings(
            server_timezone=server_timezone, events_poll_interval=events_poll_interval,
            parallel_load_threads=parallel_load_threads, target_db_type=target_db_type,
        ),
        extra_connection_attributes=extra_connection_attributes,
    )


def postgresql_family(
    engine: Engine,
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
) -> RelationalKind:
    """A PostgreSQL or Aurora PostgreSQL database outside this CDK app.

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
    return relational(
        engine, host=host, credentials=credentials, peer=peer, port=port, database_name=database_name,
        ssl_mode=ssl_mode, certificate=certificate, insecure_reason=insecure_reason,
        settings=PostgreSqlSettings(
            slot_name=slot_name, plugin_name=plugin_name, heartbeat_enable=heartbeat_enable,
            capture_ddls=capture_ddls, ddl_artifacts_schema=ddl_artifacts_schema,
        ),
        extra_connection_attributes=extra_connection_attributes,
    )


def babelfish(
    *,
    host: str,
    babelfish_database_name: str,
    credentials: EndpointCredentials,
    peer: ec2.IPeer,
    port: int = 5432,
    database_name: str = BABELFISH_DB,
    ssl_mode: Optional[SslMode] = None,
    certificate: Optional[EndpointCertificate] = None,
    insecure_reason: Optional[str] = None,
    extra_connection_attributes: Optional[str] = None,
) -> RelationalKind:
    """A Babelfish for Aurora PostgreSQL target (a target only). DMS names a Babelfish endpoint of its own
    (`babelfish`), but its guide prefers the Aurora PostgreSQL endpoint ("Using Babelfish as a target for AWS
    Database Migration Service": "The Aurora PostgreSQL target endpoint is the preferred way to migrate data to
    Babelfish"): this is an `aurora-postgresql` target with `PostgreSqlSettings` `DatabaseMode` `babelfish` and
    `BabelfishDatabaseName`, reached on the PostgreSQL port. Create the target tables first (same page,
    prerequisites); a cluster defined in CDK takes `from_database_cluster(..., settings=PostgreSqlSettings(
    database_mode='babelfish', babelfish_database_name=...))`.

    :param host: the cluster (writer) endpoint.
    :param babelfish_database_name: the T-SQL database DMS writes into. Required.
    :param credentials: where DMS reads user name and password.
    :param peer: the cluster's network for the wave's egress rule on `port`; never any IPv4.
    :param port: the PostgreSQL port (not the TDS port, 1433). Default: 5432.
    :param database_name: the PostgreSQL database that holds every Babelfish database. Default:
        `babelfish_db` (Amazon Aurora user guide, "Babelfish architecture").
    :param ssl_mode: as for `aurora_postgresql`. Default: `verify-full` with a `certificate`, else `require`.
    :param certificate: the RDS CA bundle; required for `verify-ca` / `verify-full`. Default: none.
    :param insecure_reason: required with `ssl_mode=SslMode.NONE`. Default: none.
    :param extra_connection_attributes: other DMS extra connection attributes. Default: none.
    """
    field = "DatabaseEndpoint.babelfish"
    if not isinstance(babelfish_database_name, str) or (not is_token(babelfish_database_name) and not babelfish_database_name.strip()):
        fail(f"{field}.babelfish_database_name", babelfish_database_name, "is empty",
             "give the Babelfish (T-SQL) database DMS writes into")
    return relational(
        Engine.AURORA_POSTGRESQL, host=host, credentials=credentials, peer=peer, port=port, database_name=database_name,
        ssl_mode=ssl_mode, certificate=certificate, insecure_reason=insecure_reason,
        settings=PostgreSqlSettings(database_mode="babelfish", babelfish_database_name=babelfish_database_name),
        extra_connection_attributes=extra_connection_attributes, factory="babelfish", directions=(TARGET,),
        direction_note=" when built with DatabaseEndpoint.babelfish (read the cluster with DatabaseEndpoint.aurora_postgresql)",
    )


def oracle(
    *,
    host: str,
    database_name: str,
    credentials: EndpointCredentials,
    peer: ec2.IPeer,
    port: Optional[int] = None,
    ssl_mode: Optional[SslMode] = None,
    certificate: Optional[EndpointCertificate] = None,
    insecure_reason: Optional[str] = None,
    use_b_file: Optional[bool] = None,
    use_logminer_reader: Optional[bool] = None,
    add_supplemental_logging: Optional[bool] = None,
    read_table_space_name: Optional[bool] = None,
    archived_log_dest_id: Optional[int] = None,
    asm_credentials: Optional[OracleAsmCredentials] = None,
    extra_connection_attributes: Optional[str] = None,
) -> RelationalKind:
    """An Oracle database outside this CDK app.

    :param host: the database's host name or address.
    :param database_name: the SID or service name. Required.
    :param credentials: where DMS reads user name and password.
    :param peer: the database's network for the wave's egress rule on `port`; never any IPv4.
    :param port: the port DMS connects to: with SSL on, the listener's TCPS port, not the plain-text 1521
        (RDS user guide, "Oracle Secure Sockets Layer": RDS for Oracle serves SSL on a second port, that of
        the SSL option in its option group). Default: 2484 (the SSL option's default, Oracle's registered TCPS
        port) with SSL on; 1521 with `ssl_mode=SslMode.NONE`. A port of 1521 with SSL on synthesizes with the
        warning `dms-constructs:ssl-on-plain-port` (acknowledge it if that listener really serves TCPS).
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
    :param asm_credentials: (source, with `use_logminer_reader=False`) the ASM secret,
        `OracleAsmCredentials.from_secret(secret)`. Default: None (no ASM).
    :param extra_connection_attributes: other DMS extra connection attributes. Default: none.
    """
    return relational(
        Engine.ORACLE, host=host, credentials=credentials, peer=peer, port=port, database_name=database_name,
        ssl_mode=ssl_mode, certificate=certificate, insecure_reason=insecure_reason,
        settings=OracleSettings(
            use_b_file=use_b_file, use_logminer_reader=use_logminer_reader,
            add_supplemental_logging=add_supplemental_logging, read_table_space_name=read_table_space_name,
            archived_log_dest_id=archived_log_dest_id, asm_credentials=asm_credentials,
        ),
        extra_connection_attributes=extra_connection_attributes, second_ssl_port=ORACLE_SSL_PORT,
    )


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
) -> RelationalKind:
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
    return relational(
        Engine.SQLSERVER, host=host, credentials=credentials, peer=peer, port=port, database_name=database_name,
        ssl_mode=ssl_mode, certificate=certificate, insecure_reason=insecure_reason,
        settings=SqlServerSettings(
            read_backup_only=read_backup_only, safeguard_policy=safeguard_policy,
            use_bcp_full_load=use_bcp_full_load, query_single_always_on_node=query_single_always_on_node,
        ),
        extra_connection_attributes=extra_connection_attributes,
    )


def from_cdk_database(
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
    settings: Optional[EngineSettingsBase],
    extra_connection_attributes: Optional[str],
    network_cidr: Optional[str],
    vpc: Optional[ec2.IVpc],
    ssl_port: Optional[int] = None,
) -> RelationalKind:
    """An RDS instance or Aurora cluster defined (or imported) in CDK. `ssl_port`: see
    `DatabaseEndpoint.from_database_instance`."""
    spec = spec_of(engine)
    if network_cidr is not None:
        check_networks(f"{field}.network_cidr", [network_cidr], allow_prefix_lists=False)
    open_port = rds_ssl_port(field, spec, port=port, ssl_port=ssl_port, connectable=connectable, secret=secret,
                             credentials=credentials, ssl_mode=ssl_mode, certificate=certificate,
                             insecure_reason=insecure_reason)
    if open_port is not None:
        port = open_port
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
    return checked_relational(
        field, spec, host=host, port=port, database_name=database_name, credentials=credentials,
        ssl_mode=ssl_mode, certificate=certificate, insecure_reason=insecure_reason,
        reach=Reach(connectable=connectable, network_cidr=network_cidr, vpc=vpc, port=open_port), settings=settings,
        extra_connection_attributes=extra_connection_attributes,
    )


def engine_of(field: str, engine: Optional[Union[Engine, str]], engine_type: Optional[str]) -> Engine:
    """The DMS engine of a CDK database: the explicit `engine`, else derived from its RDS engine type."""
    if engine is not None:
        try:
            resolved = Engine(engine)
        except ValueError:
            resolved = None
        if resolved is None or resolved not in RELATIONAL_ENGINES:
            choices = ", ".join(e.value for e in RELATIONAL_ENGINES)
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
