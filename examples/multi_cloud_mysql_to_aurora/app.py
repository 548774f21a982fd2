"""Seed use case 10: cloud-to-cloud migration, a managed MySQL database in another cloud to Aurora MySQL.

The other cloud's network (192.168.0.0/16) is reached over a site-to-site VPN attached to a transit
gateway; DMS connects to the database's private address with TLS verified against the provider's CA
(imported once as a DMS certificate). Aurora MySQL is in the application VPC (peered).
Run: `python examples/multi_cloud_mysql_to_aurora/app.py`.
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
    SslMode,
    TransitGatewayAttachment,
    VpcPeering,
    WaveTags,
)
from dms_constructs.checks import DmsChecks
from dms_constructs.table_mappings import TableMappings

ENV = Environment(account="123456789012", region="eu-west-1")
OTHER_CLOUD = "192.168.0.0/16"
APPLICATION_VPC = "10.30.0.0/16"


def build(app: App) -> list[Stack]:
    stack = Stack(app, "MultiCloudMySqlToAurora", env=ENV)
    network = MigrationNetwork(
        stack, "Network", availability_zones=["eu-west-1a", "eu-west-1b"],
        transit_gateway=TransitGatewayAttachment(transit_gateway_id="tgw-0123456789abcdef0", routes=[OTHER_CLOUD]),
        peerings=[VpcPeering(peer_cidr=APPLICATION_VPC, peering_connection_id="pcx-0123456789abcdef0")],
    )
    wave = MigrationWave(
        stack, "Shop", name="shop", network=network,
        tags=WaveTags(application="shop", environment="prod", owner="shop-team@example.com", cost_center="CC-5001",
                      data_classification="confidential"),
    )
    provider_ca = EndpointCertificate.from_certificate_arn("arn:aws:dms:eu-west-1:123456789012:cert:other-cloud-mysql-ca")
    source = wave.add_source("other-cloud", DatabaseEndpoint.mysql(
        host="192.168.10.20", peer=ec2.Peer.ipv4(OTHER_CLOUD),
        # verify-ca: the provider's certificate names its own host, not the private address DMS connects to.
        ssl_mode=SslMode.VERIFY_CA, certificate=provider_ca,
        credentials=EndpointCredentials.generate(
            username="dms_user", no_rotation_reason="In another cloud: no rotation function in AWS manages its users."),
    ))
    cluster = rds.DatabaseCluster.from_database_cluster_attributes(
        stack, "Aurora", cluster_identifier="shop", port=3306,
        cluster_endpoint_address="shop.cluster-abcdefghijkl.eu-west-1.rds.amazonaws.com",
        security_groups=[ec2.SecurityGroup.from_security_group_id(stack, "AuroraSg", "sg-0123456789abcdef6")],
        engine=rds.DatabaseClusterEngine.AURORA_MYSQL,
    )
    target = wave.add_target("aurora", DatabaseEndpoint.from_database_cluster(
        cluster, database_name="shop", network_cidr=APPLICATION_VPC,
        certificate=EndpointCertificate.from_certificate_arn("arn:aws:dms:eu-west-1:123456789012:cert:rds-global-bundle"),
        credentials=EndpointCredentials.from_secret(secretsmanager.Secret.from_secret_name_v2(stack, "AuroraSecret", "shop/aurora/dms_user")),
    ))
    wave.add_task("shop", source=source, target=target, table_mappings=TableMappings().include("shop", "%"))
    return [stack]


def main() -> None:
    app = App()
    build(app)
    Validations.of(app).add_plugins(AwsSolutionsChecks(app), HIPAASecurityChecks(app), NIST80053R5Checks(app),
                                    PCIDSS321Checks(app), DmsChecks(app))
    app.synth()  # fails on any compliance finding that is not acknowledged


if __name__ == "__main__":
    main()
