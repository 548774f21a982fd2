"""One CDK Stage per environment: the account baseline, then the migration stack."""

from __future__ import annotations

from aws_cdk import Environment, Stage, Tags
from constructs import Construct

from .baseline_stack import AccountBaselineStack
from .config import EnvironmentConfig
from .migration_stack import MigrationStack


class MigrationEnvironment(Stage):
    """Stacks `<env>-AccountBaseline` and `<env>-Migration`, in that deployment order."""

    def __init__(self, scope: Construct, config: EnvironmentConfig) -> None:
        super().__init__(scope, config.name, env=Environment(account=config.account, region=config.region))
        self.config = config
        common = dict(termination_protection=config.termination_protection)
        self.baseline = AccountBaselineStack(
            self, "AccountBaseline", service_roles=config.service_roles,
            description="DMS account-wide service roles (dms-constructs)", **common
        )
        self.migration = MigrationStack(
            self, "Migration", config=config, description=f"DMS migration waves of {config.name} (dms-constructs)", **common
        )
        # dms-vpc-role must exist before any subnet group or replication instance.
        self.migration.add_stack_dependency(self.baseline, "DMS service roles are created by the account baseline")
        Tags.of(self).add("Environment", config.name)
        Tags.of(self).add("ManagedBy", "dms-constructs")
