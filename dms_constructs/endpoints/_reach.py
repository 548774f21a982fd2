"""Network reach of an endpoint: the route from the DMS subnets to the database, proven before anything
is created, and the security-group rules over it.

Layer: endpoints shared machinery (used by `base.bind_endpoint`; imports no engine family).
"""

from __future__ import annotations

import ipaddress
from typing import TYPE_CHECKING, Optional

from aws_cdk import Annotations, Stack
from aws_cdk import aws_ec2 as ec2

from .._validation import is_token
from ..errors import fail
from .._context import scope_of
from ..reachability import Route
from ._checks import peer_network

if TYPE_CHECKING:
    from .._context import WaveContext
    from .base import BoundEndpoint, EndpointKind


def require_route(kind: "EndpointKind", wave: "WaveContext", where: str) -> Optional[Route]:
    """The route from the DMS subnets to the database (checked before anything is created), or a
    DmsConfigError with what to add. None for endpoints reached through AWS endpoints (S3)."""
    reach = kind.reach
    network = wave.network
    if reach.connectable is not None:
        if reach.network_cidr is not None:
            # Where security groups cannot reference each other the database admits the DMS VPC's network
            # (`_open_cdk_database`), which is always known here: MigrationWave refuses a network without vpc_cidr.
            return network.require_route(f"{where}.network_cidr", reach.network_cidr, _port(kind), "the database's network")
        if reach.vpc is None or reach.vpc.vpc_id != wave.vpc.vpc_id:
            fail(
                f"{where}.network_cidr",
                None,
                "is required: the database is not in the wave's VPC, or it is imported and does not say where it is, "
                "so no route to it can be proven",
                "pass network_cidr='<the database VPC's IPv4 network>' to DatabaseEndpoint.from_database_cluster/"
                "from_database_instance (it must be routed from the DMS subnets), or create the database with vpc=wave.vpc",
            )
        return Route(network.vpc_cidr or "(the wave's VPC)", "local", security_group_references=True)
    if reach.peer is not None and kind.routed_peer:
        return network.require_route(f"{where}.peer", peer_network(reach.peer), _port(kind), "the database's network")
    return None


def _port(kind: "EndpointKind") -> Optional[int]:
    # A CDK database's port is a number token (a float); the network check skips tokens.
    return kind.port  # type: ignore[return-value]


def open_network(kind: "EndpointKind", wave: "WaveContext", bound: "BoundEndpoint", route: Optional[Route]) -> None:
    """Security-group rules to the database over `route`."""
    description = f"DMS endpoint {bound.identifier} ({bound.engine_name})"
    reach = kind.reach
    if reach.connectable is not None:
        assert route is not None
        _open_cdk_database(reach.connectable, reach.network_cidr, reach.port, wave, route, description)
        for extra in kind.extra_ports:
            _open_cdk_database(reach.connectable, reach.network_cidr, extra, wave, route, description)
    elif reach.peer is not None:
        if route is not None:
            _warn_unresolvable_host(kind.host, wave, bound, route)
        port = kind.peer_port
        assert port is not None
        wave.security_group.add_egress_rule(reach.peer, ec2.Port.tcp(port), description)
        for extra in kind.extra_ports:
            if extra != port:
                wave.security_group.add_egress_rule(reach.peer, ec2.Port.tcp(extra), description)
    kind.after_network(wave)


def _open_cdk_database(
    connectable: ec2.IConnectable,
    network_cidr: Optional[str],
    port: Optional[int],
    wave: "WaveContext",
    route: Route,
    description: str,
) -> None:
    """The database's security group admits the wave's on the database port (or `port`, where DMS connects
    elsewhere: the SSL port of RDS for Oracle) where security groups may reference each other (one VPC, or a
    peering in one account and region); elsewhere (transit gateway, VPN, cross-account peering) it admits the
    DMS VPC's network. CDK adds the matching egress rule to the wave's security group, which does not allow
    all outbound."""
    network = wave.network
    connections = connectable.connections
    db_port = ec2.Port.tcp(port) if port is not None else connections.default_port
    assert db_port is not None
    if route.security_group_references:
        connections.allow_from(wave.security_group, db_port, description)
        if route.via == "peering":
            # A rule that references a security group across a peering needs the peering active.
            for group in connectable.connections.security_groups:
                if Stack.of(group) is Stack.of(scope_of(wave)):
                    group.node.add_dependency(*network.peering_dependables)
        return
    assert network_cidr is not None and network.vpc_cidr is not None
    connections.allow_from(ec2.Peer.ipv4(network.vpc_cidr), db_port, description)
    wave.security_group.add_egress_rule(ec2.Peer.ipv4(network_cidr), db_port, description)


def _warn_unresolvable_host(host: Optional[str], wave: "WaveContext", bound: "BoundEndpoint", route: Route) -> None:
    """A host name behind a transit gateway or VPN usually lives in on-premises DNS, which the VPC
    resolver knows only through forwarding rules (DMS user guide, "Using your own on-premises name server")."""
    if route.via not in ("transit-gateway", "vpn-gateway") or host is None or is_token(host) or _is_ip_address(host):
        return
    dns = wave.network.on_premises_dns
    if host.endswith((".amazonaws.com", ".amazonaws.com.cn")) or (dns is not None and dns.forwards(host)):
        return
    Annotations.of(bound).add_warning_v2(
        "dms-constructs:host-not-forwarded",
        f"{host} is reached over {route.describe()}, but no on-premises DNS forwarding covers it: unless it is in "
        "public DNS, DMS cannot resolve it. Add MigrationNetwork(on_premises_dns=OnPremisesDns(domains=[...], "
        "name_server_ips=[...])), or use the database's IP address.",
    )


def _is_ip_address(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True
