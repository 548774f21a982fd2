"""DMS Schema Conversion and homogeneous data migrations, from the same endpoint descriptions as the wave's
replication tasks: `wave.add_migration_project(name, source=..., target=..., data_migration=DataMigration(...))`.

Modules (one concept each; imports only point down):

- `engines`: which endpoint engines are data providers and how (`AWS::DMS::DataProvider` engines and settings
  blocks), and the homogeneous engine pairs — pure data;
- `data_provider`: `DataProvider`, an endpoint's `AWS::DMS::DataProvider`;
- `instance_profile`: `InstanceProfile` in the wave's network, `NetworkType`;
- `bucket`: `SchemaConversionBucket`, the bucket and role of DMS Schema Conversion's files;
- `access`: the roles DMS assumes for a project (its secrets; a data migration's service role);
- `data_migration`: `DataMigration` (what a homogeneous data migration does) and `BoundDataMigration`;
- `project`: `MigrationProject`;
- `namespace`: `SchemaConversion`, what a wave's projects share (`<wave>/SchemaConversion`).
"""

from .data_migration import BoundDataMigration, DataMigration
from .data_provider import DataProvider
from .engines import PROVIDER_ENGINES, ProviderEngine
from .instance_profile import InstanceProfile, NetworkType
from .namespace import SchemaConversion
from .project import MigrationProject

__all__ = [
    "PROVIDER_ENGINES",
    "BoundDataMigration",
    "DataMigration",
    "DataProvider",
    "InstanceProfile",
    "MigrationProject",
    "NetworkType",
    "ProviderEngine",
    "SchemaConversion",
]
