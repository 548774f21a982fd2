"""dms_constructs: AWS DMS migrations as AWS CDK constructs, secure by default."""

from ._version import __version__
from .account import (
    CLOUDWATCH_LOGS_ROLE_NAME,
    REDSHIFT_ROLE_NAME,
    VPC_ROLE_NAME,
    DmsServiceRoles,
    IDmsServiceRoles,
    ImportedDmsServiceRoles,
)
from .certificates import EndpointCertificate
from .connectivity import ExistingSubnet, OnPremisesDns, TransitGatewayAttachment, VpcPeering, VpnGateway
from .credentials import EXCLUDED_PASSWORD_CHARACTERS, EndpointCredentials, SecretRotation, SecretsAccess
from .endpoints import (
    SSL_RULE_ID,
    BoundEndpoint,
    DatabaseEndpoint,
    Engine,
    EngineSettings,
    MySqlSettings,
    OracleSettings,
    PostgreSqlSettings,
    SqlServerSettings,
    SslMode,
)
from .capacity import ReplicationInstance, ReplicationInstanceCapacity, ServerlessCapacity
from .encryption import EncryptionKey
from .errors import DmsConfigError
from .limits import CloudFormationLimits, StackLimits
from .monitoring import AlarmThresholds, Notifications, WaveMonitoring
from .network import MigrationNetwork, ReplicationSubnetGroup
from .reachability import Route
from .tasks import CdcStart, MigrationType, ReplicationTask, ServerlessReplication
from .tagging import WaveTags
from .wave import MigrationWave

__all__ = [
    "__version__",
    "EXCLUDED_PASSWORD_CHARACTERS",
    "SSL_RULE_ID",
    "BoundEndpoint",
    "DatabaseEndpoint",
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
    "MySqlSettings",
    "OracleSettings",
    "PostgreSqlSettings",
    "SecretRotation",
    "SecretsAccess",
    "SqlServerSettings",
    "SslMode",
    "AlarmThresholds",
    "CdcStart",
    "CloudFormationLimits",
    "MigrationType",
    "Notifications",
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
    "MigrationNetwork",
    "MigrationWave",
    "ReplicationInstance",
    "ReplicationInstanceCapacity",
    "ReplicationSubnetGroup",
    "WaveTags",
]
