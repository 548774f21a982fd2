"""Typed DMS source and target endpoints: credentials from Secrets Manager, SSL per engine, network reach.

`DatabaseEndpoint` is a specification (not a construct); `MigrationWave.add_source` / `add_target`
bind it into a `BoundEndpoint` construct that holds the `AWS::DMS::Endpoint` and what it needs.

Layers of this package (imports only point down):

- `_facade`: `DatabaseEndpoint`, whose factories construct the families' kinds;
- families, one module per engine family, never importing each other: `relational` (MySQL family,
  PostgreSQL family, Oracle, SQL Server), `object_store` (S3), `warehouse` (Redshift), `key_value`
  (DynamoDB), `streams` (Kinesis Data Streams, Kafka/MSK), `document` (MongoDB, DocumentDB), `search` (OpenSearch);
- `base`: the bind protocol (`EndpointKind`, `AwsServiceKind`), `BoundEndpoint`, `bind_endpoint`;
- shared machinery: `_database` (secret + settings block + SSL), `_access` (credentials wiring, service
  access roles), `_ssl`, `_reach` (routes and security-group rules), `_checks`, `_settings`;
- below the package: `facts` (engine names, SSL modes, settings blocks) and `_context.WaveContext`.
"""

from ..facts import Engine, SslMode
from ._facade import DatabaseEndpoint
from .base import SOURCE, SSL_RULE_ID, TARGET, BoundEndpoint
from .document import DocDbSettings, MongoDbSettings
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
    "DocDbSettings",
    "Engine",
    "EngineSettings",
    "KafkaSettings",
    "KinesisSettings",
    "MongoDbSettings",
    "MySqlSettings",
    "OracleSettings",
    "PostgreSqlSettings",
    "SqlServerSettings",
    "SslMode",
    "StreamSettings",
]
