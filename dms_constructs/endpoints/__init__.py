"""Typed DMS source and target endpoints: credentials from Secrets Manager, SSL per engine, network reach.

`DatabaseEndpoint` is a specification (not a construct); `MigrationWave.add_source` / `add_target`
bind it into a `BoundEndpoint` construct that holds the `AWS::DMS::Endpoint` and what it needs.

Layers of this package (imports only point down):

- `_facade`: `DatabaseEndpoint`, whose factories construct the families' kinds;
- families, one module per engine family, never importing each other: `relational` (MySQL family,
  PostgreSQL family, Oracle, SQL Server, Babelfish), `db2_ase` (IBM Db2 LUW, Db2 for z/OS, SAP ASE),
  `object_store` (S3), `warehouse` (Redshift), `key_value` (DynamoDB), `streams` (Kinesis Data Streams,
  Kafka/MSK), `document` (MongoDB, DocumentDB), `search` (OpenSearch), `graph` (Neptune), `in_memory` (Redis OSS,
  ElastiCache, MemoryDB);
- `base`: the bind protocol (`EndpointKind`, `AwsServiceKind`), `BoundEndpoint`, `bind_endpoint`;
- shared machinery: `_relational` (the relational kind and checks both relational families build on),
  `_database` (secret + settings block + SSL), `_access` (credentials wiring, service
  access roles), `_ssl`, `_reach` (routes and security-group rules), `_checks`, `_settings`;
- below the package: `facts` (engine names, SSL modes, settings blocks) and `_context.WaveContext`.
"""

from ..facts import Engine, SslMode
from ._facade import DatabaseEndpoint
from .base import SOURCE, SSL_RULE_ID, TARGET, BoundEndpoint
from .db2_ase import Db2Settings, SybaseSettings
from .document import DocDbSettings, MongoDbSettings
from .graph import NeptuneSettings
from .key_value import DYNAMODB_CONTROL_TABLES
from .relational import EngineSettings, MySqlSettings, OracleSettings, PostgreSqlSettings, SqlServerSettings
from .streams import KafkaSettings, KinesisSettings, StreamSettings

__all__ = [
    "SOURCE",
    "DYNAMODB_CONTROL_TABLES",
    "SSL_RULE_ID",
    "TARGET",
    "BoundEndpoint",
    "DatabaseEndpoint",
    "Db2Settings",
    "DocDbSettings",
    "Engine",
    "EngineSettings",
    "KafkaSettings",
    "KinesisSettings",
    "MongoDbSettings",
    "MySqlSettings",
    "NeptuneSettings",
    "OracleSettings",
    "PostgreSqlSettings",
    "SqlServerSettings",
    "SslMode",
    "StreamSettings",
    "SybaseSettings",
]
