"""Typed connectivity options of a `MigrationNetwork`: how the DMS subnets reach the databases.

Pure Python (no CDK): each option validates its own values; `MigrationNetwork` turns them into
attachments, routes, peering connections, route propagation and DNS forwarding, and into the
`Route`s that the reachability check reads.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass, field
from typing import Optional, Sequence

from .errors import fail
from .reachability import is_ipv4_cidr, is_prefix_list_id

_ID_PATTERNS = {
    "tgw": r"tgw-[0-9a-f]{8,17}",
    "tgw-attach": r"tgw-attach-[0-9a-f]{8,17}",
    "pcx": r"pcx-[0-9a-f]{8,17}",
    "vgw": r"vgw-[0-9a-f]{8,17}",
    "vpc": r"vpc-[0-9a-f]{8,17}",
    "rtb": r"rtb-[0-9a-f]{8,17}",
    "subnet": r"subnet-[0-9a-f]{8,17}",
    "rslvr-rr": r"rslvr-rr-[0-9a-f]{17}",
}
_DOMAIN = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$")
# How the CDK encodes an unresolved string token ("${Token[...]}"); matched as text so that this module
# stays free of the CDK.
_TOKEN = "${Token["
_ACCOUNT = re.compile(r"^\d{12}$")
_REGION = re.compile(r"^[a-z]{2}(-[a-z]+)+-\d$")
_ROLE_ARN = re.compile(r"^arn:aws[a-z-]*:iam::\d{12}:role/[\w+=,.@/-]+$")


def check_id(field_name: str, value: str, kind: str) -> None:
    """Fail unless `value` is an AWS resource id of `kind` (e.g. `tgw-0123456789abcdef0`). A CDK token
    (a gateway or VPC created in the same app, known only at deploy time) is not checked."""
    if isinstance(value, str) and _TOKEN in value:
        return
    pattern = _ID_PATTERNS[kind]
    if not isinstance(value, str) or not re.fullmatch(pattern, value):
        fail(field_name, value, f"is not a {kind} id", f"give an id like {kind}-0123456789abcdef0")


def check_networks(field_name: str, networks: Sequence[str], *, allow_prefix_lists: bool = True) -> tuple[str, ...]:
    """Fail unless every entry is an IPv4 CIDR (no host bits) or, where allowed, a prefix list id."""
    if isinstance(networks, str):
        fail(field_name, networks, "must be a list of networks, not one string", f"write [{networks!r}]")
    out = tuple(networks)
    for network in out:
        if is_ipv4_cidr(network) or (allow_prefix_lists and is_prefix_list_id(network)):
            if network in ("0.0.0.0/0",):
                fail(field_name, network, "routes everything", "name the database networks, e.g. '10.50.0.0/16'")
            continue
        kinds = "an IPv4 CIDR such as '10.50.0.0/16'" + (" or a prefix list id 'pl-...'" if allow_prefix_lists else "")
        fail(field_name, network, "is not a network", f"give {kinds} (no host bits set)")
    return out


@dataclass(frozen=True)
class TransitGatewayAttachment:
    """Attach the DMS subnets to an existing transit gateway and route the given networks to it (for
    on-premises networks over Direct Connect or site-to-site VPN, or other VPCs on the gateway).

    A new VPC gets an `AWS::EC2::TransitGatewayVpcAttachment` over its DMS subnets (one per zone) and,
    in each DMS subnet's route table, a route per network to the gateway. A gateway shared from another
    account accepts the attachment automatically only when its auto-accept setting is on; otherwise the
    network account accepts it while the stack waits.

    :param transit_gateway_id: the gateway (`tgw-...`). Required.
    :param routes: networks routed to the gateway: IPv4 CIDRs or prefix list ids. Required, at least one.
    :param attachment_id: an attachment that already exists (e.g. an existing VPC already attached):
        then only the routes are added. Default: a new attachment.
    """

    transit_gateway_id: str
    routes: Sequence[str]
    attachment_id: Optional[str] = None

    def __post_init__(self) -> None:
        check_id("TransitGatewayAttachment.transit_gateway_id", self.transit_gateway_id, "tgw")
        if self.attachment_id is not None:
            check_id("TransitGatewayAttachment.attachment_id", self.attachment_id, "tgw-attach")
        routes = check_networks("TransitGatewayAttachment.routes", self.routes)
        if not routes:
            fail("TransitGatewayAttachment.routes", [], "is empty", "name the networks behind the gateway, e.g. ['10.50.0.0/16']")
        object.__setattr__(self, "routes", routes)


@dataclass(frozen=True)
class VpcPeering:
    """A VPC peering connection from the DMS VPC to a peer VPC (where the RDS/Aurora targets often
    live), with the peer VPC's network routed from the DMS subnets.

    Give either `peering_connection_id` (a connection that exists and is active) or `peer_vpc_id` (a
    new connection is created; the same account and region accept it automatically, another account
    needs `peer_role_arn`, a role there that may accept it).

    :param peer_cidr: the peer VPC's IPv4 network, routed from the DMS subnets. Required.
    :param peering_connection_id: an existing connection (`pcx-...`). Default: none (create one).
    :param peer_vpc_id: the peer VPC (`vpc-...`) of a new connection. Default: none.
    :param peer_account: the peer VPC's account. Default: this stack's account.
    :param peer_region: the peer VPC's region. Default: this stack's region.
    :param peer_role_arn: a role in the peer account that accepts the new connection; required when
        `peer_account` differs. Default: none.
    :param peer_route_table_ids: route tables of the peer VPC (same account and region) that get the
        return route to the DMS VPC. Default: none — then the peer VPC's owner adds the return route.
    """

    peer_cidr: str
    peering_connection_id: Optional[str] = None
    peer_vpc_id: Optional[str] = None
    peer_account: Optional[str] = None
    peer_region: Optional[str] = None
    peer_role_arn: Optional[str] = None
    peer_route_table_ids: Sequence[str] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        f = "VpcPeering"
        check_networks(f"{f}.peer_cidr", [self.peer_cidr], allow_prefix_lists=False)
        if (self.peering_connection_id is None) == (self.peer_vpc_id is None):
            fail(f, self.peering_connection_id or self.peer_vpc_id, "needs exactly one of peering_connection_id and peer_vpc_id",
                 "give peering_connection_id='pcx-...' for an existing connection, or peer_vpc_id='vpc-...' to create one")
        if self.peering_connection_id is not None:
            check_id(f"{f}.peering_connection_id", self.peering_connection_id, "pcx")
        if self.peer_vpc_id is not None:
            check_id(f"{f}.peer_vpc_id", self.peer_vpc_id, "vpc")
        if self.peer_account is not None and not _ACCOUNT.match(self.peer_account):
            fail(f"{f}.peer_account", self.peer_account, "is not a 12-digit AWS account id", "give the peer VPC's account id")
        if self.peer_region is not None and not _REGION.match(self.peer_region):
            fail(f"{f}.peer_region", self.peer_region, "is not an AWS region", "give the peer VPC's region, e.g. 'eu-west-1'")
        if self.peer_role_arn is not None and not _ROLE_ARN.match(self.peer_role_arn):
            fail(f"{f}.peer_role_arn", self.peer_role_arn, "is not an IAM role ARN", "give arn:aws:iam::<peer account>:role/<name>")
        tables = tuple(self.peer_route_table_ids)
        for table in tables:
            check_id(f"{f}.peer_route_table_ids", table, "rtb")
        object.__setattr__(self, "peer_route_table_ids", tables)


@dataclass(frozen=True)
class VpnGateway:
    """A virtual private gateway (site-to-site VPN or Direct Connect private VIF): its routes are
    propagated into the DMS subnets' route tables.

    The gateway learns its routes over BGP at run time, so the networks it carries cannot be read at
    synth: name them in `routes` for the reachability check.

    :param vpn_gateway_id: the gateway (`vgw-...`). Required.
    :param routes: the on-premises networks the gateway advertises. Required, at least one.
    :param attach: attach the gateway to a VPC this network creates (a gateway attaches to one VPC at a
        time). Default: True for a new VPC; an existing VPC must already have it attached.
    """

    vpn_gateway_id: str
    routes: Sequence[str]
    attach: bool = True

    def __post_init__(self) -> None:
        check_id("VpnGateway.vpn_gateway_id", self.vpn_gateway_id, "vgw")
        routes = check_networks("VpnGateway.routes", self.routes)
        if not routes:
            fail("VpnGateway.routes", [], "is empty", "name the networks the gateway advertises, e.g. ['10.50.0.0/16']")
        object.__setattr__(self, "routes", routes)


@dataclass(frozen=True)
class OnPremisesDns:
    """Resolve on-premises host names from the DMS subnets.

    DMS resolves endpoint host names with the VPC's Route 53 Resolver; for names that only on-premises
    name servers know, the DMS user guide ("Using your own on-premises name server") has you create a
    Route 53 Resolver outbound endpoint and forwarding rules associated with the VPC. This creates that
    endpoint in the DMS subnets (two addresses in two zones, a security group reaching only the name
    servers on port 53) and one FORWARD rule per domain, or associates rules that exist (for example
    shared from a network account). Rules apply to replication instances and DMS Serverless alike, so
    `DnsNameServers` (which replaces the VPC resolver and so breaks AWS service names) is not used.

    :param domains: domains to forward, e.g. `['corp.example.com']`. Default: none.
    :param name_server_ips: the on-premises name servers (IPv4); required with `domains`. They must be
        routed from the DMS subnets. Default: none.
    :param resolver_rule_ids: existing forwarding rules (`rslvr-rr-...`) to associate with the VPC.
        Default: none.
    """

    domains: Sequence[str] = field(default_factory=tuple)
    name_server_ips: Sequence[str] = field(default_factory=tuple)
    resolver_rule_ids: Sequence[str] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        f = "OnPremisesDns"
        for name in ("domains", "name_server_ips", "resolver_rule_ids"):
            value = getattr(self, name)
            if isinstance(value, str):
                fail(f"{f}.{name}", value, "must be a list, not one string", f"write [{value!r}]")
            object.__setattr__(self, name, tuple(value))
        domains = tuple(d.lower().rstrip(".") for d in self.domains)
        for domain in domains:
            if not _DOMAIN.match(domain) or "." not in domain:
                fail(f"{f}.domains", domain, "is not a domain name", "give a domain such as 'corp.example.com'")
        object.__setattr__(self, "domains", domains)
        for ip in self.name_server_ips:
            try:
                ipaddress.IPv4Address(ip)
            except ValueError:
                fail(f"{f}.name_server_ips", ip, "is not an IPv4 address", "give the name servers' addresses, e.g. '10.50.0.2'")
        for rule in self.resolver_rule_ids:
            check_id(f"{f}.resolver_rule_ids", rule, "rslvr-rr")
        if domains and not self.name_server_ips:
            fail(f"{f}.name_server_ips", [], "is required with domains", "give the on-premises name servers' IPv4 addresses")
        if self.name_server_ips and not domains:
            fail(f"{f}.domains", [], "is required with name_server_ips", "name the domains those servers resolve")
        if not domains and not self.resolver_rule_ids:
            fail(f, None, "forwards nothing", "give domains and name_server_ips, or resolver_rule_ids")

    def forwards(self, host: str) -> bool:
        """True when `host` is in (or is) one of the forwarded domains."""
        host = host.lower().rstrip(".")
        return any(host == d or host.endswith("." + d) for d in self.domains)


@dataclass(frozen=True)
class ExistingSubnet:
    """A subnet of an existing VPC for the DMS subnet group, with what a lookup would otherwise read.

    :param subnet_id: `subnet-...`. Required.
    :param availability_zone: its zone, e.g. `eu-west-1a`. Required.
    :param route_table_id: its route table (`rtb-...`), for routes this network adds. Required.
    """

    subnet_id: str
    availability_zone: str
    route_table_id: str

    def __post_init__(self) -> None:
        check_id("ExistingSubnet.subnet_id", self.subnet_id, "subnet")
        check_id("ExistingSubnet.route_table_id", self.route_table_id, "rtb")
        if not isinstance(self.availability_zone, str) or not re.fullmatch(r"[a-z]{2}(-[a-z]+)+-\d[a-z]", self.availability_zone):
            fail("ExistingSubnet.availability_zone", self.availability_zone, "is not an availability zone name", "give e.g. 'eu-west-1a'")
