"""The public API of dms_constructs, loaded on first use by the package (`__init__.py`): importing
the package alone (e.g. for the `dms-constructs` command) does not load the AWS CDK."""

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
from .credentials import EXCLUDED_PASSWORD_CHARACTERS, EndpointCredentials, OracleAsmCredentials, SecretRotation, SecretsAccess
from .endpoints import (
    SSL_RULE_ID,
    BoundEndpoint,
    DatabaseEndpoint,
    Db2Settings,
    DocDbSettings,
    Engine,
    EngineSettings,
    KafkaSettings,
    KinesisSettings,
    MongoDbSettings,
    MySqlSettings,
    NeptuneSettings,
    OracleSettings,
    PostgreSqlSettings,
    SqlServerSettings,
    SslMode,
    SybaseSettings,
)
from .capacity import ReplicationInstance, ReplicationInstanceCapacity, ServerlessCapacity
from .encryption import EncryptionKey
from .errors import DmsConfigError
from .existing import (
    ExistingEndpoint,
    ExistingReplicationInstance,
    ExistingReplicationTask,
    IEndpoint,
    IReplicationInstance,
    IReplicationTask,
)
from .lifecycle.assessments import PremigrationAssessment
from .limits import CloudFormationLimits, StackLimits
from .migration_log import MigrationLog
from .monitoring import AlarmThresholds, Notifications, WaveMonitoring
from .naming import NamingConvention
from .network import MigrationNetwork, ReplicationSubnetGroup
from .phases import MigrationPhase
from .reachability import Route
from .schema_conversion import DataMigration, MigrationProject, NetworkType
from .tasks import CdcStart, MigrationType, ReplicationTask, ServerlessReplication
from .tagging import WaveTags
from .wave import MigrationWave
