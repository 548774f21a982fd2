"""What to do instead, per finding: one sentence each, pointing at the README section "Changing a
running migration" for the planned version of the change."""

from __future__ import annotations

from typing import Optional

RUNBOOK = 'README, "Changing a running migration"'

_NAMES = "keep the wave's name, naming convention (env, app) and the endpoint/task names (DMS identifiers and construct ids come from them)"

_CERTIFICATE = (
    "expected when the CA bundle changes (dms-constructs derives the certificate's identifier from its "
    "content, so old and new do not collide): the endpoints switch to the new one in place, so pause their "
    "running tasks"
)

# (resource type, create-only property) -> advice. Property None: any property of that type.
_REPLACE: dict[tuple[str, Optional[str]], str] = {
    ("AWS::DMS::ReplicationSubnetGroup", "ReplicationSubnetGroupIdentifier"): (
        f"{_NAMES}; change subnets through SubnetIds, which updates in place. Replacing the subnet group "
        "replaces the instance and every task on it"
    ),
    ("AWS::DMS::ReplicationInstance", "KmsKeyId"): (
        "keep the wave's encryption_key: an instance cannot change its key. For a new key, build a new wave "
        "beside the old one and cut over"
    ),
    ("AWS::DMS::ReplicationInstance", "ReplicationSubnetGroupIdentifier"): (
        "keep the subnet group's identifier (the wave's naming convention: env and app)"
    ),
    ("AWS::DMS::ReplicationInstance", None): (
        "keep this property: a new instance replaces every task on it, which restarts their migrations"
    ),
    ("AWS::DMS::ReplicationTask", "MigrationType"): (
        "keep the task's migration_type; for another type, add a new task under a new name, cut over, "
        "then remove the old one"
    ),
    ("AWS::DMS::ReplicationTask", None): (
        "keep the task's instance and endpoints; a replaced task starts again from scratch (or from a CDC "
        "position that may be purged). Add a new task under a new name instead"
    ),
    ("AWS::DMS::ReplicationConfig", None): (
        "keep this property; a replaced serverless replication starts again from scratch"
    ),
    ("AWS::DMS::Endpoint", "KmsKeyId"): "keep the wave's encryption_key: an endpoint cannot change its key",
    ("AWS::DMS::Certificate", "CertificatePem"): _CERTIFICATE,
    ("AWS::DMS::Certificate", "CertificateWallet"): _CERTIFICATE,
    ("AWS::DMS::Certificate", "CertificateIdentifier"): (
        "expected when the CA bundle or wallet changes (dms-constructs derives the identifier from the endpoint's "
        "identifier and the certificate's content, so old and new do not collide; the endpoints switch in place, "
        f"so pause their running tasks); otherwise {_NAMES}"
    ),
    ("AWS::SecretsManager::Secret", "Name"): "keep the secret's name: a new secret has a new password",
}


def replace_advice(resource_type: str, prop: Optional[str], cascaded: bool) -> str:
    """Advice for a replacement caused by `prop` of a resource of `resource_type`."""
    if cascaded:
        return f"fix the root cause above; if the replacement is intended, follow {RUNBOOK} and allow-list it"
    top = prop.split("/", 1)[0] if prop else None
    text = _REPLACE.get((resource_type, top)) or _REPLACE.get((resource_type, None))
    if text is None:
        text = f"keep {top or 'the resource type'} as it was"
    return f"{text}; if the replacement is intended, follow {RUNBOOK} and allow-list it with the reason"


DELETE = (
    "restore it (its logical id comes from its construct id and path); to retire it on purpose, stop "
    "what runs on it first, then allow-list the deletion with the reason"
)
RENAME = (
    "restore the construct id or name that formed the old logical id: CloudFormation creates the new "
    "resource before deleting the old one, so a fixed identifier collides and a running task is lost; "
    f"for a planned rename follow {RUNBOOK}"
)
MOVE = (
    "keep it in its stack: CloudFormation cannot move a resource between stacks (the new stack creates "
    f"it again, colliding with the old one); for a planned move follow {RUNBOOK}"
)
REGENERATE = (
    "restore GenerateSecretString (and the secret's construct id): any change generates a new password that "
    "the database does not know; to change the password, rotate it (Secrets Manager rotation or the DBA) "
    "so that database and secret change together"
)
RETAIN = (
    "removed from the stack but retained (DeletionPolicy Retain): it stays in the account, unmanaged; "
    "delete it by hand once nothing uses it"
)
STACK_REMOVED = (
    "deploying AFTER leaves this stack as it is; `cdk destroy` would delete its DMS resources. If the stack "
    "was renamed, the new stack creates them again and their identifiers collide"
)
UPDATE_RUNNING = (
    "updates in place; DMS refuses to modify a running task or an endpoint a running task uses: "
    "stop the task first, or opt in to pause_tasks_during_updates"
)
SERVERLESS_STARTED = (
    "DMS cannot modify a serverless replication config once its replication has started, even when stopped, "
    "so this update fails unless the replication never started"
)
SERVERLESS_INSTEAD = (
    "if the replication has started, add a new task under a new name with the change, cut over, then remove "
    f"the old one ({RUNBOOK}); allow-list this warning when the replication has not started yet"
)
