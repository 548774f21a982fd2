"""The AWS DMS facts this library relies on, in one table: engine names, directions, SSL modes, the
settings block per engine, which engines read Secrets Manager, the logging floor and the account role
names.

Layer: facts (the bottom). Pure Python: no AWS CDK import, so the constructs (`endpoints/`,
`task_settings.py`, `account.py`) and the rule pack (`checks/rules.py`) read the same values, and
`tests/test_facts.py` checks that they agree. Every fact names the DMS user guide page it comes from.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Optional

SOURCE = "source"
TARGET = "target"

# --- SSL ---------------------------------------------------------------------------------------------


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


# What a verifying SSL mode verifies against (`EndpointCertificate.kind`).
PEM = "pem"
ORACLE_WALLET = "oracle-wallet"

# --- engines -----------------------------------------------------------------------------------------


class Engine(str, enum.Enum):
    """The DMS engine names (`EngineName`) this library builds endpoints for."""

    MYSQL = "mysql"
    MARIADB = "mariadb"
    AURORA_MYSQL = "aurora"  # DMS calls Aurora MySQL "aurora"
    POSTGRES = "postgres"
    AURORA_POSTGRESQL = "aurora-postgresql"
    ORACLE = "oracle"
    SQLSERVER = "sqlserver"
    S3 = "s3"
    REDSHIFT = "redshift"
    DYNAMODB = "dynamodb"
    KINESIS = "kinesis"
    MONGODB = "mongodb"
    DOCUMENTDB = "docdb"
    KAFKA = "kafka"
    OPENSEARCH = "opensearch"
    DB2 = "db2"
    DB2_ZOS = "db2-zos"
    SYBASE = "sybase"  # DMS calls SAP ASE "sybase"
    NEPTUNE = "neptune"
    REDIS = "redis"


@dataclass(frozen=True)
class EngineFacts:
    """What DMS says about one `EngineName`.

    :param ssl_modes: `SslMode` values DMS supports besides `none`, weakest first. Empty: the endpoint
        has no SSL mode (DMS reaches the service over HTTPS/TLS, or the engine encrypts on its own).
    :param database_name: "required" | "target-only" | "unused".
    :param settings_block: the `AWS::DMS::Endpoint` property holding the engine's settings.
    :param reads_secret: whether the settings block takes `SecretsManagerSecretId` (DMS user guide,
        "Using secrets to access AWS Database Migration Service endpoints").
    """

    name: str
    label: str
    family: str
    default_port: Optional[int]
    ssl_modes: tuple[str, ...]
    database_name: str
    settings_block: str
    reads_secret: bool
    directions: tuple[str, ...] = (SOURCE, TARGET)
    certificate_format: str = PEM


# SSL modes per engine: DMS user guide, "Using SSL with AWS Database Migration Service", table "SSL modes
# supported for each database engine" (`none` is every engine's default):
#   MySQL/MariaDB/Aurora MySQL: require not supported; verify-ca and verify-full supported.
#   Microsoft SQL Server: require and verify-full; verify-ca not supported.
#   PostgreSQL (and Aurora PostgreSQL): require, verify-ca, verify-full.
#   Oracle: verify-ca only; section "SSL support for an Oracle endpoint": "you must upload the Oracle
#     wallet for the endpoint instead of .pem certificate files".
#   Amazon Redshift: "SSL not enabled" for every mode: the connection already uses SSL.
#   SAP ASE (sybase): verify-full; MongoDB: require, verify-full; IBM Db2 LUW: verify-ca.
# DocumentDB: "Using Amazon DocumentDB as a target" / "as a source": TLS with verify-full and the RDS CA
#   bundle; the rule pack has always treated it like MongoDB (require, verify-full).
# S3: the CloudFormation reference (AWS::DMS::Endpoint SslMode) allows only `none` for S3 (HTTPS).
# DynamoDB, Kinesis: no SslMode; DMS calls the service's HTTPS API (same guide page: "Not all databases
#   use SSL in the same way").
# IBM Db2 for z/OS (db2-zos): the table has no row for it, and "Using IBM Db2 for z/OS databases as a source for
#   AWS DMS" names no SSL setting: no SslMode here, so an endpoint states why it may be unencrypted.
# Neptune: "Not all databases use SSL in the same way": the SSL mode option does not apply; Neptune itself accepts
#   only HTTPS (Amazon Neptune user guide, "Encrypting connections to your Amazon Neptune database with SSL/HTTPS").
# Redis: TLS is chosen with RedisSettings.SslSecurityProtocol (`ssl-encryption`, the default, or `plaintext`) and
#   SslCaCertificateArn, not SslMode ("Using Redis OSS as a target for AWS Database Migration Service", endpoint
#   settings; CloudFormation reference, AWS::DMS::Endpoint RedisSettings); Security Hub DMS.12 checks it.
# Directions: DMS user guide, "Sources for AWS DMS" and "Targets for AWS DMS"; Db2 LUW is a target too ("Using
#   Amazon RDS for Db2 and IBM Db2 LUW as a target for AWS DMS": only from a Db2 LUW or Db2 for z/OS source);
#   Db2 for z/OS is a source only, full load only ("Using IBM Db2 for z/OS databases as a source for AWS DMS":
#   "Only Full Load replication tasks are supported"); SAP ASE both ("Using an SAP ASE database as a source" / "as a
#   target"); Neptune and Redis targets only ("Using Amazon Neptune as a target", "Using Redis OSS as a target").
# Babelfish for Aurora PostgreSQL has its own engine name (`babelfish`, "Using Babelfish as a target for AWS
#   Database Migration Service"), but that page says "The Aurora PostgreSQL target endpoint is the preferred way to
#   migrate data to Babelfish": the library builds Babelfish targets as `aurora-postgresql` endpoints with
#   PostgreSqlSettings DatabaseMode `babelfish` and BabelfishDatabaseName, so `babelfish` is not in this table.
# Settings blocks without a secret: NeptuneSettings (ServiceAccessRoleArn, S3 staging, IamAuthEnabled) and
#   RedisSettings (AuthType, AuthUserName, AuthPassword) take no SecretsManagerSecretId (CloudFormation reference).
# Secrets: "Using secrets to access AWS Database Migration Service endpoints" lists the engines whose
#   settings take SecretsManagerSecretId (the relational engines, Redshift, MongoDB, DocumentDB, Db2, SAP ASE).
_MYSQL_SSL = ("verify-ca", "verify-full")
_POSTGRES_SSL = ("require", "verify-ca", "verify-full")
_MONGODB_SSL = ("require", "verify-full")

DMS_ENGINES: dict[str, EngineFacts] = {
    facts.name: facts
    for facts in (
        EngineFacts("mysql", "MySQL", "mysql", 3306, _MYSQL_SSL, "target-only", "MySqlSettings", True),
        EngineFacts("mariadb", "MariaDB", "mysql", 3306, _MYSQL_SSL, "target-only", "MySqlSettings", True),
        EngineFacts("aurora", "Aurora MySQL", "mysql", 3306, _MYSQL_SSL, "target-only", "MySqlSettings", True),
        EngineFacts("postgres", "PostgreSQL", "postgres", 5432, _POSTGRES_SSL, "required", "PostgreSqlSettings", True),
        EngineFacts(
            "aurora-postgresql", "Aurora PostgreSQL", "postgres", 5432, _POSTGRES_SSL, "required", "PostgreSqlSettings", True
        ),
        EngineFacts(
            "oracle", "Oracle", "oracle", 1521, ("verify-ca",), "required", "OracleSettings", True,
            certificate_format=ORACLE_WALLET,
        ),
        EngineFacts(
            "sqlserver", "SQL Server", "sqlserver", 1433, ("require", "verify-full"), "required",
            "MicrosoftSqlServerSettings", True,
        ),
        EngineFacts("db2", "IBM Db2 LUW", "db2", 50000, ("verify-ca",), "required", "IbmDb2Settings", True),
        EngineFacts("db2-zos", "IBM Db2 for z/OS", "db2", 446, (), "required", "IbmDb2Settings", True, (SOURCE,)),
        EngineFacts("sybase", "SAP ASE", "sybase", 5000, ("verify-full",), "required", "SybaseSettings", True),
        EngineFacts("mongodb", "MongoDB", "mongodb", 27017, _MONGODB_SSL, "required", "MongoDbSettings", True, (SOURCE,)),
        EngineFacts("docdb", "Amazon DocumentDB", "mongodb", 27017, _MONGODB_SSL, "required", "DocDbSettings", True),
        EngineFacts("s3", "S3", "s3", None, (), "unused", "S3Settings", False),
        EngineFacts("redshift", "Redshift", "redshift", 5439, (), "required", "RedshiftSettings", True, (TARGET,)),
        EngineFacts("dynamodb", "DynamoDB", "dynamodb", None, (), "unused", "DynamoDbSettings", False, (TARGET,)),
        EngineFacts("kinesis", "Kinesis Data Streams", "kinesis", None, (), "unused", "KinesisSettings", False, (TARGET,)),
        # Kafka (and Amazon MSK): TLS is chosen with KafkaSettings.SecurityProtocol, not SslMode; KafkaSettings takes
        # no SecretsManagerSecretId (CloudFormation reference, AWS::DMS::Endpoint KafkaSettings).
        EngineFacts("kafka", "Kafka", "kafka", None, (), "unused", "KafkaSettings", False, (TARGET,)),
        # OpenSearch Service: HTTPS REST API, settings in ElasticsearchSettings (CloudFormation reference).
        EngineFacts("opensearch", "OpenSearch", "opensearch", 443, (), "unused", "ElasticsearchSettings", False, (TARGET,)),
        # Neptune: port 8182 (Amazon Neptune user guide, "Connecting to Amazon Neptune"); Redis: 6379.
        EngineFacts("neptune", "Amazon Neptune", "neptune", 8182, (), "unused", "NeptuneSettings", False, (TARGET,)),
        EngineFacts("redis", "Redis OSS", "redis", 6379, (), "unused", "RedisSettings", False, (TARGET,)),
    )
}


def engine_facts(engine: str) -> EngineFacts:
    """The facts of a DMS `EngineName` (KeyError for an engine the table does not know)."""
    return DMS_ENGINES[engine]


def ssl_modes_by_engine() -> dict[str, frozenset[str]]:
    """SslMode values per engine that has SSL modes (the rule pack's DMS.9 table)."""
    return {name: frozenset(f.ssl_modes) for name, f in DMS_ENGINES.items() if f.ssl_modes}


def secrets_settings_by_engine() -> dict[str, str]:
    """The settings block that carries `SecretsManagerSecretId`, per engine that reads a secret."""
    return {name: f.settings_block for name, f in DMS_ENGINES.items() if f.reads_secret}


def wallet_engines() -> frozenset[str]:
    """Engines that DMS verifies only against an Oracle wallet."""
    return frozenset(name for name, f in DMS_ENGINES.items() if f.certificate_format == ORACLE_WALLET)


# --- task logging (Security Hub DMS.7 / DMS.8) ---------------------------------------------------------

# The components Security Hub checks, each at LOGGER_SEVERITY_DEFAULT or more, and the control
# (AWS Security Hub user guide, "Controls for AWS DMS", DMS.7 and DMS.8).
REQUIRED_LOG_COMPONENTS: dict[str, str] = {
    "SOURCE_CAPTURE": "DMS.8",
    "SOURCE_UNLOAD": "DMS.8",
    "TARGET_APPLY": "DMS.7",
    "TARGET_LOAD": "DMS.7",
}
TARGET_LOG_COMPONENTS: tuple[str, ...] = tuple(c for c, control in REQUIRED_LOG_COMPONENTS.items() if control == "DMS.7")
SOURCE_LOG_COMPONENTS: tuple[str, ...] = tuple(c for c, control in REQUIRED_LOG_COMPONENTS.items() if control == "DMS.8")
# Severities Security Hub accepts as "at least LOGGER_SEVERITY_DEFAULT". DMS documents INFO as logging the
# same messages as DEFAULT, but the controls list only these three.
LOG_SEVERITIES_AT_LEAST_DEFAULT = frozenset(
    {"LOGGER_SEVERITY_DEFAULT", "LOGGER_SEVERITY_DEBUG", "LOGGER_SEVERITY_DETAILED_DEBUG"}
)

# --- account-wide service roles -----------------------------------------------------------------------

# DMS user guide, "Creating the IAM roles to use with AWS DMS": DMS looks these roles up by exact name.
VPC_ROLE_NAME = "dms-vpc-role"
CLOUDWATCH_LOGS_ROLE_NAME = "dms-cloudwatch-logs-role"
REDSHIFT_ROLE_NAME = "dms-access-for-endpoint"
