"""DMS.Reachability: every network a replication's security groups may reach is routed from its subnets.

Read from the stack's own resources: the replication subnet group's subnets, their route tables
(`AWS::EC2::SubnetRouteTableAssociation`), the routes of those tables and the VPC's own network, and
the IPv4 egress rules of the replication's security groups. Anything that lives outside the template
(imported subnets, a security group by id, a route table without an association in the stack) makes
the check not applicable; a table with VPN route propagation learns routes at run time, so networks
it may carry are not findings either.
"""

from __future__ import annotations

from typing import Any, Optional

from ..reachability import covers, is_ipv4_cidr
from ._view import Resource, StackView

SUBNET = "AWS::EC2::Subnet"
VPC = "AWS::EC2::VPC"
SECURITY_GROUP = "AWS::EC2::SecurityGroup"
SECURITY_GROUP_EGRESS = "AWS::EC2::SecurityGroupEgress"
ROUTE = "AWS::EC2::Route"
ASSOCIATION = "AWS::EC2::SubnetRouteTableAssociation"
PROPAGATION = "AWS::EC2::VPNGatewayRoutePropagation"


def get(container: Any, *path: str) -> Any:
    """The raw value at `path` (references kept as they are: this rule follows them), or None."""
    for key in path:
        if not isinstance(container, dict):
            return None
        container = container.get(key)
    return container


def _ref(value: Any) -> Optional[str]:
    if isinstance(value, dict) and set(value) == {"Ref"} and isinstance(value["Ref"], str):
        return value["Ref"]
    return None


def _group_id(value: Any) -> Optional[str]:
    if isinstance(value, dict) and set(value) == {"Fn::GetAtt"}:
        target = value["Fn::GetAtt"]
        if isinstance(target, list) and len(target) == 2 and target[1] == "GroupId" and isinstance(target[0], str):
            return target[0]
    return None


def _of_type(view: StackView, logical_id: Optional[str], type_: str) -> Optional[Resource]:
    if logical_id is None or view.logical_ids().get(logical_id) != type_:
        return None
    return view.resource(logical_id)


def _destinations(view: StackView, subnet: Resource) -> Optional[tuple[list[str], bool]]:
    """(networks routed from `subnet`, whether its table also learns routes at run time); None when
    the subnet's VPC or route table is not in the stack."""
    vpc = _of_type(view, _ref(get(subnet.properties, "VpcId")), VPC)
    cidr = get(vpc.properties, "CidrBlock") if vpc else None
    if not isinstance(cidr, str):
        return None
    tables = {
        _ref(get(a.properties, "RouteTableId"))
        for a in view.resources_of_type(ASSOCIATION)
        if _ref(get(a.properties, "SubnetId")) == subnet.logical_id
    }
    if len(tables) != 1 or None in tables:
        return None
    (table,) = tables
    routed = [cidr] + [
        r.properties["DestinationCidrBlock"]
        for r in view.resources_of_type(ROUTE)
        if _ref(get(r.properties, "RouteTableId")) == table and isinstance(r.properties.get("DestinationCidrBlock"), str)
    ]
    propagated = any(
        table in [_ref(t) for t in (get(p.properties, "RouteTableIds") or []) if isinstance(t, dict)]
        for p in view.resources_of_type(PROPAGATION)
    )
    return routed, propagated


def _egress_networks(view: StackView, group_ids: Any) -> Optional[list[str]]:
    """IPv4 networks the security groups may send to (inline rules and separate egress resources)."""
    if not isinstance(group_ids, list):
        return None
    group_resources = []
    for value in group_ids:
        group = _of_type(view, _group_id(value), SECURITY_GROUP)
        if group is None:
            return None
        group_resources.append(group)
    groups = [group.logical_id for group in group_resources]
    networks: list[str] = []
    for group in group_resources:
        for rule in get(group.properties, "SecurityGroupEgress") or []:
            if isinstance(rule, dict) and isinstance(rule.get("CidrIp"), str):
                networks.append(rule["CidrIp"])
    for egress in view.resources_of_type(SECURITY_GROUP_EGRESS):
        if _group_id(get(egress.properties, "GroupId")) in groups and isinstance(egress.properties.get("CidrIp"), str):
            networks.append(egress.properties["CidrIp"])
    return networks


def unrouted_networks(resource: Resource, view: StackView, subnet_group_type: str) -> Optional[list[str]]:
    """Networks the replication may reach but that some DMS subnet has no route to; None when the
    stack does not hold what is needed to tell."""
    props = resource.properties
    if resource.type == "AWS::DMS::ReplicationInstance":
        group_ref, sg_ids = get(props, "ReplicationSubnetGroupIdentifier"), get(props, "VpcSecurityGroupIds")
    else:
        group_ref = get(props, "ComputeConfig", "ReplicationSubnetGroupId")
        sg_ids = get(props, "ComputeConfig", "VpcSecurityGroupIds")
    group = _of_type(view, _ref(group_ref), subnet_group_type)
    networks = _egress_networks(view, sg_ids)
    if group is None or networks is None:
        return None
    subnet_ids = get(group.properties, "SubnetIds")
    if not isinstance(subnet_ids, list) or not subnet_ids:
        return None
    routing = []
    for value in subnet_ids:
        subnet = _of_type(view, _ref(value), SUBNET)
        found = _destinations(view, subnet) if subnet is not None else None
        if found is None:
            return None
        routing.append(found)
    missing = []
    for network in networks:
        if not is_ipv4_cidr(network) or network == "0.0.0.0/0":
            continue
        for routed, propagated in routing:
            if not propagated and not any(covers(d, network) for d in routed):
                missing.append(network)
                break
    return missing
