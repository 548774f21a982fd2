"""Key-value targets: Amazon DynamoDB.

DMS creates and writes the target tables itself (named by the task's object-mapping rules, or after the
source tables) through the endpoint's own service access role (DMS user guide, "Using an Amazon
DynamoDB database as a target for AWS Database Migration Service").

Layer: endpoints/family (imports base and the shared machinery, never another family).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Optional, Sequence

from aws_cdk import Stack
from aws_cdk import aws_dms as dms
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_iam as iam
from constructs import IConstruct

from ..errors import fail
from ..acknowledgments import acknowledge
from ..facts import Engine
from ..prefix_lists import ManagedPrefixList
from ._access import acknowledge_wildcard, service_access_role
from ._checks import check_peer
from .base import AwsServiceKind, BoundEndpoint, Reach

if TYPE_CHECKING:
    from .._context import WaveContext

# The control tables DMS writes beside the target tables (DMS user guide, "Using an Amazon DynamoDB database
# as a target", prerequisites policy; "Control table task settings").
DYNAMODB_CONTROL_TABLES = ("awsdms_apply_exceptions", "awsdms_full_load_exceptions")
# DynamoDB table names: 3-255 of a-z, A-Z, 0-9, '_', '-', '.' (Amazon DynamoDB developer guide, "Supported
# data types and naming rules"); a trailing '*' selects every table with that prefix.
_TABLE_PATTERN = re.compile(r"^[A-Za-z0-9_.-]{1,255}\*?$")


class DynamoDbKind(AwsServiceKind):
    """A DynamoDB target."""

    # The DMS guide's Kinesis page: "The SSL Mode option ... doesn't apply to ... Kinesis, and DynamoDB. They
    # are secure by default".
    no_ssl_mode_reason = (
        "DMS has no SSL mode for DynamoDB endpoints: every call to the DynamoDB API uses HTTPS (DMS user guide, "
        "Kinesis Data Streams as a target: 'doesn't apply to ... Kinesis, and DynamoDB')."
    )

    def __init__(self, *, table_names: Sequence[str], peer: Optional[ec2.IPeer]) -> None:
        super().__init__(engine=Engine.DYNAMODB, reach=Reach(peer=peer))
        self.table_names = tuple(table_names)

    def properties(
        self, wave: "WaveContext", bound: BoundEndpoint, direction: str, dependencies: list[IConstruct]
    ) -> dict[str, Any]:
        stack = Stack.of(bound)
        names = self.table_names + DYNAMODB_CONTROL_TABLES
        tables = [stack.format_arn(service="dynamodb", resource="table", resource_name=n) for n in names]
        # The minimum permissions of the DMS guide ("Prerequisites for using DynamoDB as a target"): PutItem,
        # CreateTable, DescribeTable, DeleteTable, DeleteItem (and UpdateItem for CDC updates) on the target
        # and control tables; ListTables on every table (it has no resource-level permission).
        role, policy = service_access_role(
            bound,
            purpose="write the DynamoDB target",
            policy_description=f"DynamoDB target access of DMS endpoint {bound.identifier}.",
            statements=[
                iam.PolicyStatement(
                    actions=[
                        "dynamodb:PutItem",
                        "dynamodb:CreateTable",
                        "dynamodb:DescribeTable",
                        "dynamodb:DeleteTable",
                        "dynamodb:DeleteItem",
                        "dynamodb:UpdateItem",
                    ],
                    resources=tables,
                ),
                iam.PolicyStatement(actions=["dynamodb:ListTables"], resources=["*"]),
            ],
        )
        default_child = policy.node.default_child
        assert default_child is not None
        acknowledge(
            default_child,
            "AwsSolutions-IAM5[Resource::*]",
            "dynamodb:ListTables has no resource-level permission (Service Authorization Reference, Amazon DynamoDB); "
            "the DMS guide's minimum policy grants it on '*'. Every write is limited to the named tables.",
        )
        for name, arn in zip(names, tables):
            if name.endswith("*"):
                acknowledge_wildcard(
                    policy, arn, "DMS creates the target tables itself; the grant is limited to the given table-name prefix."
                )
        dependencies.append(policy)
        return {"dynamo_db_settings": dms.CfnEndpoint.DynamoDbSettingsProperty(service_access_role_arn=role.role_arn)}

    def after_network(self, wave: "WaveContext") -> None:
        """A network this library created gets a DynamoDB gateway endpoint and HTTPS egress to the region's
        DynamoDB prefix list (resolved at deploy time); with a `peer`, only the egress rule to it."""
        network = wave.network
        if self.reach.peer is not None or not network.created_vpc:
            return
        scope = network
        if scope.node.try_find_child("DynamoDbEndpoint") is None:
            ec2.GatewayVpcEndpoint(
                scope,
                "DynamoDbEndpoint",
                vpc=network.vpc,
                service=ec2.GatewayVpcEndpointAwsService.DYNAMODB,
                subnets=[network.subnet_selection],
            )
            prefix_list = ManagedPrefixList(
                scope,
                "DynamoDbPrefixList",
                prefix_list_name=f"com.amazonaws.{Stack.of(scope).region}.dynamodb",
                encryption_key=network.encryption_key or wave.encryption_key,
                log_retention=wave.log_retention,
                removal_policy=wave.removal_policy,
            )
            wave.security_group.add_egress_rule(
                ec2.Peer.prefix_list(prefix_list.prefix_list_id),
                ec2.Port.tcp(443),
                "HTTPS to Amazon DynamoDB through the VPC gateway endpoint",
            )


def dynamodb_target(
    *,
    table_names: Sequence[str],
    peer: Optional[ec2.IPeer] = None,
) -> DynamoDbKind:
    """A DynamoDB target. DMS creates the tables (named by the task's object-mapping rules) and writes
    items; map tables with `object-mapping` rules in the task's table mappings.

    The endpoint gets its own service access role (trusting `dms.<region>.amazonaws.com` and
    `dms.amazonaws.com`, this account only) with a customer managed policy: `dynamodb:PutItem`,
    `CreateTable`, `DescribeTable`, `DeleteTable`, `DeleteItem`, `UpdateItem` on the named tables and
    DMS's control tables (`awsdms_apply_exceptions`, `awsdms_full_load_exceptions`), and
    `dynamodb:ListTables`. DMS has no SSL mode for DynamoDB (the API is HTTPS).

    :param table_names: the target tables DMS may create and write, by name; a trailing `*` allows every
        table with that prefix (e.g. `orders_*`). Required: the role grants nothing beyond them.
    :param peer: HTTPS egress for reaching DynamoDB, e.g. `ec2.Peer.prefix_list('pl-...')` (the region's
        `com.amazonaws.<region>.dynamodb` prefix list). Default: in a network this library created, a
        DynamoDB gateway endpoint and an egress rule to that prefix list (resolved at deploy time); in an
        existing VPC, no rule (the wave's security group must already reach DynamoDB).
    """
    field = "DatabaseEndpoint.dynamodb"
    names = list(table_names or [])
    if not names:
        fail(f"{field}.table_names", table_names, "is empty", "name the target tables (or prefixes such as 'orders_*')")
    for name in names:
        if not isinstance(name, str) or not _TABLE_PATTERN.match(name) or name == "*":
            fail(
                f"{field}.table_names",
                name,
                "is not a DynamoDB table name or name prefix",
                "use 3-255 letters, digits, '_', '-' or '.', optionally ending in '*' (never '*' alone)",
            )
    if peer is not None:
        check_peer(f"{field}.peer", peer)
    return DynamoDbKind(table_names=names, peer=peer)


__all__ = ["DYNAMODB_CONTROL_TABLES", "DynamoDbKind", "dynamodb_target"]
