"""A VPC of isolated subnets written as plain CloudFormation resources, with no context lookup.

`ec2.Vpc` reads `stack.availability_zones` even when it is given its zones (to check them against the
stack's), and in a stack with an explicit account that read is a context lookup: the CLI runs the app
twice, and without credentials `cdk synth '<stage>/*'` fails. This construct writes the VPC, one
isolated subnet and route table per zone and the default-security-group restriction itself, then
exposes them as an `ec2.IVpc` (`Vpc.from_vpc_attributes`), which reads nothing from the stack.

Construct paths (`Vpc/Resource`, `Vpc/DmsSubnet<n>/Subnet|RouteTable|RouteTableAssociation`) are the
ones `ec2.Vpc` uses, so logical ids match the VPCs this library created before.
"""

from __future__ import annotations

import ipaddress
from pathlib import Path
from typing import Sequence

from aws_cdk import CfnResource, CustomResource, CustomResourceProvider, CustomResourceProviderRuntime, Duration, Stack, Tags
from aws_cdk import aws_ec2 as ec2
from constructs import Construct

from ._validation import fail, is_token
from .acknowledgments import acknowledge, skip_checkov
from .reachability import is_ipv4_cidr

SUBNET_GROUP_NAME = "Dms"
SUBNET_MASK = 24
_HANDLER_DIR = str(Path(__file__).parent / "handlers" / "restrict_default_sg")
# The type cdk-nag's "VPC default security group closed" rules look for (next to the CfnVPC).
RESTRICT_DEFAULT_SG_TYPE = "Custom::VpcRestrictDefaultSG"


def subnet_cidrs(cidr: str, count: int, field: str) -> list[str]:
    """The first `count` /24 networks of `cidr`, one per zone (as `ec2.Vpc` allocates them)."""
    if not is_ipv4_cidr(cidr):
        fail(field, cidr, "is not an IPv4 network in CIDR notation", "give e.g. '10.20.0.0/16' (no host bits set)")
    network = ipaddress.IPv4Network(cidr)
    longest = SUBNET_MASK - (count - 1).bit_length()
    if not 16 <= network.prefixlen <= longest:
        fail(
            field,
            cidr,
            f"cannot be split into {count} /{SUBNET_MASK} DMS subnets (one per zone): a VPC network is /16 at the largest, "
            f"and one for {count} zones /{longest} at the smallest",
            f"give a network from /16 to /{longest}, e.g. '10.20.0.0/16'",
        )
    return [str(s) for s in list(network.subnets(new_prefix=SUBNET_MASK))[:count]]


class IsolatedVpc(Construct):
    """An `AWS::EC2::VPC` with one isolated subnet per zone (no internet or NAT gateway), DNS on, its
    default security group stripped of all rules.

    :param cidr: the VPC's network. Required.
    :param availability_zones: one subnet per zone. Required.
    """

    def __init__(self, scope: Construct, id: str, *, cidr: str, availability_zones: Sequence[str]) -> None:
        super().__init__(scope, id)
        azs = list(availability_zones)
        cidrs = subnet_cidrs(cidr, len(azs), "MigrationNetwork.cidr")
        self.resource = ec2.CfnVPC(self, "Resource", cidr_block=cidr, enable_dns_hostnames=True, enable_dns_support=True)
        Tags.of(self).add("Name", self.node.path)
        self.subnet_ids: list[str] = []
        self.route_table_ids: list[str] = []
        for index, (az, subnet_cidr) in enumerate(zip(azs, cidrs), start=1):
            group = Construct(self, f"{SUBNET_GROUP_NAME}Subnet{index}")
            subnet = ec2.CfnSubnet(
                group, "Subnet", vpc_id=self.resource.ref, availability_zone=az, cidr_block=subnet_cidr,
                map_public_ip_on_launch=False,
                tags=[{"key": "aws-cdk:subnet-name", "value": SUBNET_GROUP_NAME}, {"key": "aws-cdk:subnet-type", "value": "Isolated"}],
            )
            table = ec2.CfnRouteTable(group, "RouteTable", vpc_id=self.resource.ref)
            ec2.CfnSubnetRouteTableAssociation(group, "RouteTableAssociation", subnet_id=subnet.ref, route_table_id=table.ref)
            Tags.of(group).add("Name", group.node.path)
            if not is_token(az):
                acknowledge(subnet, "CloudFormation-Validate::W3010", "The DMS subnets go in the zones the user named "
                            "explicitly, so that nothing is looked up at synth; a subnet has to name its zone.")
            self.subnet_ids.append(subnet.ref)
            self.route_table_ids.append(table.ref)
        self._restrict_default_security_group()
        self.vpc: ec2.IVpc = ec2.Vpc.from_vpc_attributes(
            self,
            "Attributes",
            vpc_id=self.resource.ref,
            vpc_cidr_block=cidr,
            availability_zones=azs,
            isolated_subnet_ids=self.subnet_ids,
            isolated_subnet_route_table_ids=self.route_table_ids,
            isolated_subnet_ipv4_cidr_blocks=cidrs,
            isolated_subnet_names=[SUBNET_GROUP_NAME],
        )

    def _restrict_default_security_group(self) -> None:
        """A custom resource that revokes the default security group's rules. Its provider function runs
        outside the VPC (it calls only the EC2 API) and answers CloudFormation through CDK's entry point."""
        stack = Stack.of(self)
        group_id = self.resource.attr_default_security_group
        provider = CustomResourceProvider.get_or_create_provider(
            self,
            "Custom::DmsRestrictDefaultSGProvider",
            code_directory=_HANDLER_DIR,
            runtime=CustomResourceProviderRuntime.NODEJS_22_X,
            description="Removes all rules from the default security group of a DMS migration VPC",
        )
        provider.add_to_role_policy(
            {
                "Effect": "Allow",
                "Action": ["ec2:RevokeSecurityGroupIngress", "ec2:RevokeSecurityGroupEgress"],
                "Resource": [stack.format_arn(service="ec2", resource="security-group", resource_name=group_id)],
            }
        )
        # The handler both `DependsOn` its role and reads the role's ARN; the second already orders them,
        # and cfn-lint warns about the first (W3005).
        handler = provider.node.try_find_child("Handler")
        if isinstance(handler, CfnResource):
            handler.add_deletion_override("DependsOn")
            for check_id, reason in _HANDLER_CHECKOV_SKIPS:
                skip_checkov(handler, check_id, reason)
        CustomResource(
            self,
            "RestrictDefaultSecurityGroupCustomResource",
            resource_type=RESTRICT_DEFAULT_SG_TYPE,
            service_timeout=Duration.minutes(5),
            service_token=provider.service_token,
            properties={"DefaultSecurityGroupId": group_id, "Account": stack.account},
        )


# checkov findings on the provider function that cannot be met (CDK's CustomResourceProvider exposes
# no VPC, queue or concurrency settings, and none would help).
_HANDLER_CHECKOV_SKIPS = [
    ("CKV_AWS_117", "Revokes the default security group's rules through the EC2 API and answers CloudFormation "
     "through a pre-signed S3 URL, which the isolated VPC it acts on cannot reach; it runs outside any VPC."),
    ("CKV_AWS_116", "CloudFormation invokes this custom resource handler and waits for its answer; a failure fails the "
     "stack operation, which is the alert. A queue of failed events would hold nothing to act on."),
    ("CKV_AWS_115", "Runs once per stack operation. Reserving concurrency takes from the account's unreserved pool and "
     "fails outright in accounts whose concurrency limit is at the minimum."),
]
