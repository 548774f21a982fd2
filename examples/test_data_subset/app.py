"""Seed use case 9: a subset of production to build a test environment.

The QA database is refreshed with this year's orders and the customers, without the audit tables, and
with customers' e-mail addresses hashed (DMS data masking). A full load only: no CDC, the refresh runs
when QA asks for it. Run: `python examples/test_data_subset/app.py`.
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
    MigrationType,
    MigrationWave,
    WaveTags,
)
from dms_constructs.checks import DmsChecks
from dms_constructs.table_mappings import FilterCondition, RuleTarget, SourceFilter, TableMappings, TransformAction

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


def _postgres(stack: Stack, id: str, identifier: str) -> rds.IDatabaseInstance:
    return rds.DatabaseInstance.from_database_instance_attributes(
        stack, id, instance_identifier=identifier, port=5432, engine=rds.DatabaseInstanceEngine.POSTGRES,
        instance_endpoint_address=f"{identifier}.abcdefghijkl.eu-west-1.rds.amazonaws.com",
        security_groups=[ec2.SecurityGroup.from_security_group_id(stack, f"{id}Sg", "sg-0123456789abcdefa")],
    )


def build(app: App) -> list[Stack]:
    stack = Stack(app, "TestDataSubset", env=ENV)
    wave = MigrationWave(
        stack, "QaRefresh", name="qa-refresh", network=_application_network(stack),
        tags=WaveTags(application="orders", environment="qa", owner="qa@example.com", cost_center="CC-1100",
                      data_classification="masked"),
    )
    ca = EndpointCertificate.from_certificate_arn("arn:aws:dms:eu-west-1:123456789012:cert:rds-global-bundle")
    source = wave.add_source("production", DatabaseEndpoint.from_database_instance(
        _postgres(stack, "Production", "orders"), database_name="orders", certificate=ca, network_cidr=APPLICATION_VPC,
        credentials=EndpointCredentials.from_secret(secretsmanager.Secret.from_secret_name_v2(stack, "ProductionSecret", "orders/qa-reader")),
    ))
    target = wave.add_target("qa", DatabaseEndpoint.from_database_instance(
        _postgres(stack, "Qa", "orders-qa"), database_name="orders", certificate=ca, network_cidr=APPLICATION_VPC,
        credentials=EndpointCredentials.from_secret(secretsmanager.Secret.from_secret_name_v2(stack, "QaSecret", "orders-qa/dms_user")),
    ))
    mappings = (
        TableMappings()
        .include("sales", "orders", filters=[SourceFilter("created_at", [FilterCondition.gte("2026-01-01")])])
        .include("sales", "customers")
        .exclude("sales", "audit_%")
        .transform(TransformAction.DATA_MASKING_HASH_MASK, RuleTarget.COLUMN, "sales", "customers", "email")
    )
    wave.add_task("orders", source=source, target=target, migration_type=MigrationType.FULL_LOAD, table_mappings=mappings)
    return [stack]


def main() -> None:
    app = App()
    build(app)
    Validations.of(app).add_plugins(AwsSolutionsChecks(app), HIPAASecurityChecks(app), NIST80053R5Checks(app),
                                    PCIDSS321Checks(app), DmsChecks(app))
    app.synth()  # fails on any compliance finding that is not acknowledged


if __name__ == "__main__":
    main()
