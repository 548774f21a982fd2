"""Checks of the roles DMS assumes to read secrets: trusted by the regional DMS service principal."""

from __future__ import annotations

import re
from typing import Any

from .._values import (
    INVALID,
    UNKNOWN,
    action_matches,
    as_list,
    as_str,
    contains_text,
    get,
    is_intrinsic,
    is_unresolved,
    join_to_text,
)
from .._view import Resource, StackView
from ._model import C, IAM_MANAGED_POLICY, IAM_POLICY, NA, NC, Options, Outcome

# ---------------------------------------------------------------------------------------------------
# Secrets Manager access roles trust dms.<region>.amazonaws.com
# ---------------------------------------------------------------------------------------------------
_REGIONAL_DMS = re.compile(r"^dms\.(\{AWS::Region\}|[a-z]{2}(-[a-z]+)+-\d+)\.(\{AWS::URLSuffix\}|amazonaws\.com(\.cn)?)$", re.IGNORECASE)
_GLOBAL_DMS = frozenset({"dms.amazonaws.com", "dms.amazonaws.com.cn"})
GET_SECRET_VALUE = "secretsmanager:GetSecretValue"


def classify_service_principal(value: Any) -> str:
    """'global', 'regional', 'other' or 'unknown' for one `Principal.Service` entry."""
    text = join_to_text(value)
    if text is UNKNOWN or not isinstance(text, str):
        return "unknown"
    text = text.strip()
    if text.lower() in _GLOBAL_DMS:
        return "global"
    if _REGIONAL_DMS.match(text):
        return "regional"
    return "other"


def dms_service_principals(trust_policy: Any) -> Any:
    """Classes of the `Principal.Service` entries of the Allow statements of a trust policy."""
    statements = as_list(get(trust_policy, "Statement"))
    if statements is UNKNOWN:
        return UNKNOWN
    found: list[str] = []
    for statement in statements:
        if not isinstance(statement, dict) or is_intrinsic(statement):
            found.append("unknown")
            continue
        effect = statement.get("Effect")
        if is_unresolved(effect):
            found.append("unknown")
            continue
        if effect != "Allow":
            continue
        principal = statement.get("Principal")
        if is_unresolved(principal):
            found.append("unknown")
            continue
        if not isinstance(principal, dict):
            continue
        services = as_list(principal.get("Service"))
        if services is UNKNOWN:
            found.append("unknown")
            continue
        found.extend(classify_service_principal(s) for s in services)
    return found


def _statements_grant(document: Any, action: str) -> Any:
    """True when a policy document allows `action`; UNKNOWN when tokens hide the answer."""
    statements = as_list(get(document, "Statement"))
    if statements is UNKNOWN or statements is INVALID:
        return UNKNOWN
    unknown = False
    for statement in statements:
        if not isinstance(statement, dict) or is_intrinsic(statement):
            unknown = True
            continue
        if statement.get("Effect") != "Allow":
            unknown = unknown or is_unresolved(statement.get("Effect"))
            continue
        actions = as_list(statement.get("Action"))
        if actions is UNKNOWN:
            unknown = True
            continue
        for pattern in actions:
            matched = action_matches(pattern, action)
            if matched is True:
                return True
            if matched is UNKNOWN:
                unknown = True
    return UNKNOWN if unknown else False


def _attached_to(policy: Resource, role: Resource) -> bool:
    """Whether an AWS::IAM::Policy / ManagedPolicy lists `role` in its Roles (by Ref or by name)."""
    roles = as_list(get(policy.properties, "Roles"))
    if roles is UNKNOWN:
        return False
    role_name = as_str(get(role.properties, "RoleName"))
    for entry in roles:
        if isinstance(entry, dict) and entry.get("Ref") == role.logical_id:
            return True
        if isinstance(role_name, str) and entry == role_name:
            return True
    return False


def role_grants(role: Resource, view: StackView, action: str = GET_SECRET_VALUE) -> Any:
    """Whether a role is allowed `action` by its inline policies, by AWS::IAM::Policy resources attached to it
    (CDK's DefaultPolicy), by managed policies of the stack attached to it, or by the AWS managed
    SecretsManagerReadWrite policy. UNKNOWN when tokens hide the answer."""
    unknown = False
    documents: list[Any] = []
    inline = as_list(get(role.properties, "Policies"))
    if inline is UNKNOWN:
        unknown = True
    else:
        documents.extend(p.get("PolicyDocument") if isinstance(p, dict) else UNKNOWN for p in inline)
    managed_refs: set[str] = set()
    arns = as_list(get(role.properties, "ManagedPolicyArns"))
    if arns is UNKNOWN:
        unknown = True
    else:
        for arn in arns:
            if isinstance(arn, dict) and isinstance(arn.get("Ref"), str):
                managed_refs.add(arn["Ref"])
            elif action == GET_SECRET_VALUE and contains_text(arn, "policy/SecretsManagerReadWrite"):
                return True
    for policy in view.resources_of_type(IAM_POLICY, IAM_MANAGED_POLICY):
        if policy.logical_id in managed_refs or _attached_to(policy, role):
            documents.append(get(policy.properties, "PolicyDocument"))
    for document in documents:
        granted = _statements_grant(document, action) if document is not UNKNOWN else UNKNOWN
        if granted is True:
            return True
        if granted is UNKNOWN:
            unknown = True
    return UNKNOWN if unknown else False


def _regional_principal(resource: Resource, view: StackView, options: Options) -> Outcome:
    principals = dms_service_principals(get(resource.properties, "AssumeRolePolicyDocument"))
    if principals is UNKNOWN:
        return NA
    if "regional" in principals:
        return C
    if "global" not in principals:
        return NA
    grants = role_grants(resource, view)
    if grants is not True:
        return NA  # not a Secrets Manager access role (or tokens hide its policies)
    return NA if "unknown" in principals else NC
