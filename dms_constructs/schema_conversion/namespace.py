"""`SchemaConversion`: what a wave's migration projects share (`<wave>/SchemaConversion`): one data provider per
endpoint (`DataProviders/<endpoint name>`), one instance profile (`InstanceProfile`) in the wave's network, one
bucket and role for DMS Schema Conversion's files (`Storage`), and the projects (`Projects/<name>`).

Construct ids come from user-given names (endpoint and project names) or fixed literals, never positions, so
adding a project moves no existing resource.

Layer: part (the wave hands it a `WaveContext`; it never imports the wave).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable, Mapping, Optional, Union

from aws_cdk import aws_kms as kms
from constructs import Construct

from .._context import scope_of
from ..errors import fail
from .bucket import SchemaConversionBucket
from .data_migration import DataMigration
from .data_provider import DataProvider
from .instance_profile import InstanceProfile, NetworkType
from .project import MigrationProject

if TYPE_CHECKING:
    from .._context import WaveContext
    from ..endpoints import BoundEndpoint


class SchemaConversion(Construct):
    """The wave's DMS Schema Conversion resources, created by its first migration project."""

    def __init__(self, wave: "WaveContext", id: str) -> None:
        super().__init__(scope_of(wave), id)
        self._wave = wave
        self._providers = Construct(self, "DataProviders")
        self._projects = Construct(self, "Projects")
        self.data_providers: dict[str, DataProvider] = {}
        """The data provider of each endpoint a project uses, by endpoint name."""
        self.projects: dict[str, MigrationProject] = {}
        """The wave's migration projects, by name."""
        self.instance_profile: Optional[InstanceProfile] = None
        """The wave's instance profile (created with the first project)."""
        self.storage: Optional[SchemaConversionBucket] = None
        """The bucket and role of DMS Schema Conversion's files (created with the first project)."""

    @staticmethod
    def of(wave: "WaveContext") -> "SchemaConversion":
        """The wave's schema conversion resources, created on first use."""
        return SchemaConversion.find(wave) or SchemaConversion(wave, "SchemaConversion")

    @staticmethod
    def find(wave: "WaveContext") -> Optional["SchemaConversion"]:
        """The wave's schema conversion resources, or None while it has no migration project."""
        found = wave.node.try_find_child("SchemaConversion")
        return found if isinstance(found, SchemaConversion) else None

    def data_provider(self, endpoint: "BoundEndpoint", *, name: str, secret_key: Optional[kms.IKey]) -> DataProvider:
        """The data provider of `endpoint`, created on first use."""
        existing = self.data_providers.get(endpoint.name)
        if existing is None:
            existing = DataProvider(self._providers, endpoint.name, endpoint=endpoint, name=name, secret_key=secret_key)
            self.data_providers[endpoint.name] = existing
        return existing

    def add_project(
        self,
        name: str,
        *,
        identifier: str,
        instance_profile_name: str,
        source: DataProvider,
        target: DataProvider,
        data_migration: Optional[DataMigration],
        transformation_rules: Optional[Union[Mapping[str, Any], str]],
        network_type: NetworkType,
        vpc_role_dependable: Any,
        subnet_group_identifier: Callable[[], str],
    ) -> MigrationProject:
        """Add the project `name` (construct id) with DMS name `identifier`, creating the instance profile and the
        bucket on first use."""
        wave = self._wave
        if self.instance_profile is None:
            self.instance_profile = InstanceProfile(
                self, "InstanceProfile", name=instance_profile_name, subnet_group_identifier=subnet_group_identifier(),
                security_groups=[wave.security_group], encryption_key=wave.encryption_key, network_type=network_type,
                vpc_role_dependable=vpc_role_dependable,
            )
        elif NetworkType(network_type).value != self.instance_profile.resource.network_type:
            fail(f"MigrationWave({wave.name}).add_migration_project({name}).network_type", NetworkType(network_type).value,
                 f"differs from the wave's instance profile ({self.instance_profile.resource.network_type}), which every "
                 "project of the wave shares", "give every migration project of a wave the same network_type")
        if self.storage is None:
            self.storage = SchemaConversionBucket.of(wave, self)
        project = MigrationProject(
            self._projects, name, name=name, identifier=identifier, source=source, target=target,
            instance_profile=self.instance_profile, storage=self.storage, data_migration=data_migration,
            transformation_rules=transformation_rules,
        )
        self.projects[name] = project
        return project
