"""Reachability at synth: which database networks the DMS subnets have a route to.

Pure Python (no CDK): a network is an IPv4 CIDR or a managed prefix list id (`pl-...`); a route is a
destination of one of those kinds and what carries the traffic there. DMS connects from its network
interfaces in the replication subnet group, so a database is reachable only when a route of those
subnets' route tables covers the database's whole network (DMS user guide, "Setting up a network for a
replication instance": the replication instance must reach the source and target through routes,
security groups and, for on-premises databases, VPN or Direct Connect).
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from typing import Iterable, Optional, Sequence

PREFIX_LIST_ID = re.compile(r"^pl-[0-9a-f]{8,17}$")


@dataclass(frozen=True)
class Route:
    """A destination the DMS subnets can reach and how.

    :param destination: an IPv4 CIDR (`10.50.0.0/16`) or a managed prefix list id (`pl-...`).
    :param via: what carries the traffic: `local` (the VPC itself), `transit-gateway`, `peering`,
        `vpn-gateway` or `declared` (an existing VPC's route the user declared).
    :param target: the gateway or connection id (`tgw-...`, `pcx-...`, `vgw-...`). Default: None (local
        and declared routes).
    :param security_group_references: True when security groups on both sides may reference each other
        (the same VPC, or a same-region peering connection in one account). Default: False.
    """

    destination: str
    via: str
    target: Optional[str] = None
    security_group_references: bool = False

    def describe(self) -> str:
        """The route for messages, e.g. `10.50.0.0/16 via transit-gateway tgw-0123456789abcdef0`."""
        return f"{self.destination} via {self.via}" + (f" {self.target}" if self.target else "")


def is_ipv4_cidr(value: object) -> bool:
    """True for a well-formed IPv4 network in CIDR notation with no host bits set (`10.1.0.0/16`)."""
    if not isinstance(value, str):
        return False
    try:
        ipaddress.IPv4Network(value, strict=True)
    except (ValueError, TypeError):
        return False
    return "/" in value


def is_prefix_list_id(value: str) -> bool:
    return isinstance(value, str) and bool(PREFIX_LIST_ID.match(value))


def covers(destination: str, network: str) -> bool:
    """True when a route to `destination` carries all of `network` (prefix lists only cover themselves)."""
    if is_prefix_list_id(destination) or is_prefix_list_id(network):
        return destination == network
    try:
        return ipaddress.IPv4Network(network).subnet_of(ipaddress.IPv4Network(destination))
    except (ValueError, TypeError):
        return False


def route_to(routes: Iterable[Route], network: str) -> Optional[Route]:
    """The most specific route that covers `network`, as the VPC router would pick it; None if none."""
    best: Optional[Route] = None
    best_len = -1
    for route in routes:
        if not covers(route.destination, network):
            continue
        length = 33 if is_prefix_list_id(route.destination) else ipaddress.IPv4Network(route.destination).prefixlen
        if length > best_len:
            best, best_len = route, length
    return best


def overlapping(cidrs: Sequence[str]) -> list[tuple[str, str]]:
    """Pairs of CIDRs in `cidrs` that overlap (a VPC cannot route to a network overlapping its own)."""
    nets = [(c, ipaddress.IPv4Network(c)) for c in cidrs if is_ipv4_cidr(c)]
    return [(a, b) for i, (a, na) in enumerate(nets) for (b, nb) in nets[i + 1:] if na.overlaps(nb)]
