"""Connectivity: transit gateway, peering, VPN gateway, on-premises DNS, existing VPCs, and the
reachability check that refuses an endpoint the DMS subnets cannot reach."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from aws_cdk import App, Stack
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_rds as rds
from aws_cdk.assertions import Annotations, Match, Template

from dms_constructs import (
    DatabaseEndpoint,
    DmsConfigError,
    EndpointCredentials,
    ExistingSubnet,
    MigrationNetwork,
    MigrationWave,
    OnPremisesDns,
    TransitGatewayAttachment,
    VpcPeering,
    VpnGateway,
)

from .conftest import AZS, env_stack
from .helpers import resources

ROOT = Path(__file__).resolve().parent.parent
TGW = "tgw-0123456789abcdef0"
PCX = "pcx-0123456789abcdef0"
VGW = "vgw-0123456789abcdef0"
SUBNETS = [
    ExistingSubnet("subnet-0aaaaaaaaaaaaaaa1", "eu-west-1a", "rtb-0aaaaaaaaaaaaaaa1"),
    ExistingSubnet("subnet-0bbbbbbbbbbbbbbb2", "eu-west-1b", "rtb-0bbbbbbbbbbbbbbb2"),
]
TABLE_REFS = [{"Ref": "NetworkVpcDmsSubnet1RouteTable80358A19"}, {"Ref": "NetworkVpcDmsSubnet2RouteTable42DFCA46"}]
SUBNET_REFS = [{"Ref": "NetworkVpcDmsSubnet1SubnetEC070DB1"}, {"Ref": "NetworkVpcDmsSubnet2Subnet4B6464BF"}]
VPC_REF = {"Ref": "NetworkVpc7FB7348F"}


def _creds() -> EndpointCredentials:
    return EndpointCredentials.generate(username="dms", no_rotation_reason="test database outside AWS")


def _postgres(host: str, cidr: str) -> DatabaseEndpoint:
    return DatabaseEndpoint.postgresql(host=host, database_name="app", peer=ec2.Peer.ipv4(cidr), credentials=_creds())


def _imported_cluster(stack: Stack, id: str = "Aurora") -> rds.IDatabaseCluster:
    return rds.DatabaseCluster.from_database_cluster_attributes(
        stack, id, cluster_identifier="orders", cluster_endpoint_address="orders.cluster-x.eu-west-1.rds.amazonaws.com",
        port=5432, engine=rds.DatabaseClusterEngine.AURORA_POSTGRESQL,
        security_groups=[ec2.SecurityGroup.from_security_group_id(stack, f"{id}Sg", "sg-0123456789abcdef0")],
    )


def _message(call) -> str:
    with pytest.raises(DmsConfigError) as err:
        call()
    return str(err.value)


def _template(stack: Stack) -> dict:
    return Template.from_stack(stack).to_json()


# --- a new VPC: isolated, no lookups ---------------------------------------------------------------


def test_a_new_vpc_is_plain_cloudformation_with_isolated_subnets_and_a_closed_default_group():
    stack = env_stack()
    MigrationNetwork(stack, "Network", availability_zones=AZS)
    t = _template(stack)
    (vpc,) = resources(t, "AWS::EC2::VPC").values()
    assert vpc["Properties"]["CidrBlock"] == "10.20.0.0/16"
    assert vpc["Properties"]["EnableDnsSupport"] is True and vpc["Properties"]["EnableDnsHostnames"] is True
    subnets = resources(t, "AWS::EC2::Subnet")
    assert sorted(s["Properties"]["CidrBlock"] for s in subnets.values()) == ["10.20.0.0/24", "10.20.1.0/24"]
    assert sorted(s["Properties"]["AvailabilityZone"] for s in subnets.values()) == AZS
    assert all(s["Properties"]["MapPublicIpOnLaunch"] is False for s in subnets.values())
    # Nothing leads out: no internet gateway, NAT, or route other than the S3 gateway endpoint's.
    for kind in ("AWS::EC2::InternetGateway", "AWS::EC2::NatGateway", "AWS::EC2::Route", "AWS::EC2::EIP"):
        assert not resources(t, kind), kind
    (restrict,) = resources(t, "Custom::VpcRestrictDefaultSG").values()
    assert restrict["Properties"]["DefaultSecurityGroupId"] == {"Fn::GetAtt": ["NetworkVpc7FB7348F", "DefaultSecurityGroup"]}
    assert restrict["Properties"]["ServiceTimeout"] == "300"
    (role,) = [r for r in resources(t, "AWS::IAM::Role").values() if "Policies" in r["Properties"]]
    (statement,) = [s for p in role["Properties"]["Policies"] for s in p["PolicyDocument"]["Statement"]]
    assert statement["Action"] == ["ec2:RevokeSecurityGroupIngress", "ec2:RevokeSecurityGroupEgress"]


def test_a_wave_in_an_environment_stack_asks_for_no_context_and_carries_no_error():
    app = App()
    stack = env_stack(app)
    wave = MigrationWave(stack, "Orders", availability_zones=AZS)
    manifest = json.loads((Path(app.synth().directory) / "manifest.json").read_text())
    assert "missing" not in manifest  # no context provider was asked for anything
    metadata = manifest["artifacts"][stack.artifact_id].get("metadata", {})
    assert [e for entries in metadata.values() for e in entries if e["type"] == "aws:cdk:error"] == []
    assert wave.network.vpc_cidr == "10.20.0.0/16"


@pytest.mark.parametrize(
    "cidr, message",
    [
        ("10.20.0.0", "MigrationNetwork.cidr: is not an IPv4 network in CIDR notation (got '10.20.0.0'); give e.g. '10.20.0.0/16' (no host bits set)"),
        ("10.20.0.0/24", "MigrationNetwork.cidr: cannot be split into 2 /24 DMS subnets (one per zone): a VPC network is /16 at the largest, and one for 2 zones /23 at the smallest (got '10.20.0.0/24'); "
                         "give a network from /16 to /23, e.g. '10.20.0.0/16'"),
        ("10.0.0.0/8", "MigrationNetwork.cidr: cannot be split into 2 /24 DMS subnets (one per zone): a VPC network is /16 at the largest, and one for 2 zones /23 at the smallest (got '10.0.0.0/8'); "
                       "give a network from /16 to /23, e.g. '10.20.0.0/16'"),
    ],
)
def test_a_vpc_cidr_that_cannot_hold_the_subnets_is_refused(cidr, message):
    assert _message(lambda: MigrationNetwork(env_stack(), "Network", availability_zones=AZS, cidr=cidr)) == message


# --- transit gateway -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def tgw_template() -> dict:
    stack = env_stack()
    MigrationNetwork(stack, "Network", availability_zones=AZS,
                     transit_gateway=TransitGatewayAttachment(transit_gateway_id=TGW, routes=["10.50.0.0/16", "pl-0123456789abcdef0"]))
    return _template(stack)


def test_transit_gateway_attaches_one_subnet_per_zone(tgw_template):
    (attachment,) = resources(tgw_template, "AWS::EC2::TransitGatewayVpcAttachment").values()
    assert attachment["Properties"] == {"TransitGatewayId": TGW, "VpcId": VPC_REF, "SubnetIds": SUBNET_REFS}


def test_transit_gateway_routes_every_network_from_every_dms_route_table(tgw_template):
    (attachment_id,) = resources(tgw_template, "AWS::EC2::TransitGatewayVpcAttachment")
    routes = resources(tgw_template, "AWS::EC2::Route").values()
    got = sorted((json.dumps(r["Properties"], sort_keys=True), r["DependsOn"]) for r in routes)
    expected = sorted(
        (json.dumps({"RouteTableId": table, key: destination, "TransitGatewayId": TGW}, sort_keys=True), [attachment_id])
        for table in TABLE_REFS
        for key, destination in (("DestinationCidrBlock", "10.50.0.0/16"), ("DestinationPrefixListId", "pl-0123456789abcdef0"))
    )
    assert got == expected


def test_an_existing_attachment_adds_routes_only():
    stack = env_stack()
    MigrationNetwork.from_existing_vpc(
        stack, "Network", vpc_id="vpc-0123456789abcdef0", vpc_cidr="10.40.0.0/16", subnets=SUBNETS,
        transit_gateway=TransitGatewayAttachment(transit_gateway_id=TGW, routes=["10.50.0.0/16"], attachment_id="tgw-attach-0123456789abcdef0"),
    )
    t = _template(stack)
    assert not resources(t, "AWS::EC2::TransitGatewayVpcAttachment")
    assert sorted(r["Properties"]["RouteTableId"] for r in resources(t, "AWS::EC2::Route").values()) == [s.route_table_id for s in SUBNETS]
    assert all("DependsOn" not in r for r in resources(t, "AWS::EC2::Route").values())


# --- peering ---------------------------------------------------------------------------------------


def test_a_new_peering_routes_both_ways_in_one_account():
    stack = env_stack()
    MigrationNetwork(stack, "Network", availability_zones=AZS, peerings=[VpcPeering(
        peer_cidr="10.30.0.0/16", peer_vpc_id="vpc-0123456789abcdef0", peer_route_table_ids=["rtb-0123456789abcdef0"])])
    t = _template(stack)
    (connection_id, connection), = resources(t, "AWS::EC2::VPCPeeringConnection").items()
    assert connection["Properties"] == {"VpcId": VPC_REF, "PeerVpcId": "vpc-0123456789abcdef0"}
    routes = sorted(json.dumps(r["Properties"], sort_keys=True) for r in resources(t, "AWS::EC2::Route").values())
    pcx = {"Ref": connection_id}
    assert routes == sorted(
        [json.dumps({"RouteTableId": table, "DestinationCidrBlock": "10.30.0.0/16", "VpcPeeringConnectionId": pcx}, sort_keys=True) for table in TABLE_REFS]
        + [json.dumps({"RouteTableId": "rtb-0123456789abcdef0", "DestinationCidrBlock": "10.20.0.0/16", "VpcPeeringConnectionId": pcx}, sort_keys=True)]
    )


def test_a_cross_account_peering_names_the_owner_region_and_role():
    stack = env_stack()
    MigrationNetwork(stack, "Network", availability_zones=AZS, peerings=[VpcPeering(
        peer_cidr="10.30.0.0/16", peer_vpc_id="vpc-0123456789abcdef0", peer_account="210987654321", peer_region="eu-central-1",
        peer_role_arn="arn:aws:iam::210987654321:role/accept-peering")])
    (connection,) = resources(_template(stack), "AWS::EC2::VPCPeeringConnection").values()
    assert connection["Properties"] == {
        "VpcId": VPC_REF, "PeerVpcId": "vpc-0123456789abcdef0", "PeerOwnerId": "210987654321",
        "PeerRegion": "eu-central-1", "PeerRoleArn": "arn:aws:iam::210987654321:role/accept-peering",
    }


def test_peering_refusals():
    cross = VpcPeering(peer_cidr="10.30.0.0/16", peer_vpc_id="vpc-0123456789abcdef0", peer_account="210987654321")
    assert _message(lambda: MigrationNetwork(env_stack(), "Network", availability_zones=AZS, peerings=[cross])) == (
        "MigrationNetwork.peerings[0].peer_role_arn: is required to create a peering connection to account 210987654321 (got None); "
        "give a role in the peer account that may accept it (ec2:AcceptVpcPeeringConnection)"
    )
    back = VpcPeering(peer_cidr="10.30.0.0/16", peering_connection_id=PCX, peer_region="us-east-1", peer_route_table_ids=["rtb-0123456789abcdef0"])
    assert _message(lambda: MigrationNetwork(env_stack(), "Network", availability_zones=AZS, peerings=[back])) == (
        "MigrationNetwork.peerings[0].peer_route_table_ids: can only be set for a peer VPC in this stack's account and region "
        "(a stack cannot write routes elsewhere) (got ['rtb-0123456789abcdef0']); drop peer_route_table_ids; the peer VPC's owner "
        "adds the route back to this VPC"
    )
    overlap = VpcPeering(peer_cidr="10.20.128.0/17", peering_connection_id=PCX)
    assert _message(lambda: MigrationNetwork(env_stack(), "Network", availability_zones=AZS, peerings=[overlap])) == (
        "MigrationNetwork: overlaps the VPC's own network 10.20.0.0/16: traffic to it never leaves the VPC (got '10.20.128.0/17'); "
        "choose a VPC cidr that overlaps no database network, or fix the route"
    )


# --- VPN gateway -----------------------------------------------------------------------------------


def test_a_vpn_gateway_is_attached_and_its_routes_propagate_to_the_dms_tables():
    stack = env_stack()
    MigrationNetwork(stack, "Network", availability_zones=AZS, vpn_gateway=VpnGateway(vpn_gateway_id=VGW, routes=["10.50.0.0/16"]))
    t = _template(stack)
    (attachment_id, attachment), = resources(t, "AWS::EC2::VPCGatewayAttachment").items()
    assert attachment["Properties"] == {"VpcId": VPC_REF, "VpnGatewayId": VGW}
    (propagation,) = resources(t, "AWS::EC2::VPNGatewayRoutePropagation").values()
    assert propagation["Properties"] == {"RouteTableIds": TABLE_REFS, "VpnGatewayId": VGW}
    assert propagation["DependsOn"] == [attachment_id]


def test_an_existing_vpc_cannot_attach_another_gateway():
    assert _message(lambda: MigrationNetwork.from_existing_vpc(
        env_stack(), "Network", vpc_id="vpc-0123456789abcdef0", vpc_cidr="10.40.0.0/16", subnets=SUBNETS,
        vpn_gateway=VpnGateway(vpn_gateway_id=VGW, routes=["10.50.0.0/16"]))) == (
        "MigrationNetwork.from_existing_vpc.vpn_gateway.attach: cannot attach a gateway to an existing VPC (it has its own) (got True); "
        "pass VpnGateway(..., attach=False) for a gateway already attached to this VPC"
    )


# --- on-premises DNS -------------------------------------------------------------------------------


def test_on_premises_domains_are_forwarded_through_an_outbound_resolver_endpoint():
    stack = env_stack()
    MigrationNetwork(
        stack, "Network", availability_zones=AZS,
        transit_gateway=TransitGatewayAttachment(transit_gateway_id=TGW, routes=["10.50.0.0/16"]),
        on_premises_dns=OnPremisesDns(domains=["Corp.Example.com.", "legacy.example.org"], name_server_ips=["10.50.0.2", "10.50.0.3"],
                                      resolver_rule_ids=["rslvr-rr-0123456789abcdef0"]),
    )
    t = _template(stack)
    (endpoint_id, endpoint), = resources(t, "AWS::Route53Resolver::ResolverEndpoint").items()
    props = endpoint["Properties"]
    assert props["Direction"] == "OUTBOUND"
    assert props["IpAddresses"] == [{"SubnetId": ref} for ref in SUBNET_REFS]
    (group_ref,) = props["SecurityGroupIds"]
    group = t["Resources"][group_ref["Fn::GetAtt"][0]]["Properties"]
    assert sorted((e["IpProtocol"], e["FromPort"], e["CidrIp"]) for e in group["SecurityGroupEgress"]) == [
        ("tcp", 53, "10.50.0.2/32"), ("tcp", 53, "10.50.0.3/32"), ("udp", 53, "10.50.0.2/32"), ("udp", 53, "10.50.0.3/32")]
    rules = {r["Properties"]["DomainName"]: r["Properties"] for r in resources(t, "AWS::Route53Resolver::ResolverRule").values()}
    assert set(rules) == {"corp.example.com", "legacy.example.org"}
    for rule in rules.values():
        assert rule["RuleType"] == "FORWARD"
        assert rule["ResolverEndpointId"] == {"Fn::GetAtt": [endpoint_id, "ResolverEndpointId"]}
        assert rule["TargetIps"] == [{"Ip": "10.50.0.2", "Port": "53"}, {"Ip": "10.50.0.3", "Port": "53"}]
    associations = [a["Properties"] for a in resources(t, "AWS::Route53Resolver::ResolverRuleAssociation").values()]
    assert len(associations) == 3 and all(a["VPCId"] == VPC_REF for a in associations)
    assert {"ResolverRuleId": "rslvr-rr-0123456789abcdef0", "VPCId": VPC_REF} in associations


def test_name_servers_must_be_routed():
    assert _message(lambda: MigrationNetwork(env_stack(), "Network", availability_zones=AZS,
                                             on_premises_dns=OnPremisesDns(domains=["corp.example.com"], name_server_ips=["10.50.0.2"]))) == (
        "MigrationNetwork.on_premises_dns.name_server_ips: the on-premises name server (10.50.0.2/32 port 53) is not routed from the DMS "
        "subnets of Test/Network (routes: 10.20.0.0/16 via local) (got '10.50.0.2/32'); attach a transit gateway with a route to "
        "10.50.0.2/32 (MigrationNetwork(transit_gateway=TransitGatewayAttachment(transit_gateway_id='tgw-...', routes=['10.50.0.2/32']))), "
        "peer the database's VPC (peerings=[VpcPeering(peer_cidr='10.50.0.2/32', ...)]), or propagate a VPN gateway's routes "
        "(vpn_gateway=VpnGateway(vpn_gateway_id='vgw-...', routes=['10.50.0.2/32']))"
    )


def test_a_host_behind_the_transit_gateway_without_dns_forwarding_is_warned_about():
    stack = env_stack()
    network = MigrationNetwork(stack, "Network", availability_zones=AZS,
                               transit_gateway=TransitGatewayAttachment(transit_gateway_id=TGW, routes=["10.50.0.0/16"]),
                               on_premises_dns=OnPremisesDns(domains=["corp.example.com"], name_server_ips=["10.50.0.2"]))
    wave = MigrationWave(stack, "W", network=network)
    wave.add_source("forwarded", _postgres("pg.corp.example.com", "10.50.0.0/16"))
    wave.add_source("by-address", _postgres("10.50.1.10", "10.50.0.0/16"))
    wave.add_source("unknown", _postgres("pg.branch.example.net", "10.50.0.0/16"))
    warnings = Annotations.from_stack(stack).find_warning("*", Match.string_like_regexp("no on-premises DNS forwarding"))
    assert [w.id for w in warnings] == ["/Test/W/Endpoints/unknown"]
    assert "pg.branch.example.net is reached over 10.50.0.0/16 via transit-gateway" in warnings[0].entry.data


# --- existing VPC ----------------------------------------------------------------------------------


def test_an_existing_vpc_uses_its_subnets_and_the_networks_declared_reachable():
    stack = env_stack()
    network = MigrationNetwork.from_existing_vpc(stack, "Network", vpc_id="vpc-0123456789abcdef0", vpc_cidr="10.40.0.0/16",
                                                 subnets=SUBNETS, reachable_networks=["10.50.0.0/16"])
    wave = MigrationWave(stack, "W", network=network)
    wave.add_source("onprem", _postgres("10.50.1.10", "10.50.0.0/16"))
    wave.add_target("local", _postgres("10.40.7.10", "10.40.0.0/16"))
    t = _template(stack)
    assert not resources(t, "AWS::EC2::VPC") and not resources(t, "AWS::EC2::Route")
    (group,) = resources(t, "AWS::DMS::ReplicationSubnetGroup").values()
    assert group["Properties"]["SubnetIds"] == [s.subnet_id for s in SUBNETS]
    assert _message(lambda: wave.add_target("elsewhere", _postgres("10.60.0.5", "10.60.0.0/16"))) == (
        "MigrationWave(W).add_target(elsewhere).peer: the database's network (10.60.0.0/16 port 5432) is not routed from the DMS "
        "subnets of Test/Network (routes: 10.40.0.0/16 via local; 10.50.0.0/16 via declared) (got '10.60.0.0/16'); declare it if the "
        "VPC's route tables already reach it (reachable_networks=['10.60.0.0/16']), or add a transit gateway, peering or VPN gateway "
        "route to it"
    )


def test_an_existing_vpc_needs_subnets_in_two_zones():
    one_zone = [SUBNETS[0], ExistingSubnet("subnet-0ccccccccccccccc3", "eu-west-1a", "rtb-0ccccccccccccccc3")]
    assert _message(lambda: MigrationNetwork.from_existing_vpc(
        env_stack(), "Network", vpc_id="vpc-0123456789abcdef0", vpc_cidr="10.40.0.0/16", subnets=one_zone)) == (
        "MigrationNetwork.from_existing_vpc.subnets: must hold subnets in at least 2 availability zones "
        "(got ['subnet-0aaaaaaaaaaaaaaa1', 'subnet-0ccccccccccccccc3']); list two or more subnets in different zones"
    )


def test_routes_into_a_vpc_whose_route_tables_are_unknown_are_refused():
    stack = env_stack()
    vpc = ec2.Vpc.from_vpc_attributes(stack, "Vpc", vpc_id="vpc-1", availability_zones=AZS,
                                      private_subnet_ids=["subnet-a", "subnet-b"], vpc_cidr_block="10.40.0.0/16")
    assert _message(lambda: MigrationNetwork(stack, "Network", vpc=vpc, transit_gateway=TransitGatewayAttachment(
        transit_gateway_id=TGW, routes=["10.50.0.0/16"]))) == (
        "MigrationNetwork.transit_gateway: needs the DMS subnets' route tables, which this VPC does not name (got ['subnet-a', 'subnet-b']); "
        "use MigrationNetwork.from_existing_vpc(..., subnets=[ExistingSubnet(subnet_id, availability_zone, route_table_id), ...])"
    )


# --- reachability of endpoints ---------------------------------------------------------------------


def test_an_unrouted_database_fails_before_anything_is_created():
    # The whole message is asserted in test_endpoints.py::test_an_unrouted_database_is_refused_naming_the_endpoint_and_the_routes_to_add.
    stack = env_stack()
    wave = MigrationWave(stack, "W", availability_zones=AZS)
    with pytest.raises(DmsConfigError, match=r"^MigrationWave\(W\)\.add_source\(orders\)\.peer: the database's network \(10\.50\.0\.0/16 port 5432\) is not routed"):
        wave.add_source("orders", _postgres("orders.corp.example.com", "10.50.0.0/16"))
    assert wave.endpoints == {}
    assert wave.node.try_find_child("Endpoints").node.try_find_child("orders") is None


def test_a_route_must_cover_the_whole_database_network():
    stack = env_stack()
    network = MigrationNetwork(stack, "Network", availability_zones=AZS,
                               transit_gateway=TransitGatewayAttachment(transit_gateway_id=TGW, routes=["10.50.0.0/17"]))
    wave = MigrationWave(stack, "W", network=network)
    wave.add_source("half", _postgres("10.50.1.1", "10.50.1.0/24"))
    with pytest.raises(DmsConfigError, match=r"the database's network \(10.50.0.0/16 port 5432\) is not routed"):
        wave.add_source("whole", _postgres("10.50.1.2", "10.50.0.0/16"))


# An imported database that does not say where it is: test_endpoints.py::test_an_imported_database_must_say_where_it_is
# (in the endpoints mutation selection).


def _rules_towards(t: dict, port: int) -> tuple[list[dict], list[dict]]:
    ingress = [r for r in resources(t, "AWS::EC2::SecurityGroupIngress").values() if r["Properties"]["FromPort"] == port]
    egress = [r for r in resources(t, "AWS::EC2::SecurityGroupEgress").values() if r["Properties"]["FromPort"] == port]
    return ingress, egress


def test_over_a_peering_the_database_group_admits_the_wave_group_once_the_peering_is_routed():
    stack = env_stack()
    network = MigrationNetwork(stack, "Network", availability_zones=AZS,
                               peerings=[VpcPeering(peer_cidr="10.30.0.0/16", peering_connection_id=PCX)])
    wave = MigrationWave(stack, "W", network=network)
    wave.add_target("aurora", DatabaseEndpoint.from_database_cluster(
        _imported_cluster(stack), database_name="orders", credentials=_creds(), network_cidr="10.30.0.0/16"))
    t = _template(stack)
    wave_group = {"Fn::GetAtt": [stack.get_logical_id(wave.security_group.node.default_child), "GroupId"]}
    (ingress,), (egress,) = _rules_towards(t, 5432)
    assert ingress["Properties"]["GroupId"] == "sg-0123456789abcdef0"
    assert ingress["Properties"]["SourceSecurityGroupId"] == wave_group
    assert sorted(ingress["DependsOn"]) == sorted(resources(t, "AWS::EC2::Route"))  # both peering routes
    assert egress["Properties"]["GroupId"] == wave_group
    assert egress["Properties"]["DestinationSecurityGroupId"] == "sg-0123456789abcdef0"


def test_over_a_transit_gateway_the_database_group_admits_the_dms_vpc_network():
    stack = env_stack()
    network = MigrationNetwork(stack, "Network", availability_zones=AZS,
                               transit_gateway=TransitGatewayAttachment(transit_gateway_id=TGW, routes=["10.30.0.0/16"]))
    wave = MigrationWave(stack, "W", network=network)
    wave.add_target("aurora", DatabaseEndpoint.from_database_cluster(
        _imported_cluster(stack), database_name="orders", credentials=_creds(), network_cidr="10.30.0.0/16"))
    t = _template(stack)
    (ingress,), _ = _rules_towards(t, 5432)
    assert ingress["Properties"]["GroupId"] == "sg-0123456789abcdef0"
    assert ingress["Properties"]["CidrIp"] == "10.20.0.0/16"
    assert "SourceSecurityGroupId" not in ingress["Properties"]
    group = t["Resources"][stack.get_logical_id(wave.security_group.node.default_child)]["Properties"]
    assert {"CidrIp": "10.30.0.0/16", "Description": "DMS endpoint w-aurora-dms (aurora-postgresql)", "FromPort": 5432,
            "IpProtocol": "tcp", "ToPort": 5432} in group["SecurityGroupEgress"]


def test_a_database_created_in_the_wave_vpc_needs_no_network():
    stack = env_stack()
    wave = MigrationWave(stack, "W", availability_zones=AZS)
    instance = rds.DatabaseInstance(stack, "Db", vpc=wave.vpc, vpc_subnets=ec2.SubnetSelection(subnet_type=ec2.SubnetType.PRIVATE_ISOLATED),
                                    engine=rds.DatabaseInstanceEngine.POSTGRES)
    wave.add_source("pg", DatabaseEndpoint.from_database_instance(instance, database_name="app"))
    wave_group = {"Fn::GetAtt": [stack.get_logical_id(wave.security_group.node.default_child), "GroupId"]}
    (ingress,) = resources(_template(stack), "AWS::EC2::SecurityGroupIngress").values()
    assert ingress["Properties"]["SourceSecurityGroupId"] == wave_group
    assert ingress["Properties"]["FromPort"] == {"Fn::GetAtt": [stack.get_logical_id(instance.node.default_child), "Endpoint.Port"]}


def test_a_security_group_peer_cannot_be_checked_for_a_route():
    group = ec2.SecurityGroup.from_security_group_id(env_stack(), "Sg", "sg-0123456789abcdef0")
    assert _message(lambda: DatabaseEndpoint.postgresql(host="db", database_name="app", peer=group, credentials=_creds())).startswith(
        "DatabaseEndpoint.postgresql.peer: is neither an IPv4 network nor a prefix list, so no route to it can be checked"
    )


# --- typed options: bad values ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "build, message",
    [
        (lambda: TransitGatewayAttachment(transit_gateway_id="tgw-1", routes=["10.50.0.0/16"]),
         "TransitGatewayAttachment.transit_gateway_id: is not a tgw id (got 'tgw-1'); give an id like tgw-0123456789abcdef0"),
        (lambda: TransitGatewayAttachment(transit_gateway_id=TGW, routes=[]),
         "TransitGatewayAttachment.routes: is empty (got []); name the networks behind the gateway, e.g. ['10.50.0.0/16']"),
        (lambda: TransitGatewayAttachment(transit_gateway_id=TGW, routes="10.50.0.0/16"),
         "TransitGatewayAttachment.routes: must be a list of networks, not one string (got '10.50.0.0/16'); write ['10.50.0.0/16']"),
        (lambda: TransitGatewayAttachment(transit_gateway_id=TGW, routes=["10.50.0.1/16"]),
         "TransitGatewayAttachment.routes: is not a network (got '10.50.0.1/16'); give an IPv4 CIDR such as '10.50.0.0/16' or a prefix "
         "list id 'pl-...' (no host bits set)"),
        (lambda: TransitGatewayAttachment(transit_gateway_id=TGW, routes=["0.0.0.0/0"]),
         "TransitGatewayAttachment.routes: routes everything (got '0.0.0.0/0'); name the database networks, e.g. '10.50.0.0/16'"),
        (lambda: VpcPeering(peer_cidr="10.30.0.0/16"),
         "VpcPeering: needs exactly one of peering_connection_id and peer_vpc_id (got None); give peering_connection_id='pcx-...' for an "
         "existing connection, or peer_vpc_id='vpc-...' to create one"),
        (lambda: VpcPeering(peer_cidr="pl-0123456789abcdef0", peering_connection_id=PCX),
         "VpcPeering.peer_cidr: is not a network (got 'pl-0123456789abcdef0'); give an IPv4 CIDR such as '10.50.0.0/16' (no host bits set)"),
        (lambda: VpcPeering(peer_cidr="10.30.0.0/16", peer_vpc_id="vpc-0123456789abcdef0", peer_account="12345"),
         "VpcPeering.peer_account: is not a 12-digit AWS account id (got '12345'); give the peer VPC's account id"),
        (lambda: VpcPeering(peer_cidr="10.30.0.0/16", peer_vpc_id="vpc-0123456789abcdef0", peer_role_arn="accept"),
         "VpcPeering.peer_role_arn: is not an IAM role ARN (got 'accept'); give arn:aws:iam::<peer account>:role/<name>"),
        (lambda: VpnGateway(vpn_gateway_id="vgw-0123456789abcdef0", routes=[]),
         "VpnGateway.routes: is empty (got []); name the networks the gateway advertises, e.g. ['10.50.0.0/16']"),
        (lambda: OnPremisesDns(domains=["corp.example.com"]),
         "OnPremisesDns.name_server_ips: is required with domains (got []); give the on-premises name servers' IPv4 addresses"),
        (lambda: OnPremisesDns(),
         "OnPremisesDns: forwards nothing (got None); give domains and name_server_ips, or resolver_rule_ids"),
        (lambda: OnPremisesDns(domains=["corp"], name_server_ips=["10.50.0.2"]),
         "OnPremisesDns.domains: is not a domain name (got 'corp'); give a domain such as 'corp.example.com'"),
        (lambda: OnPremisesDns(domains=["corp.example.com"], name_server_ips=["10.50.0"]),
         "OnPremisesDns.name_server_ips: is not an IPv4 address (got '10.50.0'); give the name servers' addresses, e.g. '10.50.0.2'"),
        (lambda: OnPremisesDns(resolver_rule_ids=["rr-1"]),
         "OnPremisesDns.resolver_rule_ids: is not a rslvr-rr id (got 'rr-1'); give an id like rslvr-rr-0123456789abcdef0"),
        (lambda: ExistingSubnet("subnet-0aaaaaaaaaaaaaaa1", "eu-west-1", "rtb-0aaaaaaaaaaaaaaa1"),
         "ExistingSubnet.availability_zone: is not an availability zone name (got 'eu-west-1'); give e.g. 'eu-west-1a'"),
    ],
)
def test_connectivity_option_validation_messages(build, message):
    assert _message(build) == message


# --- the default-security-group handler ------------------------------------------------------------

_HANDLER_HARNESS = """
const { restrict } = require(process.argv[1]);
const calls = [];
const fail = process.argv[2];
const ec2 = {
  revokeSecurityGroupIngress: async (p) => { calls.push(['ingress', p]); if (fail === 'ingress-missing') { const e = new Error('gone'); e.name = 'InvalidPermission.NotFound'; throw e; } },
  revokeSecurityGroupEgress: async (p) => { calls.push(['egress', p]); if (fail === 'egress-denied') { const e = new Error('denied'); e.name = 'UnauthorizedOperation'; throw e; } },
};
restrict(ec2, { RequestType: process.argv[3], ResourceProperties: { DefaultSecurityGroupId: 'sg-default', Account: '123456789012' } })
  .then((r) => console.log(JSON.stringify({ result: r, calls })))
  .catch((e) => console.log(JSON.stringify({ error: e.name, calls })));
"""


def _run_handler(fail: str, request: str) -> dict:
    node = ROOT / "node_modules" / ".bin" / "node"
    handler = ROOT / "dms_constructs" / "handlers" / "restrict_default_sg" / "index.js"
    out = subprocess.run([str(node), "-e", _HANDLER_HARNESS, str(handler), fail, request], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def test_handler_revokes_the_default_rules_on_create_and_update():
    for request in ("Create", "Update"):
        out = _run_handler("none", request)
        assert out["result"] == {"PhysicalResourceId": "sg-default"}
        assert out["calls"] == [
            ["ingress", {"GroupId": "sg-default", "IpPermissions": [
                {"IpProtocol": "-1", "UserIdGroupPairs": [{"GroupId": "sg-default", "UserId": "123456789012"}]}]}],
            ["egress", {"GroupId": "sg-default", "IpPermissions": [{"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]}],
        ]


def test_handler_treats_an_already_revoked_rule_as_done_and_reports_other_errors():
    assert _run_handler("ingress-missing", "Create")["result"] == {"PhysicalResourceId": "sg-default"}
    assert _run_handler("egress-denied", "Create")["error"] == "UnauthorizedOperation"


def test_handler_does_nothing_on_delete():
    assert _run_handler("none", "Delete") == {"result": {}, "calls": []}
