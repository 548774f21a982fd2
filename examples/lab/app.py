"""The hands-on lab of the AWS DMS guide (section 10): RDS for MySQL to RDS for MySQL, full load + CDC of
`dmslab.customers`, on a small single-AZ replication instance, every resource tagged for clean-up.

The lab's two RDS instances (`dms-lab-src`, `dms-lab-tgt`, steps 2-4) exist already in the lab VPC, each
with a secret that holds the DMS user; this app is steps 5-8: the subnet group, the replication
instance, the endpoints and the task. Run: `python examples/lab/app.py` (or
`cdk synth --app "python examples/lab/app.py"`).
"""

from __future__ import annotations

from aws_cdk import App, Environment, RemovalPolicy, Stack, Validations
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_rds as rds
from aws_cdk import aws_secretsmanager as secretsmanager
from cdk_nag import AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks

from dms_constructs import (
    DatabaseEndpoint,
    DmsServiceRoles,
    EndpointCertificate,
    EndpointCredentials,
    ExistingSubnet,
    MigrationNetwork,
    MigrationType,
    MigrationWave,
    ReplicationInstanceCapacity,
    WaveTags,
)
from dms_constructs.checks import DmsChecks
from dms_constructs.table_mappings import TableMappings

ENV = Environment(account="123456789012", region="eu-west-1")
# The RDS CA bundle, imported once as a DMS certificate (`aws dms import-certificate`).
LAB_VPC_CIDR = "10.0.0.0/16"  # the databases and DMS share the lab VPC
RDS_CA = "arn:aws:dms:eu-west-1:123456789012:cert:rds-global-bundle"


def _lab_database(stack: Stack, id: str, identifier: str) -> rds.IDatabaseInstance:
    return rds.DatabaseInstance.from_database_instance_attributes(
        stack, id, instance_identifier=identifier, port=3306,
        instance_endpoint_address=f"{identifier}.abcdefghijkl.eu-west-1.rds.amazonaws.com",
        security_groups=[ec2.SecurityGroup.from_security_group_id(stack, f"{id}Sg", "sg-0a1b2c3d4e5f60718")],  # dms-lab-db-sg
        engine=rds.DatabaseInstanceEngine.MYSQL,
    )


def build(app: App) -> list[Stack]:
    """The lab's stacks: the account's DMS roles (once per account) and the migration."""
    baseline = Stack(app, "DmsLabBaseline", env=ENV)
    DmsServiceRoles(baseline, "DmsServiceRoles")
    stack = Stack(app, "DmsLab", env=ENV)
    stack.add_stack_dependency(baseline)

    # Step 5: DMS in the lab VPC's private subnets, in two zones.
    network = MigrationNetwork.from_existing_vpc(
        stack, "Network", vpc_id="vpc-0a1b2c3d4e5f60718", vpc_cidr=LAB_VPC_CIDR,
        subnets=[
            ExistingSubnet("subnet-0a1b2c3d4e5f60718", "eu-west-1a", "rtb-0a1b2c3d4e5f60718"),
            ExistingSubnet("subnet-1a1b2c3d4e5f60718", "eu-west-1b", "rtb-1a1b2c3d4e5f60718"),
        ],
    )
    # Step 6: a small, private replication instance; single-AZ only because this is a lab (step 1's tags).
    wave = MigrationWave(
        stack, "Lab", name="dms-lab", network=network,
        capacity=ReplicationInstanceCapacity(
            instance_class="dms.t3.micro", allocated_storage_gib=20, multi_az=False,
            single_az_reason="A lab with a lifetime of hours: an AZ outage only means running it again.",
        ),
        removal_policy=RemovalPolicy.DESTROY,  # the lab's clean-up step deletes everything
        tags=WaveTags(application="dms-lab", environment="lab", owner="you@example.com", cost_center="training",
                      data_classification="test-data"),
    )
    # Step 7: the endpoints read the DMS user from each database's secret; TLS verified against the RDS CA.
    ca = EndpointCertificate.from_certificate_arn(RDS_CA)
    source = wave.add_source("src", DatabaseEndpoint.from_database_instance(
        _lab_database(stack, "Source", "dms-lab-src"), certificate=ca, network_cidr=LAB_VPC_CIDR,
        credentials=EndpointCredentials.from_secret(secretsmanager.Secret.from_secret_name_v2(stack, "SourceSecret", "dms-lab-src/dms_user")),
    ))
    target = wave.add_target("tgt", DatabaseEndpoint.from_database_instance(
        _lab_database(stack, "Target", "dms-lab-tgt"), certificate=ca, network_cidr=LAB_VPC_CIDR, database_name="dmslab",
        credentials=EndpointCredentials.from_secret(secretsmanager.Secret.from_secret_name_v2(stack, "TargetSecret", "dms-lab-tgt/dms_user")),
    ))
    # Step 8: full load + CDC of dmslab.customers (the guide's 8.1 mapping), started once after it is created.
    wave.add_task("task", source=source, target=target, migration_type=MigrationType.FULL_LOAD_AND_CDC,
                  table_mappings=TableMappings().include("dmslab", "customers"), start_after_create=True)
    return [baseline, stack]


def main() -> None:
    app = App()
    build(app)
    Validations.of(app).add_plugins(AwsSolutionsChecks(app), HIPAASecurityChecks(app), NIST80053R5Checks(app),
                                    PCIDSS321Checks(app), DmsChecks(app))
    app.synth()  # fails on any compliance finding that is not acknowledged


if __name__ == "__main__":
    main()
