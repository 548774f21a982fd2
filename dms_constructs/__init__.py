"""dms_constructs: AWS DMS migrations as AWS CDK constructs, secure by default."""

from typing import TYPE_CHECKING, Any

from ._version import __version__

if TYPE_CHECKING:  # for type checkers and IDEs; at run time the names load on first use
    from ._api import *  # noqa: F403

__all__ = [
    "__version__",
    "EXCLUDED_PASSWORD_CHARACTERS",
    "SSL_RULE_ID",
    "BoundEndpoint",
    "DatabaseEndpoint",
    "Db2Settings",
    "DocDbSettings",
    "EndpointCertificate",
    "EndpointCredentials",
    "ExistingSubnet",
    "OnPremisesDns",
    "Route",
    "TransitGatewayAttachment",
    "VpcPeering",
    "VpnGateway",
    "Engine",
    "EngineSettings",
    "KafkaSettings",
    "KinesisSettings",
    "MongoDbSettings",
    "MySqlSettings",
    "NeptuneSettings",
    "OracleAsmCredentials",
    "OracleSettings",
    "PostgreSqlSettings",
    "SecretRotation",
    "SecretsAccess",
    "SqlServerSettings",
    "SslMode",
    "SybaseSettings",
    "AlarmThresholds",
    "CdcStart",
    "CloudFormationLimits",
    "MigrationType",
    "Notifications",
    "PremigrationAssessment",
    "ReplicationTask",
    "ServerlessCapacity",
    "ServerlessReplication",
    "StackLimits",
    "WaveMonitoring",
    "CLOUDWATCH_LOGS_ROLE_NAME",
    "REDSHIFT_ROLE_NAME",
    "VPC_ROLE_NAME",
    "DmsConfigError",
    "DmsServiceRoles",
    "EncryptionKey",
    "IDmsServiceRoles",
    "ImportedDmsServiceRoles",
    "MigrationLog",
    "MigrationNetwork",
    "MigrationPhase",
    "MigrationWave",
    "ReplicationInstance",
    "ReplicationInstanceCapacity",
    "ReplicationSubnetGroup",
    "WaveTags",
    "ExistingEndpoint",
    "ExistingReplicationInstance",
    "ExistingReplicationTask",
    "IEndpoint",
    "IReplicationInstance",
    "IReplicationTask",
    "NamingConvention",
    "DataMigration",
    "MigrationProject",
    "NetworkType",
]


def __getattr__(name: str) -> Any:
    """Load the public API (and with it the AWS CDK) on first use of any public name, so that the
    `dms-constructs` command and the pure document builders import without the CDK."""
    if name in __all__:
        from . import _api

        value = getattr(_api, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
