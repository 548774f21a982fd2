"""Test every endpoint's connection from the wave's replication instance at deploy time (opt in with
`MigrationWave(verify_connections=True)`).

DMS user guide, "Creating source and target endpoints": an endpoint's connection is tested from a
replication instance (`TestConnection`, then `DescribeConnections` until the status leaves `testing`).
Each endpoint gets a `Custom::DmsConnectionTest` resource (id `ConnectionTest` under the endpoint)
served by the wave's preflight provider (`preflight_provider.py`, handler `preflight/connection_test.py`). A failed test fails the
deploy with the endpoint's name and DMS's own message (timeout, SSL, authentication).

- Ordering: the resource refers to the instance and the endpoint, and depends on what the connection
  needs: the endpoint's own resources (secret, certificate, access role), the wave's security group and
  its rules, the wave's network (routes, VPC endpoints) when it is in the same stack, the role DMS uses
  to read endpoint secrets, and the security groups of CDK databases in the same stack (their ingress
  rules). CloudFormation creates a replication instance as `available`, so the instance is ready.
- Re-tested when the endpoint changes: the resource carries the endpoint's ARN and a hash of the
  properties of the endpoint and its own resources (the secret and the custom resource that writes host,
  port and database into it, the certificate), so any change to them updates the resource, which tests
  again. Changes made outside the template (a secret edited by hand) are not seen. Delete does nothing.
- Tasks that start after create, and pre-migration assessments, wait for the tests of their endpoints.

Serverless waves cannot: TestConnection needs a replication instance (DMS API reference,
"TestConnection": ReplicationInstanceArn is required), and DMS Serverless tests its connections only
when a replication starts (DMS user guide, "AWS DMS Serverless components": the Testing Connection
state), so `verify_connections` fails at synth there.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Optional, Sequence

from aws_cdk import CfnResource, CustomResource
from aws_cdk import aws_ec2 as ec2
from constructs import IConstruct

from .._context import scope_of
from .._tree import cached, stack_of
from ..credentials import SecretsAccess
from ._provider import SERVICE_TIMEOUT
from .fingerprint import fingerprint
from .gates import register_connection_test
from .preflight_provider import PreflightProvider

if TYPE_CHECKING:
    from ..endpoints import BoundEndpoint
    from .._context import WaveContext

RESOURCE_TYPE = "Custom::DmsConnectionTest"


def test_connection(wave: "WaveContext", endpoint: "BoundEndpoint") -> CustomResource:
    """A `Custom::DmsConnectionTest` (id `ConnectionTest` under the endpoint) that tests `endpoint` from the
    wave's instance on create and whenever the endpoint changes, served by the wave's preflight provider."""
    instance = wave.replication_instance
    if instance is None:
        raise ValueError("connection tests need a replication instance wave")  # the wave checks first
    provider = PreflightProvider.of(wave)
    provider.allow_test(instance.instance_arn, endpoint.endpoint_arn)
    # The endpoint and what it reads its connection from (its secret and the custom resource that fills
    # in host, port and database, its certificate): a change to any of them tests again.
    endpoint_node = endpoint.node
    parts = [c for c in endpoint_node.find_all() if isinstance(c, CfnResource)]
    test = CustomResource(
        endpoint,
        "ConnectionTest",
        service_token=provider.service_token,
        resource_type=RESOURCE_TYPE,
        service_timeout=SERVICE_TIMEOUT,
        properties={
            "ReplicationInstanceArn": instance.instance_arn,
            "EndpointArn": endpoint.endpoint_arn,
            "EndpointName": endpoint.identifier,
            "Fingerprint": fingerprint(*parts),
        },
    )
    test.node.add_dependency(*_needs(wave, endpoint, endpoint_node.children, test))  # one round trip for all
    register_connection_test(endpoint, test)
    return test


def _needs(wave: "WaveContext", endpoint: "BoundEndpoint", children: Sequence[IConstruct], test: IConstruct) -> list[IConstruct]:
    """What the connection needs besides the instance and endpoint it refers to (all in this stack)."""
    stack = stack_of(scope_of(wave))
    needs: list[IConstruct] = [wave.security_group]
    for child in children:  # secret, certificate, access role; not the test itself, nor the endpoint
        # resource (`Resource`), which EndpointArn already refers to (cfn-lint W3005)
        if child is not test and child is not endpoint.resource:
            needs.append(child)
    if stack_of(wave.network) is stack:
        needs.append(wave.network)
    access = SecretsAccess.find(wave)  # the role DMS assumes to read endpoint secrets, and its policy
    if access is not None:
        needs.append(access)
    # A CDK database admits the wave through an ingress rule on its own security group (in this stack).
    # Each rule's source is read once per stack (every endpoint's test looks at every rule).
    source_group = wave.security_group.security_group_id
    sources: dict[IConstruct, Optional[str]] = cached(stack, _INGRESS_SOURCES, dict)
    for construct in stack.node.find_all():
        if isinstance(construct, ec2.CfnSecurityGroupIngress):
            if construct in sources:
                source = sources[construct]
            else:
                source = sources[construct] = construct.source_security_group_id
            if source == source_group:
                needs.append(construct)
    return needs


_INGRESS_SOURCES = "ingress sources"  # the `memo` key of a stack's ingress rules' source groups, as read
