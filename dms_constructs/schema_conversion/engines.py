"""Which DMS endpoint engines can be data providers, how each maps onto `AWS::DMS::DataProvider`, and which
engine pairs DMS migrates with homogeneous data migrations.

Layer: facts of this package (pure Python, no AWS CDK import).

Sources:
- The `AWS::DMS::DataProvider` resource schema (CloudFormation registry, `aws-dms-dataprovider.json`, as shipped
  with cfn-lint 1.58): `Engine` is one of aurora, aurora_postgresql, mysql, oracle, postgres, sqlserver,
  redshift, mariadb, mongodb, docdb, db2, db2_zos, sybase. The schema spells Aurora PostgreSQL and Db2 for z/OS
  with an underscore, where the DMS API (`CreateDataProvider`) and the endpoint's `EngineName` use a hyphen;
  CloudFormation validates against the schema, so the schema's spelling is written here.
- The same schema's `Settings` blocks, their required properties and `SslMode` enums: `DmsSslModeValue`
  (none, require, verify-ca, verify-full) for MySQL, MariaDB, Oracle, PostgreSQL and SQL Server;
  `Db2SslModeValue` (none, verify-ca); `MongoDbSslModeValue` (none, require, verify-full) for MongoDB and
  DocumentDB; `SybaseSslModeValue` (none, require, verify-ca); Redshift has no `SslMode`. `MySqlSettings` and
  `MariaDbSettings` have no `DatabaseName`.
- DMS user guide, "Creating source data providers in DMS Schema Conversion" / "Creating target data providers in
  DMS Schema Conversion" (which engines DMS Schema Conversion converts from and to) and "Migrating databases with
  homogeneous data migrations": source data providers for homogeneous data migrations are MySQL-compatible,
  PostgreSQL and MongoDB-compatible databases ("Creating source data providers for homogeneous data
  migrations"); targets are MySQL-compatible, PostgreSQL and Amazon DocumentDB databases in Amazon RDS or Aurora
  ("Creating target data providers for homogeneous data migrations"); the target's version must be equal to or
  higher than the source's.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from ..errors import fail

_DMS_SSL = ("none", "require", "verify-ca", "verify-full")
_DB2_SSL = ("none", "verify-ca")
_MONGODB_SSL = ("none", "require", "verify-full")
_SYBASE_SSL = ("none", "require", "verify-ca")


@dataclass(frozen=True)
class ProviderEngine:
    """How one DMS endpoint engine (`EngineName`) becomes a data provider.

    :param engine: the `AWS::DMS::DataProvider.Engine` value.
    :param settings: the settings block's keyword in `CfnDataProvider.SettingsProperty` (its CloudFormation
        name is `block`).
    :param block: the settings block's CloudFormation name, for messages.
    :param ssl_modes: the block's `SslMode` values; empty: the block has no `SslMode`.
    :param database_name: "required", "optional" or "none" (the block has no `DatabaseName`).
    :param family: which engines migrate to each other with homogeneous data migrations.
    """

    engine: str
    settings: str
    block: str
    ssl_modes: tuple[str, ...]
    database_name: str
    family: str


# DMS endpoint engine name -> data provider.
PROVIDER_ENGINES: dict[str, ProviderEngine] = {
    "mysql": ProviderEngine("mysql", "my_sql_settings", "MySqlSettings", _DMS_SSL, "none", "mysql"),
    # "A value of aurora represents Amazon Aurora MySQL-Compatible Edition" (DMS API reference, DataProvider);
    # it has no settings block of its own and takes MySqlSettings.
    "aurora": ProviderEngine("aurora", "my_sql_settings", "MySqlSettings", _DMS_SSL, "none", "mysql"),
    "mariadb": ProviderEngine("mariadb", "maria_db_settings", "MariaDbSettings", _DMS_SSL, "none", "mysql"),
    "postgres": ProviderEngine("postgres", "postgre_sql_settings", "PostgreSqlSettings", _DMS_SSL, "required", "postgres"),
    "aurora-postgresql": ProviderEngine(
        "aurora_postgresql", "postgre_sql_settings", "PostgreSqlSettings", _DMS_SSL, "required", "postgres"
    ),
    "oracle": ProviderEngine("oracle", "oracle_settings", "OracleSettings", _DMS_SSL, "required", "oracle"),
    "sqlserver": ProviderEngine(
        "sqlserver", "microsoft_sql_server_settings", "MicrosoftSqlServerSettings", _DMS_SSL, "required", "sqlserver"
    ),
    "redshift": ProviderEngine("redshift", "redshift_settings", "RedshiftSettings", (), "required", "redshift"),
    "mongodb": ProviderEngine("mongodb", "mongo_db_settings", "MongoDbSettings", _MONGODB_SSL, "optional", "mongodb"),
    "docdb": ProviderEngine("docdb", "doc_db_settings", "DocDbSettings", _MONGODB_SSL, "required", "mongodb"),
    "db2": ProviderEngine("db2", "ibm_db2_luw_settings", "IbmDb2LuwSettings", _DB2_SSL, "required", "db2"),
    "db2-zos": ProviderEngine("db2_zos", "ibm_db2_z_os_settings", "IbmDb2zOsSettings", _DB2_SSL, "required", "db2"),
    "sybase": ProviderEngine("sybase", "sybase_ase_settings", "SybaseAseSettings", _SYBASE_SSL, "optional", "sybase"),
}

# Homogeneous data migrations: source family -> DMS engine names a target may have (see the module docstring:
# MySQL-compatible to MySQL-compatible, PostgreSQL to PostgreSQL, MongoDB-compatible to Amazon DocumentDB).
HOMOGENEOUS_TARGETS: dict[str, tuple[str, ...]] = {
    "mysql": ("mysql", "mariadb", "aurora"),
    "postgres": ("postgres", "aurora-postgresql"),
    "mongodb": ("docdb",),
}


def provider_engine(field: str, engine_name: str) -> ProviderEngine:
    """The data provider of a DMS endpoint engine; fails for an engine `AWS::DMS::DataProvider` does not take."""
    found = PROVIDER_ENGINES.get(engine_name)
    if found is None:
        fail(
            field,
            engine_name,
            "is an engine AWS::DMS::DataProvider does not support (DMS Schema Conversion and homogeneous data "
            "migrations work with databases, not with S3, DynamoDB, Kinesis, Kafka or OpenSearch)",
            f"use a database endpoint of one of: {', '.join(sorted(PROVIDER_ENGINES))}; migrate to or from this "
            "engine with wave.add_task(...)",
        )
    return found


def homogeneous_target_engines(source_engine: str) -> Optional[tuple[str, ...]]:
    """The DMS engine names a homogeneous data migration from `source_engine` may write to; None when DMS has no
    homogeneous data migration from that engine."""
    provider = PROVIDER_ENGINES.get(source_engine)
    if provider is None:
        return None
    return HOMOGENEOUS_TARGETS.get(provider.family)


def check_homogeneous(field: str, source_engine: str, target_engine: str) -> None:
    """Fail unless DMS migrates `source_engine` to `target_engine` with a homogeneous data migration."""
    targets = homogeneous_target_engines(source_engine)
    pair = f"{source_engine} -> {target_engine}"
    fix = "drop data_migration and migrate the data with wave.add_task(...) after converting the schema"
    if targets is None:
        fail(field, pair, f"needs a homogeneous engine pair, and DMS has no homogeneous data migration from {source_engine} "
             "(only from MySQL-compatible, PostgreSQL and MongoDB-compatible databases)", fix)
    if target_engine not in targets:
        fail(field, pair, f"is a heterogeneous pair: a homogeneous data migration from {source_engine} writes only to "
             f"{', '.join(targets)}", fix)
