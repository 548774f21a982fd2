"""Homogeneous data migrations: `DataMigration` (what to migrate, how) and `BoundDataMigration` (the
`AWS::DMS::DataMigration` of a migration project and its service role).

DMS user guide, "Migrating databases with homogeneous data migrations": DMS migrates between databases of the same
engine with the engine's native tools in a serverless environment it manages, from a migration project's source
to its target data provider. `AWS::DMS::DataMigration` (CloudFormation resource schema): `DataMigrationType`
(`full-load`, `cdc`, `full-load-and-cdc`), `MigrationProjectIdentifier` (the project's name or ARN),
`ServiceAccessRoleArn` (all three required), `DataMigrationName`, `DataMigrationSettings`
(`CloudwatchLogsEnabled`, `NumberOfJobs` 1..50, `SelectionRules` as a JSON string), `SourceDataSettings`.
CloudFormation only creates a data migration; `StartDataMigration` (DMS API reference) starts it.

Layer: part (never imports the wave).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping, Optional, Sequence, Union

from aws_cdk import aws_dms as dms
from aws_cdk import aws_kms as kms
from aws_cdk import aws_secretsmanager as secretsmanager
from constructs import Construct

from .._validation import check_type, check_whole_number
from ..errors import fail
from ..table_mappings import RuleType, TableMappings
from ..tasks import MigrationType, as_table_mappings
from .access import DataMigrationRole


@dataclass(frozen=True)
class DataMigration:
    """A homogeneous data migration of a migration project (`wave.add_migration_project(...,
    data_migration=DataMigration(...))`). Only for engine pairs DMS migrates natively: MySQL-compatible to
    MySQL-compatible, PostgreSQL to PostgreSQL, MongoDB-compatible to Amazon DocumentDB.

    :param migration_type: `MigrationType.FULL_LOAD`, `CDC` or `FULL_LOAD_AND_CDC` (`DataMigrationType`).
        Default: `MigrationType.FULL_LOAD_AND_CDC`.
    :param cloudwatch_logs: send the data migration's logs to CloudWatch Logs (`CloudwatchLogsEnabled`).
        Default: True.
    :param number_of_jobs: parallel jobs that unload and load tables (`NumberOfJobs`, 1 to 50). Default: none
        (DMS's default).
    :param selection_rules: which schemas and tables to migrate: selection rules only (DMS user guide,
        "Selection rules for homogeneous data migrations"), as a `TableMappings` (`.include(...)`,
        `.exclude(...)`) or its document (dict or JSON). Default: none (no `SelectionRules`: DMS migrates what the
        engine's native tool reads from the source database).
    """

    migration_type: MigrationType = MigrationType.FULL_LOAD_AND_CDC
    cloudwatch_logs: bool = True
    number_of_jobs: Optional[int] = None
    selection_rules: Optional[Union[TableMappings, Mapping[str, Any], str]] = None

    def __post_init__(self) -> None:
        field = "DataMigration"
        try:
            object.__setattr__(self, "migration_type", MigrationType(self.migration_type))
        except ValueError:
            fail(f"{field}.migration_type", self.migration_type, "is not a data migration type",
                 "use MigrationType.FULL_LOAD, MigrationType.CDC or MigrationType.FULL_LOAD_AND_CDC")
        check_type(f"{field}.cloudwatch_logs", self.cloudwatch_logs, bool, "use True or False")
        if self.number_of_jobs is not None:
            check_whole_number(f"{field}.number_of_jobs", self.number_of_jobs, 1, 50)
        if self.selection_rules is not None:
            mappings = as_table_mappings(self.selection_rules)
            others = sorted({_rule_type(rule.rule_type) for rule in mappings.rules} - {RuleType.SELECTION.value})
            if others:
                fail(f"{field}.selection_rules", others, "holds rules other than selection rules, which homogeneous data "
                     "migrations do not apply (they copy with the engine's native tools)",
                     "keep only include/exclude rules; rename or transform with a replication task (wave.add_task) instead")
            if not mappings.rules:
                fail(f"{field}.selection_rules", "{}", "selects nothing", "include at least one schema, or leave selection_rules out")
            object.__setattr__(self, "selection_rules", mappings)

    @property
    def selection_rules_json(self) -> Optional[str]:
        """`SelectionRules` as DMS takes it (a JSON string), or None."""
        rules = self.selection_rules
        return rules.to_json() if isinstance(rules, TableMappings) else None


def _rule_type(value: Any) -> str:
    return value.value if isinstance(value, RuleType) else str(value)


class BoundDataMigration(Construct):
    """A migration project's data migration (`<wave>/SchemaConversion/Projects/<project>/DataMigration`: `Resource`
    and the `ServiceRole` DMS runs it with). Created by `MigrationWave.add_migration_project`.

    :param name: `DataMigrationName`.
    :param project: the migration project's name, for descriptions.
    :param migration_project_arn: the project (`MigrationProjectIdentifier`).
    :param spec: what to migrate and how.
    :param secrets: the source's and target's secrets with their keys (None: `aws/secretsmanager`).
    """

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        name: str,
        project: str,
        migration_project_arn: str,
        spec: DataMigration,
        secrets: Sequence[tuple[secretsmanager.ISecret, Optional[kms.IKey]]],
    ) -> None:
        super().__init__(scope, id)
        self.name = name
        """`DataMigrationName`."""
        self.spec = spec
        """What the data migration was declared as."""
        self.service_role = DataMigrationRole(self, "ServiceRole", project=project, secrets=secrets)
        settings: dict[str, Any] = {"cloudwatch_logs_enabled": spec.cloudwatch_logs}
        if spec.number_of_jobs is not None:
            settings["number_of_jobs"] = spec.number_of_jobs
        if spec.selection_rules_json is not None:
            settings["selection_rules"] = spec.selection_rules_json
        self.resource = dms.CfnDataMigration(
            self,
            "Resource",
            data_migration_name=name,
            data_migration_type=spec.migration_type.value,
            migration_project_identifier=migration_project_arn,
            service_access_role_arn=self.service_role.role.role_arn,
            data_migration_settings=dms.CfnDataMigration.DataMigrationSettingsProperty(**settings),
        )
        # DMS checks the role when the data migration is created: its policy first (the role is referenced).
        self.resource.node.add_dependency(self.service_role.policy)
        self.data_migration_arn: str = self.resource.attr_data_migration_arn
        """The data migration's ARN (for `StartDataMigration`)."""

