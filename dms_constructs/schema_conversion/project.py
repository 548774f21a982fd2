"""`MigrationProject`: a DMS Schema Conversion migration project over two of a wave's databases, and (for
homogeneous engine pairs) its data migration.

DMS user guide, "Creating migration projects in DMS Schema Conversion": a migration project names the source and
target data providers with the secret of each and a role that reads it, the instance profile, and the S3 bucket
and role DMS Schema Conversion keeps its files with; transformation rules are optional. `AWS::DMS::MigrationProject`
(CloudFormation resource schema): `MigrationProjectName`, `InstanceProfileIdentifier` (write-only: the create
input; `InstanceProfileArn` is read-only), `SourceDataProviderDescriptors` / `TargetDataProviderDescriptors` of
`DataProviderIdentifier` (write-only; `DataProviderArn` is read-only), `SecretsManagerSecretId`,
`SecretsManagerAccessRoleArn`; `SchemaConversionApplicationAttributes` (`S3BucketPath`, `S3BucketRoleArn`);
`TransformationRules` (a JSON string); `MigrationProjectIdentifier` is deprecated.

Layer: part (never imports the wave).
"""

from __future__ import annotations

import json
from typing import Any, Mapping, Optional, Union

from aws_cdk import aws_dms as dms
from constructs import Construct

from ..errors import fail
from .access import SecretsAccessRole
from .bucket import SchemaConversionBucket
from .data_migration import BoundDataMigration, DataMigration
from .data_provider import DataProvider
from .engines import check_homogeneous
from .instance_profile import InstanceProfile


class MigrationProject(Construct):
    """A migration project of a wave (`<wave>/SchemaConversion/Projects/<name>`): `Resource`, the `SecretsAccess`
    role its data provider descriptors name and, with a data migration, `DataMigration`. Created by
    `MigrationWave.add_migration_project`; its construct id is the project's name.

    :param name: the project's name in the wave (construct id).
    :param identifier: `MigrationProjectName` (and, with a data migration, its `DataMigrationName`).
    :param source: the source database's data provider.
    :param target: the target database's data provider.
    :param instance_profile: where DMS runs the project.
    :param storage: the bucket and role DMS Schema Conversion keeps the project's files with.
    :param data_migration: a homogeneous data migration of the project. Default: none.
    :param transformation_rules: DMS Schema Conversion transformation rules (a document with `rules`, as a dict or
        JSON). Default: none.
    """

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        name: str,
        identifier: str,
        source: DataProvider,
        target: DataProvider,
        instance_profile: InstanceProfile,
        storage: SchemaConversionBucket,
        data_migration: Optional[DataMigration] = None,
        transformation_rules: Optional[Union[Mapping[str, Any], str]] = None,
    ) -> None:
        field = f"MigrationProject({name})"
        if data_migration is not None:
            check_homogeneous(f"{field}.data_migration", source.endpoint.engine_name, target.endpoint.engine_name)
        rules = transformation_rules_json(f"{field}.transformation_rules", transformation_rules)
        super().__init__(scope, id)
        self.name = name
        """The project's name in the wave."""
        self.identifier = identifier
        """`MigrationProjectName`."""
        self.source = source
        """The source's data provider."""
        self.target = target
        """The target's data provider."""
        secrets = [(source.secret, source.secret_key), (target.secret, target.secret_key)]
        self.secrets_access = SecretsAccessRole(
            self, "SecretsAccess", project=identifier, secrets=secrets, data_migrations=data_migration is not None
        )
        role_arn = self.secrets_access.role.role_arn
        self.resource = dms.CfnMigrationProject(
            self,
            "Resource",
            migration_project_name=identifier,
            instance_profile_identifier=instance_profile.instance_profile_arn,
            source_data_provider_descriptors=[_descriptor(source, role_arn)],
            target_data_provider_descriptors=[_descriptor(target, role_arn)],
            schema_conversion_application_attributes=dms.CfnMigrationProject.SchemaConversionApplicationAttributesProperty(
                s3_bucket_path=storage.path, s3_bucket_role_arn=storage.role.role_arn
            ),
            transformation_rules=rules,
        )
        # DMS reads the secrets and the bucket with these roles once the project exists: their policies first
        # (the roles themselves are referenced).
        self.resource.node.add_dependency(self.secrets_access.policy, storage.policy)
        self.migration_project_arn: str = self.resource.attr_migration_project_arn
        """The project's ARN."""
        self.data_migration: Optional[BoundDataMigration] = None
        """The project's data migration; None without one."""
        if data_migration is not None:
            self.data_migration = BoundDataMigration(
                self, "DataMigration", name=identifier, project=identifier,
                migration_project_arn=self.migration_project_arn, spec=data_migration, secrets=secrets,
            )


def _descriptor(provider: DataProvider, role_arn: str) -> dms.CfnMigrationProject.DataProviderDescriptorProperty:
    # DataProviderIdentifier is the create input (the schema's DataProviderArn is read-only).
    return dms.CfnMigrationProject.DataProviderDescriptorProperty(
        data_provider_identifier=provider.data_provider_arn,
        secrets_manager_secret_id=provider.secret.secret_arn,
        secrets_manager_access_role_arn=role_arn,
    )


def transformation_rules_json(field: str, value: Optional[Union[Mapping[str, Any], str]]) -> Optional[str]:
    """The rules as the JSON string DMS takes, after checking it is a document with a list of `rules`."""
    if value is None:
        return None
    document: Any = value
    if isinstance(value, str):
        try:
            document = json.loads(value)
        except ValueError as error:
            fail(field, value[:40], f"is not JSON ({error})", "pass a dict or a JSON document with a 'rules' list")
    if not isinstance(document, Mapping) or not isinstance(document.get("rules"), list) or not document["rules"]:
        fail(field, type(document).__name__ if not isinstance(document, Mapping) else sorted(document),
             "is not a transformation rules document (an object with a non-empty 'rules' list)",
             "pass e.g. {'rules': [{'rule-type': 'transformation', ...}]} (DMS user guide, "
             "'Transformation rules in DMS Schema Conversion')")
    return json.dumps(document, sort_keys=True, separators=(",", ":"))
