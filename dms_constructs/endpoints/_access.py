"""What DMS assumes to reach an endpoint: the wave's secrets access (credentials), per-endpoint service
access roles with least-privilege customer managed policies (S3, DynamoDB, Kinesis, ...), and the
acknowledgment of the one wildcard a DMS-named object key needs.

Layer: endpoints shared machinery (imports no engine family).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, Optional, Sequence, Union

from aws_cdk import Stack
from aws_cdk import aws_iam as iam
from constructs import Construct, IConstruct

from ..account import dms_service_principal
from ..acknowledgments import acknowledge
from ..credentials import EndpointCredentials, SecretsAccess, dms_regional_principal, dms_source_conditions

if TYPE_CHECKING:
    from .._context import WaveContext
    from .base import BoundEndpoint


def bind_secret(
    credentials: EndpointCredentials,
    wave: "WaveContext",
    bound: "BoundEndpoint",
    *,
    host: Optional[str],
    port: Optional[Union[int, float]],
    database_name: Optional[str],
    label: str,
    dependencies: list[IConstruct],
) -> dict[str, Any]:
    """The endpoint's secret (existing, or generated under `bound`), readable by the wave's secrets
    access role; returns the settings-block entries `SecretsManagerSecretId` and
    `SecretsManagerAccessRoleArn` (DMS user guide, "Using secrets to access AWS Database Migration
    Service endpoints": with these, user name, password, host and port stay out of the template)."""
    creds = credentials._bind(
        wave,
        bound,
        engine_name=bound.engine_name,
        host=host,
        port=port,  # type: ignore[arg-type]
        database_name=database_name,
        description=f"Credentials of DMS endpoint {bound.identifier} ({label})",
    )
    bound.secret = creds.secret
    access = SecretsAccess.of(wave)
    dependencies.append(access.policy)
    if creds.fields is not None:
        dependencies.append(creds.fields)  # a generated secret holds host and port before DMS reads it
    return dict(
        secrets_manager_secret_id=creds.secret.secret_arn,
        secrets_manager_access_role_arn=access.role_arn,
    )


def service_access_role(
    bound: "BoundEndpoint",
    *,
    purpose: str,
    statements: Sequence[iam.PolicyStatement],
    policy_description: str,
    also_trusted: Sequence[iam.IPrincipal] = (),
) -> tuple[iam.Role, iam.ManagedPolicy]:
    """A role this endpoint's DMS assumes (`ServiceAccessRole`), trusting `dms.<region>` and
    `dms.amazonaws.com` on behalf of this account's DMS resources in this region only (confused-deputy
    conditions: DMS user guide, "Cross-service confused deputy prevention"), with a customer managed
    policy (`ServiceAccessPolicy`; the HIPAA, NIST and PCI packs flag inline policies).

    :param also_trusted: other principals the engine's DMS guide page requires in the trust policy, each
        a statement of its own (e.g. Neptune's `rds.amazonaws.com`, which loads the staged files as this
        role). Default: none (DMS only)."""
    conditions = dms_source_conditions()
    role = iam.Role(
        bound,
        "ServiceAccessRole",
        assumed_by=iam.CompositePrincipal(
            dms_regional_principal().with_conditions(conditions), dms_service_principal().with_conditions(conditions),
            *also_trusted,
        ),
        description=f"Lets AWS DMS {purpose} of endpoint {bound.identifier}.",
    )
    policy = iam.ManagedPolicy(
        bound,
        "ServiceAccessPolicy",
        description=policy_description,
        roles=[role],
        statements=list(statements),
    )
    bound.service_access_role = role
    return role, policy


def role_in_stack(scope: Construct, role: iam.IRole, role_name: str) -> iam.IRole:
    """`role` when it lives in `scope`'s stack, else the same role imported by its fixed name (no
    cross-stack export for a role whose name never changes)."""
    if Stack.of(role) is Stack.of(scope):
        return role
    existing = scope.node.try_find_child("ImportedRedshiftAccessRole")
    return existing or iam.Role.from_role_name(scope, "ImportedRedshiftAccessRole", role_name)  # type: ignore[return-value]


def acknowledge_wildcard(policy: iam.ManagedPolicy, resource_arn: str, reason: str) -> None:
    """Acknowledge the AwsSolutions-IAM5 finding of one wildcard resource (`<bucket>/<prefix>/*`,
    `<table>/index/*`) on the policy's `AWS::IAM::ManagedPolicy`, in the flattened form cdk-nag reports it."""
    resolved = Stack.of(policy).resolve(resource_arn)
    default_child = policy.node.default_child
    assert default_child is not None
    acknowledge(default_child, f"AwsSolutions-IAM5[Resource::{_flatten_reference(resolved)}]", reason)


def _flatten_reference(node: Any) -> str:
    """A resolved CloudFormation value as cdk-nag flattens it for finding ids (Ref -> `<Id>`, GetAtt ->
    `<Id.Attr>`, Join -> concatenation)."""
    if node is None:
        return ""
    if isinstance(node, str):
        return node.replace("${", "<").replace("}", ">")
    if isinstance(node, dict):
        if "Fn::Join" in node:
            delimiter, items = node["Fn::Join"]
            return str(delimiter).join(_flatten_reference(item) for item in items)
        if "Fn::Sub" in node:
            return _flatten_reference(node["Fn::Sub"])
        if "Fn::GetAtt" in node:
            resource, attribute = node["Fn::GetAtt"]
            return f"<{_flatten_reference(resource)}.{_flatten_reference(attribute)}>"
        if "Fn::ImportValue" in node:
            return _flatten_reference(node["Fn::ImportValue"])
        if "Ref" in node:
            return f"<{_flatten_reference(node['Ref'])}>"
    return json.dumps(node, separators=(",", ":"))
