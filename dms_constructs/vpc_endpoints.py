"""VPC endpoints of the migration network: their policies, and the DNS name DMS endpoints are pointed at.

Policies: only this account's principals on this account's resources, plus what CloudFormation custom
resources need.

Without a policy a VPC endpoint allows any principal to reach any resource of the service — e.g. to copy
data to another account's bucket from inside the migration network.

- S3 gateway endpoint: requests by this account's principals to this account's buckets (DMS writes S3
  targets and stages Redshift loads with roles of this account; the staging bucket DMS creates for a
  Redshift target belongs to this account), and `s3:PutObject` to CloudFormation's custom-resource
  response buckets (`cloudformation-custom-resource-response-<region>`): a custom-resource handler in the
  VPC answers CloudFormation by a PUT to a pre-signed URL signed by CloudFormation, not by this account.
  Buckets of other accounts (e.g. a cross-account S3 target) are added one by one (`allow_bucket`).
- Interface endpoints (Secrets Manager, DMS, ...): requests by this account's principals, to this
  account's resources where the request names one (`aws:ResourceAccount` is absent from calls without a
  resource, such as `secretsmanager:GetRandomPassword` used by rotation functions).
"""

from __future__ import annotations

import weakref
from typing import Optional, Union

from aws_cdk import Aws, Fn, Stack
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_iam as iam

AnyEndpoint = Union[ec2.GatewayVpcEndpoint, ec2.InterfaceVpcEndpoint]


def _account(endpoint: AnyEndpoint) -> str:
    return Stack.of(endpoint).account


def restrict_s3_gateway_endpoint(endpoint: ec2.GatewayVpcEndpoint) -> None:
    """This account's principals on this account's buckets, and CloudFormation's response uploads."""
    account = _account(endpoint)
    endpoint.add_to_policy(
        iam.PolicyStatement(
            sid="AccountPrincipalsOnAccountBuckets",
            principals=[iam.AnyPrincipal()],
            actions=["s3:*"],
            resources=["*"],
            conditions={"StringEquals": {"aws:PrincipalAccount": account, "aws:ResourceAccount": account}},
        )
    )
    endpoint.add_to_policy(
        iam.PolicyStatement(
            sid="CloudFormationCustomResourceResponses",
            principals=[iam.AnyPrincipal()],
            actions=["s3:PutObject"],
            resources=[f"arn:{Aws.PARTITION}:s3:::cloudformation-custom-resource-response-*/*"],
        )
    )


def allow_bucket(endpoint: ec2.GatewayVpcEndpoint, bucket_arn: str) -> None:
    """Also let this account's principals use one bucket of another account (e.g. a cross-account S3
    target) through the gateway endpoint."""
    endpoint.add_to_policy(
        iam.PolicyStatement(
            principals=[iam.AnyPrincipal()],
            actions=["s3:*"],
            resources=[bucket_arn, f"{bucket_arn}/*"],
            conditions={"StringEquals": {"aws:PrincipalAccount": _account(endpoint)}},
        )
    )


def restrict_interface_endpoint(endpoint: ec2.InterfaceVpcEndpoint) -> None:
    """This account's principals, on this account's resources where the request names one."""
    account = _account(endpoint)
    endpoint.add_to_policy(
        iam.PolicyStatement(
            sid="AccountPrincipalsOnAccountResources",
            principals=[iam.AnyPrincipal()],
            actions=["*"],
            resources=["*"],
            conditions={
                "StringEquals": {"aws:PrincipalAccount": account},
                "StringEqualsIfExists": {"aws:ResourceAccount": account},
            },
        )
    )


def secrets_manager_endpoint_override(endpoint: Optional[ec2.InterfaceVpcEndpoint]) -> Optional[str]:
    """`secretsManagerEndpointOverride=<the endpoint's DNS name>`, the extra connection attribute a DMS
    endpoint that reads its credentials from Secrets Manager needs when the replication runs in private
    subnets: "Set the endpoint extra connection attribute, secretsManagerEndpointOverride=secretsManager
    endpoint DNS" (DMS user guide, "Using secrets to access AWS Database Migration Service endpoints", the
    procedure for a replication instance in a private subnet). None without an endpoint.

    The DNS name is the first of the endpoint's DNS entries (`<hosted zone id>:<dns name>`), e.g.
    `vpce-1234a5678b9012c-12345678.secretsmanager.eu-west-1.vpce.amazonaws.com`.
    """
    if endpoint is None:
        return None
    # One token per VPC endpoint, reused by every DMS endpoint (four round trips to the jsii runtime each).
    attribute = _OVERRIDES.get(endpoint)
    if attribute is None:
        dns_name = Fn.select(1, Fn.split(":", Fn.select(0, endpoint.vpc_endpoint_dns_entries)))
        attribute = _OVERRIDES[endpoint] = f"secretsManagerEndpointOverride={dns_name}"
    return attribute


_OVERRIDES: "weakref.WeakKeyDictionary[ec2.InterfaceVpcEndpoint, str]" = weakref.WeakKeyDictionary()
