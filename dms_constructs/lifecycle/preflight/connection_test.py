"""Test the connection between a DMS replication instance and one endpoint, and fail the stack operation
with DMS's own message when the test fails.

Handlers for CDK's custom-resource Provider framework (boto3 only, as the Lambda runtime ships it):

- `on_event` starts the test on Create and Update (`TestConnection`) and returns at once; Delete does
  nothing. DMS refuses a test while the instance or endpoint is busy (`InvalidResourceStateFault`, e.g.
  right after either was created or modified): the request is retried a few times, and a test that
  already runs for the same pair counts as started. An `AccessDeniedException` is retried the same way: the
  permission to test this pair is added to the handler's policy in the same deploy, and IAM changes reach every
  endpoint after a delay (IAM user guide, "Troubleshoot IAM", "Changes that I make are not always immediately
  visible"), so the first request may precede it.
- `is_complete` is polled by the framework's waiter: it reads the connection (`DescribeConnections`)
  until its status leaves `testing`. `successful` completes; `failed` raises with the endpoint's name
  and DMS's `LastFailureMessage` (a timeout, an SSL or an authentication error), which the framework
  reports to CloudFormation as the reason of the failed stack operation.

DMS API reference, "TestConnection" (ReplicationInstanceArn + EndpointArn) and "Connection" (Status:
successful, testing, failed, deleting; LastFailureMessage); DMS user guide, "Creating source and target
endpoints" (test the endpoint connection from the replication instance before you run a task).

Resource properties: `ReplicationInstanceArn`, `EndpointArn`, `EndpointName` (for messages) and
`Fingerprint` (a hash of the endpoint's properties: a changed endpoint updates this resource, which
tests again).
"""

from __future__ import annotations

import logging
import time
from typing import Any, Optional

from botocore.exceptions import ClientError

# The client and error helpers the preflight handlers share (`dms_api.py`, a module of the same asset).
try:  # as the Lambda runtime loads it: the asset's modules are top-level
    from dms_api import dms as _dms  # type: ignore[import-not-found,unused-ignore]
    from dms_api import error_code as _error_code  # type: ignore[import-not-found,unused-ignore]
    from dms_api import error_message as _error_message  # type: ignore[import-not-found,unused-ignore]
except ImportError:  # inside the package (tests)
    from .dms_api import dms as _dms
    from .dms_api import error_code as _error_code
    from .dms_api import error_message as _error_message

LOG = logging.getLogger()
LOG.setLevel(logging.INFO)

TESTING, SUCCESSFUL, FAILED = "testing", "successful", "failed"

# How often `on_event` asks DMS to start a test that it refuses because the instance or endpoint is busy,
# and how long it waits between tries: 4 x 10 s, well within the function's timeout (_provider.HANDLER_TIMEOUT).
START_ATTEMPTS = 4
# Refusals that pass by waiting: a busy instance or endpoint, and a permission not yet visible to the handler.
RETRIED = frozenset({"InvalidResourceStateFault", "AccessDeniedException"})
RETRY_SECONDS = 10.0


class ConnectionTestError(Exception):
    """A connection that failed or could not be tested; the message becomes CloudFormation's status reason."""


# --- Provider framework entry points ------------------------------------------------------------------


def on_event(event: dict[str, Any], context: Any = None) -> dict[str, Any]:
    """Create/Update: start the test (the waiter then polls `is_complete`). Delete: nothing."""
    request = event["RequestType"]
    instance_arn, endpoint_arn, name = _properties(event)
    physical_id = f"connection-{_resource_id(endpoint_arn)}-{_resource_id(instance_arn)}"
    if request == "Delete":
        LOG.info("delete: nothing to do (a connection test leaves nothing behind)")
        return {"PhysicalResourceId": event["PhysicalResourceId"]}
    _start_test(instance_arn, endpoint_arn, name)
    return {"PhysicalResourceId": physical_id}


def is_complete(event: dict[str, Any], context: Any = None) -> dict[str, Any]:
    """Create/Update: complete once the test succeeded; raise once it failed."""
    if event["RequestType"] == "Delete":
        return {"IsComplete": True}
    instance_arn, endpoint_arn, name = _properties(event)
    connection = _describe(instance_arn, endpoint_arn)
    if connection is None:
        raise ConnectionTestError(
            f"DMS has no connection test of endpoint {name} from replication instance {_resource_id(instance_arn)}: "
            "the endpoint or the instance was deleted while it was tested"
        )
    status = connection.get("Status", "")
    LOG.info("connection of endpoint %s is %s", name, status)
    if status == TESTING:
        return {"IsComplete": False}
    if status == SUCCESSFUL:
        return {"IsComplete": True}
    reason = connection.get("LastFailureMessage") or "DMS gave no failure message"
    raise ConnectionTestError(
        f"Connection test of DMS endpoint {name} from replication instance "
        f"{connection.get('ReplicationInstanceIdentifier') or _resource_id(instance_arn)} {status}: {reason}"
    )


def _properties(event: dict[str, Any]) -> tuple[str, str, str]:
    props = event.get("ResourceProperties") or {}
    instance_arn, endpoint_arn = props.get("ReplicationInstanceArn"), props.get("EndpointArn")
    if not instance_arn or not endpoint_arn:
        raise ConnectionTestError(
            "connection test: expected ReplicationInstanceArn and EndpointArn, "
            f"got ReplicationInstanceArn={instance_arn!r} EndpointArn={endpoint_arn!r}"
        )
    return str(instance_arn), str(endpoint_arn), str(props.get("EndpointName") or endpoint_arn)


def _resource_id(arn: str) -> str:
    return arn.split(":")[-1]


# --- DMS ----------------------------------------------------------------------------------------------


def _describe(instance_arn: str, endpoint_arn: str) -> Optional[dict[str, Any]]:
    try:
        connections = _dms().describe_connections(
            Filters=[
                {"Name": "endpoint-arn", "Values": [endpoint_arn]},
                {"Name": "replication-instance-arn", "Values": [instance_arn]},
            ]
        )["Connections"]
    except ClientError as error:
        if _error_code(error) == "ResourceNotFoundFault":  # DMS's answer when no connection matches
            return None
        raise
    return dict(connections[0]) if connections else None


def _start_test(instance_arn: str, endpoint_arn: str, name: str) -> None:
    last = ""
    for attempt in range(1, START_ATTEMPTS + 1):
        try:
            _dms().test_connection(ReplicationInstanceArn=instance_arn, EndpointArn=endpoint_arn)
            LOG.info("testing the connection of endpoint %s", name)
            return
        except ClientError as error:
            code, last = _error_code(error), _error_message(error)
            if code == "ResourceNotFoundFault":
                raise ConnectionTestError(
                    f"DMS endpoint {name} or replication instance {_resource_id(instance_arn)} does not exist, "
                    f"so their connection cannot be tested: {last}"
                ) from error
            if code not in RETRIED:
                raise
        connection = _describe(instance_arn, endpoint_arn)
        if connection is not None and connection.get("Status") == TESTING:
            LOG.info("a test of endpoint %s already runs: waiting for its result", name)
            return
        LOG.info("DMS cannot test endpoint %s yet (attempt %d of %d): %s", name, attempt, START_ATTEMPTS, last)
        if attempt < START_ATTEMPTS:
            time.sleep(RETRY_SECONDS)
    raise ConnectionTestError(
        f"DMS refused to test endpoint {name} from replication instance {_resource_id(instance_arn)} "
        f"{START_ATTEMPTS} times: {last}"
    )
