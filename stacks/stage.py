"""One CDK Stage per environment: the account baseline (when it creates the DMS service roles), then the
migration stack."""

from __future__ import annotations

from typing import Optional

from aws_cdk import Environment, Stage, Tags
from constructs import Construct

from .baseline_stack import AccountBaselineStack
from .config import EnvironmentConfig, ServiceRolesMode
from .migration_stack import MigrationStack


class MigrationEnvironment(Stage):
    """Stacks `<env>-AccountBaseline` and `<env>-Migration`, in that deployment order. With
    `service_roles=ServiceRolesMode.IMPORT` the roles exist already and there is no baseline stack
    (`baseline` is None): it would hold nothing, and an empty template is invalid."""

    def __init__(self, scope: Construct, config: EnvironmentConfig) -> None:
        super().__init__(scope, config.name, env=Environment(account=config.account, region=config.region))
        self.config = config
        common = dict(termination_protection=config.termination_protection)
        self.baseline: Optional[AccountBaselineStack] = None
        if config.service_roles is ServiceRolesMode.CREATE:
            self.baseline = AccountBaselineStack(
                self, "AccountBaseline", description="DMS account-wide service roles (dms-constructs)", **common
            )
        self.migration = MigrationStack(
            self, "Migration", config=config, description=f"DMS migration waves of {config.name} (dms-constructs)", **common
        )
        if self.baseline is not None:
            # dms-vpc-role must exist before any subnet group or replication instance.
            self.migration.add_stack_dependency(self.baseline, "DMS service roles are created by the account baseline")
        Tags.of(self).add("Environment", config.name)
        Tags.of(self).add("ManagedBy", "dms-constructs")
