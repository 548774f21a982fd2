"""Seed use case 11: a major version upgrade as a migration, PostgreSQL 12 to PostgreSQL 16.

Instead of an in-place upgrade, a new RDS for PostgreSQL 16 instance is filled from the version 12 one
(full load + CDC) and validated row by row; the application cuts over when validation is clean, and the
old instance stays as the rollback. Run: `python examples/version_upgrade/app.py`.
"""

from __future__ import annotations

from aws_cdk import App, Environment, Stack, Validations
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_rds as rds
from aws_cdk import aws_secretsmanager as secretsmanager
from cdk_nag import AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks

from dms_constructs import (
    DatabaseEndpoint,
    EndpointCertificate,
    EndpointCredentials,
    ExistingSubnet,
    MigrationNetwork,
    MigrationWave,
    WaveTags,
)
from dms_constructs.checks import DmsChecks
from dms_constructs.table_mappings import TableMappings
from dms_constructs.task_settings import TargetTablePrepMode, TaskSettings

ENV = Environment(account="123456789012", region="eu-west-1")
APPLICATION_VPC = "10.30.0.0/16"


def _application_network(stack: Stack) -> MigrationNetwork:
    """DMS in the application VPC, where the databases are (imported from its attributes, no lookup)."""
    return MigrationNetwork.from_existing_vpc(
        stack, "Network", vpc_id="vpc-0123456789abcdef0", vpc_cidr=APPLICATION_VPC,
        subnets=[
            ExistingSubnet("subnet-0123456789abcdef0", "eu-west-1a", "rtb-0123456789abcdef0"),
            ExistingSubnet("subnet-0123456789abcdef1", "eu-west-1b", "rtb-0123456789abcdef1"),
        ],
    )


def build(app: App) -> list[Stack]:
    stack = Stack(app, "VersionUpgrade", env=ENV)
    wave = MigrationWave(
        stack, "Upgrade", name="pg16-upgrade", network=_application_network(stack),
        tags=WaveTags(application="app", environment="prod", owner="dba@example.com", cost_center="CC-1300",
                      data_classification="confidential"),
    )
    ca = EndpointCertificate.from_certificate_arn("arn:aws:dms:eu-west-1:123456789012:cert:rds-global-bundle")
    database_sg = ec2.SecurityGroup.from_security_group_id(stack, "DatabaseSg", "sg-0123456789abcdefb")
    versions = {
        "pg12": rds.DatabaseInstanceEngine.postgres(version=rds.PostgresEngineVersion.VER_12),
        "pg16": rds.DatabaseInstanceEngine.postgres(version=rds.PostgresEngineVersion.VER_16),
    }
    endpoints = {}
    for name, engine in versions.items():
        instance = rds.DatabaseInstance.from_database_instance_attributes(
            stack, f"App{name}", instance_identifier=f"app-{name}", port=5432, engine=engine, security_groups=[database_sg],
            instance_endpoint_address=f"app-{name}.abcdefghijkl.eu-west-1.rds.amazonaws.com",
        )
        endpoints[name] = DatabaseEndpoint.from_database_instance(
            instance, database_name="app", certificate=ca, network_cidr=APPLICATION_VPC,
            credentials=EndpointCredentials.from_secret(secretsmanager.Secret.from_secret_name_v2(stack, f"{name}Secret", f"app-{name}/dms_user")),
        )
    source = wave.add_source("pg12", endpoints["pg12"])
    target = wave.add_target("pg16", endpoints["pg16"])
    # The schema was created on 16 beforehand (pg_dump --schema-only): DMS never drops it.
    settings = TaskSettings(validation=True, target_table_prep_mode=TargetTablePrepMode.DO_NOTHING, max_full_load_subtasks=16)
    wave.add_task("app", source=source, target=target, table_mappings=TableMappings().include("public", "%"), settings=settings)
    return [stack]


def main() -> None:
    app = App()
    build(app)
    Validations.of(app).add_plugins(AwsSolutionsChecks(app), HIPAASecurityChecks(app), NIST80053R5Checks(app),
                                    PCIDSS321Checks(app), DmsChecks(app))
    app.synth()  # fails on any compliance finding that is not acknowledged


if __name__ == "__main__":
    main()
