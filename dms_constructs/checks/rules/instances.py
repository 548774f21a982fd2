"""Checks of replication instances and configs and their neighbours: public access (DMS.1), tags
(DMS.3-5), minor version upgrades (DMS.6), Multi-AZ (DMS.13), customer managed keys, the dms-vpc-role
ordering and reachability of the databases' networks."""

from __future__ import annotations


from .._values import INVALID, MISSING, UNKNOWN, as_bool, as_str, contains_text, get, is_intrinsic, is_unresolved
from .._view import Resource, StackView
from ..network_rules import unrouted_networks
from ._model import (
    C,
    IAM_ROLE,
    NA,
    NC,
    Options,
    Outcome,
    REPLICATION_INSTANCE,
    REPLICATION_SUBNET_GROUP,
    VPC_ROLE_NAME,
)

# ---------------------------------------------------------------------------------------------------
# DMS.1 - replication instance not public
# ---------------------------------------------------------------------------------------------------
def _not_public(resource: Resource, view: StackView, options: Options) -> Outcome:
    value = as_bool(get(resource.properties, "PubliclyAccessible"))
    if value is UNKNOWN:
        return NA
    return C if value is False else NC  # omitted means true in CloudFormation


# ---------------------------------------------------------------------------------------------------
# DMS.3 / DMS.4 / DMS.5 - tags
# ---------------------------------------------------------------------------------------------------
def _tagged(resource: Resource, view: StackView, options: Options) -> Outcome:
    tags = get(resource.properties, "Tags")
    if tags is UNKNOWN:
        return NA
    if tags is MISSING:
        tags = []
    if not isinstance(tags, list):
        return NA
    keys: set[str] = set()
    unknown = False
    for tag in tags:
        key = tag.get("Key") if isinstance(tag, dict) and not is_intrinsic(tag) else UNKNOWN
        if not isinstance(key, str) or is_unresolved(key):
            unknown = True
        elif not key.startswith("aws:"):  # system tags do not count, as in Security Hub
            keys.add(key)
    if options.required_tag_keys:
        if all(k in keys for k in options.required_tag_keys):
            return C
    elif keys:
        return C
    return NA if unknown else NC


# ---------------------------------------------------------------------------------------------------
# DMS.6 - automatic minor version upgrade
# ---------------------------------------------------------------------------------------------------
def _auto_minor_upgrade(resource: Resource, view: StackView, options: Options) -> Outcome:
    value = as_bool(get(resource.properties, "AutoMinorVersionUpgrade"))
    if value is UNKNOWN:
        return NA
    return NC if value is False else C  # omitted means true in CloudFormation


# ---------------------------------------------------------------------------------------------------
# DMS.13 - Multi-AZ
# ---------------------------------------------------------------------------------------------------
def _multi_az(resource: Resource, view: StackView, options: Options) -> Outcome:
    path = ("MultiAZ",) if resource.type == REPLICATION_INSTANCE else ("ComputeConfig", "MultiAZ")
    value = as_bool(get(resource.properties, *path))
    if value is UNKNOWN:
        return NA
    return C if value is True else NC  # omitted means false


# ---------------------------------------------------------------------------------------------------
# Customer managed KMS key
# ---------------------------------------------------------------------------------------------------
def _customer_managed_key(resource: Resource, view: StackView, options: Options) -> Outcome:
    path = ("KmsKeyId",) if resource.type == REPLICATION_INSTANCE else ("ComputeConfig", "KmsKeyId")
    raw = get(resource.properties, *path)
    if raw is UNKNOWN:
        # set from a deploy-time value (a key's ARN, an import): set, unless it visibly names an AWS managed key
        return NC if contains_text(resource.properties.get(path[0]), "alias/aws/") else C
    value = as_str(raw)
    if value is MISSING or value is INVALID:
        return NC
    return NC if "alias/aws/" in value else C


# ---------------------------------------------------------------------------------------------------
# dms-vpc-role ordering
# ---------------------------------------------------------------------------------------------------
def vpc_role_ids(view: StackView) -> set[str]:
    return {
        role.logical_id
        for role in view.resources_of_type(IAM_ROLE)
        if as_str(get(role.properties, "RoleName")) == VPC_ROLE_NAME
    }


def _after_vpc_role(resource: Resource, view: StackView, options: Options) -> Outcome:
    roles = vpc_role_ids(view)
    if not roles:
        return NA  # the role is created elsewhere (another stack, or the account baseline)
    return C if view.depends_on_any(resource.logical_id, roles) else NC


# ---------------------------------------------------------------------------------------------------
# Reachability: the replication's database networks are routed from its subnets
# ---------------------------------------------------------------------------------------------------
def _reachable(resource: Resource, view: StackView, options: Options) -> Outcome:
    missing = unrouted_networks(resource, view, REPLICATION_SUBNET_GROUP)
    if missing is None:
        return NA
    return NC if missing else C
