"""`InstanceProfile`: where DMS Schema Conversion and homogeneous data migrations run — the wave's network.

DMS user guide, "Creating instance profiles for AWS DMS": an instance profile names the VPC (through a replication
subnet group), the security groups, the KMS key, public accessibility and the network type of the environment
DMS creates for a migration project. `AWS::DMS::InstanceProfile` (CloudFormation resource schema):
`SubnetGroupIdentifier`, `VpcSecurityGroups`, `KmsKeyArn`, `PubliclyAccessible` (default false),
`NetworkType` (`IPV4` or `DUAL`), `InstanceProfileName`; `InstanceProfileIdentifier` is deprecated (identity is
the ARN and the name).

Layer: part (never imports the wave).
"""

from __future__ import annotations

import enum
from typing import Optional, Sequence

from aws_cdk import aws_dms as dms
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_kms as kms
from constructs import Construct, IConstruct

from ..network import add_dependency_in_stack


class NetworkType(str, enum.Enum):
    """The IP addressing of an instance profile (`NetworkType`)."""

    IPV4 = "IPV4"
    """IPv4 only."""
    DUAL = "DUAL"
    """IPv4 and IPv6 (the subnets need IPv6 CIDR blocks)."""


class InstanceProfile(Construct):
    """The wave's instance profile (`<wave>/SchemaConversion/InstanceProfile`): the wave's replication subnet group
    and security group, the wave's key, never publicly accessible. Created by the wave's first migration project
    and shared by the others.

    :param name: `InstanceProfileName`.
    :param subnet_group_identifier: the replication subnet group DMS places the environment in.
    :param security_groups: the environment's security groups.
    :param encryption_key: encrypts what DMS stores for the projects.
    :param network_type: Default: `NetworkType.IPV4`.
    :param vpc_role_dependable: the account's `dms-vpc-role` when created in this stack (DMS needs it before it
        can place anything in the VPC). Default: none.
    """

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        name: str,
        subnet_group_identifier: str,
        security_groups: Sequence[ec2.ISecurityGroup],
        encryption_key: kms.IKey,
        network_type: NetworkType = NetworkType.IPV4,
        vpc_role_dependable: Optional[IConstruct] = None,
    ) -> None:
        super().__init__(scope, id)
        self.name = name
        """`InstanceProfileName`."""
        self.resource = dms.CfnInstanceProfile(
            self,
            "Resource",
            instance_profile_name=name,
            subnet_group_identifier=subnet_group_identifier,
            vpc_security_groups=[group.security_group_id for group in security_groups],
            kms_key_arn=encryption_key.key_arn,
            # Written out although false is the schema's default: never publicly accessible, whatever the default.
            publicly_accessible=False,
            network_type=NetworkType(network_type).value,
        )
        add_dependency_in_stack(self.resource, vpc_role_dependable)
        self.instance_profile_arn: str = self.resource.attr_instance_profile_arn
        """The instance profile's ARN (a migration project's `InstanceProfileIdentifier`)."""
