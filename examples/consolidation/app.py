"""Seed use case 12: data consolidation, two product lines' customer databases into one Aurora MySQL cluster.

After a merger, line A's and line B's MySQL databases (both on premises, both with a `crm` schema and
overlapping customer ids) feed one Aurora MySQL cluster. Each source gets a task that renames `crm` to a
schema of its own, so keys cannot collide; the target is merged later in SQL. DMS does not validate a
consolidation, so the wave turns default validation off for both tasks.
Run: `python examples/consolidation/app.py`.
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
    MigrationNetwork,
    MigrationWave,
    TransitGatewayAttachment,
    VpcPeering,
    WaveTags,
)
from dms_constructs.checks import DmsChecks
from dms_constructs.table_mappings import TableMappings

ENV = Environment(account="123456789012", region="eu-west-1")
LINE_A, LINE_B = "10.60.0.0/16", "10.70.0.0/16"
APPLICATION_VPC = "10.30.0.0/16"
NO_ROTATION = "On premises: no rotation function in AWS can reach the database."


def build(app: App) -> list[Stack]:
    stack = Stack(app, "Consolidation", env=ENV)
    network = MigrationNetwork(
        stack, "Network", availability_zones=["eu-west-1a", "eu-west-1b"],
        transit_gateway=TransitGatewayAttachment(transit_gateway_id="tgw-0123456789abcdef0", routes=[LINE_A, LINE_B]),
        peerings=[VpcPeering(peer_cidr=APPLICATION_VPC, peering_connection_id="pcx-0123456789abcdef0")],
    )
    wave = MigrationWave(
        stack, "Customers", name="customers", network=network,
        tags=WaveTags(application="customer-360", environment="prod", owner="data@example.com", cost_center="CC-1200",
                      data_classification="confidential"),
    )
    ca = EndpointCertificate.from_certificate_arn("arn:aws:dms:eu-west-1:123456789012:cert:corp-root-ca")
    cluster = rds.DatabaseCluster.from_database_cluster_attributes(
        stack, "Aurora", cluster_identifier="customers", port=3306,
        cluster_endpoint_address="customers.cluster-abcdefghijkl.eu-west-1.rds.amazonaws.com",
        security_groups=[ec2.SecurityGroup.from_security_group_id(stack, "AuroraSg", "sg-0123456789abcdef4")],
        engine=rds.DatabaseClusterEngine.AURORA_MYSQL,
    )
    target = wave.add_target("aurora", DatabaseEndpoint.from_database_cluster(
        cluster, certificate=ca, network_cidr=APPLICATION_VPC,
        credentials=EndpointCredentials.from_secret(secretsmanager.Secret.from_secret_name_v2(stack, "AuroraSecret", "customers/aurora/dms_user")),
    ))
    for line, host, network_cidr in (("line-a", "crm.line-a.example.com", LINE_A), ("line-b", "crm.line-b.example.com", LINE_B)):
        source = wave.add_source(line, DatabaseEndpoint.mysql(
            host=host, peer=ec2.Peer.ipv4(network_cidr), certificate=ca,
            credentials=EndpointCredentials.generate(username="dms_user", no_rotation_reason=NO_ROTATION),
        ))
        schema = line.replace("-", "_")  # crm -> line_a / line_b: the two lines' keys never meet
        wave.add_task(line, source=source, target=target,
                      table_mappings=TableMappings().include("crm", "customers").rename_schema("crm", f"crm_{schema}"))
    return [stack]


def main() -> None:
    app = App()
    build(app)
    Validations.of(app).add_plugins(AwsSolutionsChecks(app), HIPAASecurityChecks(app), NIST80053R5Checks(app),
                                    PCIDSS321Checks(app), DmsChecks(app))
    app.synth()  # fails on any compliance finding that is not acknowledged


if __name__ == "__main__":
    main()
