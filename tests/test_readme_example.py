"""The README's library example, as a user would write it in another CDK app, passes every gate."""

from __future__ import annotations

from aws_cdk import App, Environment, Stack, Validations
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_rds as rds
from cdk_nag import AwsSolutionsChecks

from dms_constructs import (
    DatabaseEndpoint,
    DmsServiceRoles,
    EndpointCertificate,
    EndpointCredentials,
    MigrationNetwork,
    MigrationType,
    MigrationWave,
    OnPremisesDns,
    ReplicationInstanceCapacity,
    TransitGatewayAttachment,
    VpcPeering,
    WaveTags,
)
from dms_constructs.checks import DmsChecks
from dms_constructs.table_mappings import TableMappings
from stacks.inventory import CA_BUNDLE

from .helpers import resources

# A stand-in for the CA chain the owner of the on-premises database hands over (not the RDS bundle).
CORP_CA = "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUCORPORATECA\n-----END CERTIFICATE-----\n"


def test_readme_example_synthesizes_with_the_dms_pack(tmp_path):
    app = App(outdir=str(tmp_path))
    env = Environment(account="123456789012", region="eu-west-1")
    baseline = Stack(app, "DmsBaseline", env=env)
    DmsServiceRoles(baseline, "DmsServiceRoles")
    stack = Stack(app, "Orders", env=env)
    stack.add_stack_dependency(baseline, "the DMS service roles come first")
    aurora = rds.DatabaseCluster.from_database_cluster_attributes(
        stack, "Aurora", cluster_identifier="orders", cluster_endpoint_address="orders.cluster-x.eu-west-1.rds.amazonaws.com",
        port=3306, security_groups=[ec2.SecurityGroup.from_security_group_id(stack, "AuroraSg", "sg-0123456789abcdef0")],
        engine=rds.DatabaseClusterEngine.AURORA_MYSQL,
    )
    network = MigrationNetwork(
        stack, "Network",
        availability_zones=["eu-west-1a", "eu-west-1b"],                       # explicit: no lookups
        transit_gateway=TransitGatewayAttachment(                              # on premises, over Direct Connect
            transit_gateway_id="tgw-0123456789abcdef0", routes=["10.50.0.0/16"]),
        peerings=[VpcPeering(peer_cidr="10.30.0.0/16",                         # the application VPC
                             peering_connection_id="pcx-0123456789abcdef0")],
        on_premises_dns=OnPremisesDns(domains=["corp.example.com"], name_server_ips=["10.50.0.2", "10.50.0.3"]))
    wave = MigrationWave(
        stack, "Orders", network=network,
        capacity=ReplicationInstanceCapacity(instance_class="dms.r6i.large", allocated_storage_gib=100),
        tags=WaveTags(application="orders", environment="prod", owner="data@example.com", cost_center="CC-1234", data_classification="confidential"),
    )
    # The on-premises source's own CA (its owner's chain), and the RDS bundle for the Aurora target.
    corp_ca_file = tmp_path / "orders-db-ca.pem"
    corp_ca_file.write_text(CORP_CA)
    corp_ca = EndpointCertificate.from_pem_file(str(corp_ca_file))
    rds_ca = EndpointCertificate.from_pem_file(CA_BUNDLE)
    source = wave.add_source("mysql", DatabaseEndpoint.mysql(
        host="orders-db.corp.example.com", peer=ec2.Peer.ipv4("10.50.0.0/16"), certificate=corp_ca,
        credentials=EndpointCredentials.generate(username="dms_user", no_rotation_reason="on premises: no rotation function can reach it")))
    target = wave.add_target("aurora", DatabaseEndpoint.from_database_cluster(
        aurora, database_name="orders", certificate=rds_ca, network_cidr="10.30.0.0/16",
        credentials=EndpointCredentials.generate(username="dms_user", no_rotation_reason="rotated by the database team's own schedule")))
    task = wave.add_task("customers", source=source, target=target, migration_type=MigrationType.FULL_LOAD_AND_CDC,
                         table_mappings=TableMappings().include("orders", "customers"))
    Validations.of(app).add_plugins(DmsChecks(app), AwsSolutionsChecks(app))
    assembly = app.synth()  # raises on any unacknowledged finding
    template = assembly.get_stack_by_name("Orders").template
    (props,) = [r["Properties"] for r in resources(template, "AWS::DMS::ReplicationTask").values()]
    assert props["ReplicationTaskIdentifier"] == "orders-customers-dms"
    assert task.identifier == "orders-customers-dms" and wave.tasks == {"customers": task}
    assert not [r for r in resources(template, "AWS::IAM::Role").values() if r["Properties"].get("RoleName") == "dms-vpc-role"]
    # Each endpoint verifies against its own CA: the on-premises source never against the RDS bundle.
    certificates = resources(template, "AWS::DMS::Certificate")
    endpoints = {r["Properties"]["EndpointType"]: r["Properties"] for r in resources(template, "AWS::DMS::Endpoint").values()}
    pem_of = {kind: certificates[props["CertificateArn"]["Ref"]]["Properties"]["CertificatePem"].strip()
              for kind, props in endpoints.items()}
    assert pem_of["source"] == CORP_CA.strip()
    assert pem_of["target"].startswith("-----BEGIN CERTIFICATE-----\nMIIBsDCCAVagAwIBAgIBATAKBggqhkjOPQQDAjBXMSYwJAYDVQQDDB1kbXMtY29u\n")
    assert (endpoints["source"]["SslMode"], endpoints["target"]["SslMode"]) == ("verify-full", "verify-full")
