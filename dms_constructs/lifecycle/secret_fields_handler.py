"""Lambda handler behind `Custom::DmsSecretFields` (CDK Provider framework, `onEvent`).

Writes connection fields (`host`, `port`, `dbname`, `engine`) into a generated endpoint secret and leaves
every other key -- `username` and the generated or rotated `password` above all -- as it is. CloudFormation
generates the password once (`GenerateSecretString`, whose template holds only the user name); a change of
host, port or database name reaches the secret through this handler instead, so it never regenerates the
password the database knows.

- Create / Update: read the secret's `AWSCURRENT` value, set the fields (and drop fields the previous
  properties set that the new ones no longer have), and `PutSecretValue` only when something changed. The
  request id is the client request token, so a retried request writes at most one version.
- While a rotation is in progress (an `AWSPENDING` version that is not `AWSCURRENT`) a write would be
  undone when the rotation finishes: wait for it (up to `PENDING_WAIT_SECONDS`), then fail with the fix.
- Delete: nothing. The secret is kept or deleted by its own removal policy.

Runs on the Lambda Python runtime (boto3 included); no other dependency. Nothing secret goes into the
response: CloudFormation shows `Data` in the console.
"""

from __future__ import annotations

import json
import os
import time
from typing import Any, Callable, Optional

import boto3

# Keys this handler never writes: the user name is the generated secret's template, the password is
# CloudFormation's (or the rotation function's).
PROTECTED_KEYS = frozenset({"username", "password"})
PENDING_WAIT_SECONDS = int(os.environ.get("PENDING_WAIT_SECONDS", "120"))
POLL_SECONDS = 5

_sleep: Callable[[float], None] = time.sleep  # replaced in tests


def _client() -> Any:
    return boto3.client("secretsmanager")


def on_event(event: dict[str, Any], context: Any = None) -> dict[str, Any]:
    request = event["RequestType"]
    props = event["ResourceProperties"]
    secret_id = props["SecretId"]
    physical_id = event.get("PhysicalResourceId") or secret_id
    if request == "Delete":
        return {"PhysicalResourceId": physical_id}
    fields = _fields(props)
    previous = _fields(event.get("OldResourceProperties") or {}) if request == "Update" else {}
    client = _client()
    _wait_for_rotation(client, secret_id)
    value = _current_value(client, secret_id)
    merged = dict(value)
    for key in set(previous) - set(fields):
        merged.pop(key, None)
    merged.update(fields)
    if merged != value:
        client.put_secret_value(
            SecretId=secret_id,
            SecretString=json.dumps(merged),
            ClientRequestToken=event["RequestId"],
        )
    return {"PhysicalResourceId": secret_id, "Data": {"Fields": ",".join(sorted(fields))}}


def _fields(props: dict[str, Any]) -> dict[str, Any]:
    """The `Fields` property: a JSON object of connection fields (JSON keeps the port a number;
    CloudFormation would pass a plain property as a string)."""
    text = props.get("Fields")
    if text is None:
        return {}
    fields = json.loads(text)
    if not isinstance(fields, dict):
        raise ValueError(f"Fields must be a JSON object, got {type(fields).__name__}")
    protected = PROTECTED_KEYS & set(fields)
    if protected:
        raise ValueError(f"Fields may not set {', '.join(sorted(protected))}: they belong to the generated secret")
    return fields


def _current_value(client: Any, secret_id: str) -> dict[str, Any]:
    current = client.get_secret_value(SecretId=secret_id, VersionStage="AWSCURRENT")
    try:
        value = json.loads(current.get("SecretString") or "")
    except ValueError:
        value = None
    if not isinstance(value, dict) or "password" not in value:
        raise ValueError(
            f"secret {secret_id} does not hold a JSON object with a password; it is not a generated endpoint secret"
        )
    return value


def _pending_version(client: Any, secret_id: str) -> Optional[str]:
    """The version a rotation is writing (AWSPENDING but not AWSCURRENT), or None."""
    stages = client.describe_secret(SecretId=secret_id).get("VersionIdsToStages") or {}
    for version, labels in stages.items():
        if "AWSPENDING" in labels and "AWSCURRENT" not in labels:
            return str(version)
    return None


def _wait_for_rotation(client: Any, secret_id: str) -> None:
    """Return once no rotation is in progress; poll every POLL_SECONDS for PENDING_WAIT_SECONDS, then fail."""
    for _ in range(PENDING_WAIT_SECONDS // POLL_SECONDS):
        if _pending_version(client, secret_id) is None:
            return
        _sleep(POLL_SECONDS)
    pending = _pending_version(client, secret_id)
    if pending is None:
        return
    raise RuntimeError(
        f"secret {secret_id} has a rotation in progress (version {pending} is AWSPENDING) after waiting "
        f"{PENDING_WAIT_SECONDS} s; writing now would be undone when it finishes. Retry the deployment when the "
        "rotation has finished; if it failed, remove the label: aws secretsmanager update-secret-version-stage "
        f"--secret-id {secret_id} --version-stage AWSPENDING --remove-from-version-id {pending}"
    )
