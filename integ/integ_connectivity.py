"""Integration test 3: the reference app's network, built inside one account.

The reference app runs DMS in its own isolated VPC, reaches on-premises sources over a transit gateway,
resolves their on-premises host names through a Route 53 Resolver outbound endpoint, and reaches the
RDS targets in the application VPC over a peering connection. Here each of those is real and small:

- "on premises": a VPC on a transit gateway of the test, holding the source (RDS for PostgreSQL) under the
  name `pg.corp.integ.internal`, which only that VPC's resolver knows (a private hosted zone), served to
  the DMS VPC by an inbound Resolver endpoint at fixed addresses — the "on-premises name servers";
- "application": a VPC peered with the DMS VPC, holding the target (RDS for PostgreSQL);
- the wave: `MigrationNetwork` with `TransitGatewayAttachment`, `VpcPeering` and `OnPremisesDns`, as
  in `stacks/migration_stack.py`.

Asserted on real API results: both endpoints' connection tests are `successful` (so routes, security
groups, DNS forwarding and Secrets Manager access all work), the task is `ready`, and the wave's alarms
are OK or INSUFFICIENT_DATA. The task is not started: tests 1 and 2 prove a start.
"""

from __future__ import annotations

from aws_cdk import RemovalPolicy, Stack
from aws_cdk import aws_logs as logs
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_rds as rds
from aws_cdk import aws_route53 as route53
from aws_cdk import aws_route53resolver as resolver

from _support import open_to, SINGLE_AZ, THROWAWAY, WaveAssertions, integ_app, integ_test, postgres_instance, wave_tags
from dms_constructs import (
    EXCLUDED_PASSWORD_CHARACTERS,
    DatabaseEndpoint,
    EndpointCredentials,
    MigrationNetwork,
    MigrationType,
    MigrationWave,
    OnPremisesDns,
    ReplicationInstanceCapacity,
    SslMode,
    TransitGatewayAttachment,
    VpcPeering,
)
from dms_constructs.table_mappings import TableMappings

DMS_CIDR = "10.20.0.0/16"
ON_PREMISES_CIDR = "10.60.0.0/16"
APPLICATION_CIDR = "10.70.0.0/16"
# The "on-premises name servers": the inbound Resolver endpoint's addresses, one in each of the first two
# /24 subnets MigrationNetwork allocates (10.60.0.0/24, 10.60.1.0/24).
NAME_SERVERS = ["10.60.0.53", "10.60.1.53"]
DOMAIN = "corp.integ.internal"
SOURCE_HOST = f"pg.{DOMAIN}"
DATABASE = "integ"

app = integ_app()
stack = Stack(app, "DmsIntegConnectivity")
network_props = dict(removal_policy=RemovalPolicy.DESTROY, log_retention=logs.RetentionDays.ONE_DAY)

transit_gateway = ec2.CfnTransitGateway(
    stack, "TransitGateway", description="dms-constructs integration test: DMS VPC to the on-premises VPC",
    default_route_table_association="enable", default_route_table_propagation="enable", dns_support="enable",
)
# "On premises": attached to the transit gateway, routing the DMS VPC back through it.
on_premises = MigrationNetwork(
    stack, "OnPremises", cidr=ON_PREMISES_CIDR, **network_props,
    transit_gateway=TransitGatewayAttachment(transit_gateway_id=transit_gateway.ref, routes=[DMS_CIDR]),
)
application = MigrationNetwork(stack, "Application", cidr=APPLICATION_CIDR, **network_props)

wave = MigrationWave(
    stack,
    "Wave",
    name="integ-connectivity",
    network=MigrationNetwork(
        stack, "Network", cidr=DMS_CIDR, **network_props,
        transit_gateway=TransitGatewayAttachment(transit_gateway_id=transit_gateway.ref, routes=[ON_PREMISES_CIDR]),
        peerings=[VpcPeering(
            peer_cidr=APPLICATION_CIDR, peer_vpc_id=application.vpc.vpc_id,
            peer_route_table_ids=[subnet.route_table.route_table_id for subnet in application.vpc.isolated_subnets],
        )],
        on_premises_dns=OnPremisesDns(domains=[DOMAIN], name_server_ips=NAME_SERVERS),
    ),
    capacity=ReplicationInstanceCapacity(instance_class="dms.t3.micro", allocated_storage_gib=20, multi_az=False, single_az_reason=SINGLE_AZ),
    removal_policy=RemovalPolicy.DESTROY,
    log_retention=logs.RetentionDays.ONE_DAY,
    tags=wave_tags("integ-connectivity"),
)

# The source, as the reference app sees an on-premises database: a host name, a network, a secret the
# wave generates (the database takes its master password from that secret).
source = wave.add_source("postgres", DatabaseEndpoint.postgresql(
    host=SOURCE_HOST, database_name=DATABASE, peer=ec2.Peer.ipv4(ON_PREMISES_CIDR), ssl_mode=SslMode.REQUIRE,
    credentials=EndpointCredentials.generate(username="dms_admin", no_rotation_reason=THROWAWAY),
))
source_db = postgres_instance(
    stack, "SourceDatabase", vpc=on_premises.vpc, key=wave.encryption_key, database_name=DATABASE,
    credentials=rds.Credentials.from_secret(source.secret), parameters={"rds.logical_replication": "1"},
)
source_db.connections.allow_from(ec2.Peer.ipv4(DMS_CIDR), ec2.Port.tcp(5432), "DMS over the transit gateway")

# The on-premises name servers: an inbound Resolver endpoint answering from the on-premises VPC's resolver,
# which knows the private zone.
zone = route53.PrivateHostedZone(stack, "OnPremisesZone", zone_name=DOMAIN, vpc=on_premises.vpc)
route53.CnameRecord(stack, "SourceName", zone=zone, record_name="pg", domain_name=source_db.db_instance_endpoint_address)
dns_group = ec2.SecurityGroup(stack, "NameServerSecurityGroup", vpc=on_premises.vpc, allow_all_outbound=False,
                              description="On-premises name servers: DNS from the DMS VPC")
dns_group.add_ingress_rule(ec2.Peer.ipv4(DMS_CIDR), ec2.Port.udp(53), "DNS from the DMS VPC's outbound resolver")
dns_group.add_ingress_rule(ec2.Peer.ipv4(DMS_CIDR), ec2.Port.tcp(53), "DNS from the DMS VPC's outbound resolver")
resolver.CfnResolverEndpoint(
    stack, "NameServers", direction="INBOUND", name="integ-on-premises-name-servers", security_group_ids=[dns_group.security_group_id],
    ip_addresses=[
        resolver.CfnResolverEndpoint.IpAddressRequestProperty(subnet_id=subnet.subnet_id, ip=ip)
        for subnet, ip in zip(on_premises.vpc.isolated_subnets, NAME_SERVERS)
    ],
)

# The target in the application VPC, over the peering connection.
target_db = postgres_instance(
    stack, "TargetDatabase", vpc=application.vpc, key=wave.encryption_key, database_name=DATABASE,
    credentials=rds.Credentials.from_generated_secret("dms_admin", exclude_characters=EXCLUDED_PASSWORD_CHARACTERS, encryption_key=wave.encryption_key),
)
target = wave.add_target("rds-postgres", DatabaseEndpoint.from_database_instance(
    target_db, database_name=DATABASE, network_cidr=APPLICATION_CIDR, ssl_mode=SslMode.REQUIRE,
    credentials=EndpointCredentials.from_secret(target_db.secret, key=wave.encryption_key),
))
open_to(target_db)
task = wave.add_task("items", source=source, target=target, migration_type=MigrationType.FULL_LOAD_AND_CDC,
                     table_mappings=TableMappings().include("public", "%"))

test = integ_test(app, "Connectivity", stack)
checks = WaveAssertions(test, wave)
checks.connection_tests_succeed(wave.replication_instance.instance_arn, [source.endpoint_arn, target.endpoint_arn])
checks.task_is_ready(task)
checks.alarms_are_quiet()

app.synth()
