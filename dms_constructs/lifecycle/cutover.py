"""The wave's cutover provider (`MigrationWave(phase=MigrationPhase.CUT_OVER)`): stops the wave's tasks and
rotates its generated secrets once, when the wave enters CUT_OVER.

Per task, `Custom::DmsStopForCutover` (id `StopForCutover` under the task) stops it and waits until it is
stopped; per generated secret with rotation, `Custom::DmsRotateOnCutover` (id `RotateOnCutover` under the
secret) rotates it after every task of the wave has stopped, so that no running task fails on a password
that just changed. Handlers: `lifecycle/cut_over/handler.py`, on the shared `LifecycleProvider`.

What is rotated: only secrets this library generated with `SecretRotation` (the hosted rotation function
changes the database password and the secret together). A generated secret without rotation has no
function that could change the database password: the runbook says to change or drop the DMS user. An
existing secret (`EndpointCredentials.from_secret`) belongs to its owner and is not touched.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from aws_cdk import ArnFormat, CustomResource, Stack
from aws_cdk import aws_iam as iam
from aws_cdk import aws_secretsmanager as secretsmanager
from constructs import Construct

from ..acknowledgments import acknowledge
from ._provider import SERVICE_TIMEOUT, LifecycleProvider
from .findings import nag_arn as _nag_arn
from .._context import scope_of
from .._tree import adopted

if TYPE_CHECKING:
    from ..tasks import AnyTask
    from .._context import WaveContext

HANDLER_DIR = Path(__file__).parent / "cut_over"
STOP_TYPE = "Custom::DmsStopForCutover"
ROTATE_TYPE = "Custom::DmsRotateOnCutover"


class CutoverProvider(LifecycleProvider):
    """The wave's cutover provider (id `Cutover`), created on first use."""

    def __init__(self, scope: "WaveContext", id: str) -> None:
        super().__init__(
            scope,
            id,
            handler_dir=HANDLER_DIR,
            purpose="Stops the DMS tasks of a wave and rotates its secrets at cutover",
            statements=[
                # DMS Describe* actions support no resource-level permissions (Service Authorization
                # Reference, "Actions defined by AWS Database Migration Service").
                iam.PolicyStatement(actions=["dms:DescribeReplicationTasks", "dms:DescribeReplications"], resources=["*"]),
            ],
            describe_reason=(
                "DMS DescribeReplicationTasks and DescribeReplications support no resource-level permissions; "
                "stopping is scoped to each task's ARN and rotation to each secret's ARN."
            ),
        )
        self._stops: list[CustomResource] = []
        self._rotations: list[CustomResource] = []
        self._rotation_function_grant = False

    def stop(self, task: "AnyTask") -> CustomResource:
        """`StopForCutover` under the task: stop it (if it runs) and wait until it is stopped."""
        from ..tasks import ReplicationTask

        is_task = isinstance(task, ReplicationTask)
        arn = task.task_arn if isinstance(task, ReplicationTask) else task.config_arn
        action = "dms:StopReplicationTask" if is_task else "dms:StopReplication"
        self.policy.add_statements(iam.PolicyStatement(actions=[action], resources=[arn]))
        stop = CustomResource(
            task,
            "StopForCutover",
            service_token=self.service_token,
            resource_type=STOP_TYPE,
            service_timeout=SERVICE_TIMEOUT,
            properties={"Kind": "task" if is_task else "serverless", "Arn": arn, "Name": task.identifier},
        )
        # After whatever else might start the task in the same deploy (start-once, resume after update).
        for sibling in ("StartOnce", "ResumeAfterUpdate"):
            found = task.node.try_find_child(sibling)
            if found is not None:
                stop.node.add_dependency(found)
        for rotation in self._rotations:
            rotation.node.add_dependency(stop)
        self._stops.append(stop)
        return stop

    def rotate(self, scope: Construct, secret: secretsmanager.ISecret, name: str) -> CustomResource:
        """`RotateOnCutover` under `scope`: rotate `secret` once, after every task of the wave is stopped."""
        self.policy.add_statements(
            iam.PolicyStatement(actions=["secretsmanager:RotateSecret", "secretsmanager:DescribeSecret"], resources=[secret.secret_arn])
        )
        if not self._rotation_function_grant:
            # RotateSecret needs lambda:InvokeFunction on the rotation function too (Secrets Manager API
            # reference, RotateSecret, "Required permissions"). The hosted rotation function is named by
            # the SecretsManager transform at deploy time, so only the account's functions can be named.
            functions = Stack.of(self).format_arn(service="lambda", resource="function", resource_name="*", arn_format=ArnFormat.COLON_RESOURCE_NAME)
            self.policy.add_statements(iam.PolicyStatement(actions=["lambda:InvokeFunction"], resources=[functions]))
            acknowledge(self.policy, f"AwsSolutions-IAM5[Resource::{_nag_arn(Stack.of(self).resolve(functions))}]", _ROTATION_FUNCTION_REASON)
            self._rotation_function_grant = True
        rotate = CustomResource(
            scope,
            "RotateOnCutover",
            service_token=self.service_token,
            resource_type=ROTATE_TYPE,
            service_timeout=SERVICE_TIMEOUT,
            properties={"SecretArn": secret.secret_arn, "Name": name},
        )
        for stop in self._stops:
            rotate.node.add_dependency(stop)
        self._rotations.append(rotate)
        return rotate

    @staticmethod
    def of(wave: "WaveContext") -> "CutoverProvider":
        """The wave's cutover provider, created on first use."""
        existing = adopted(scope_of(wave), "Cutover", CutoverProvider)
        return existing if existing is not None else CutoverProvider(wave, "Cutover")


_ROTATION_FUNCTION_REASON = (
    "RotateSecret requires lambda:InvokeFunction on the secret's rotation function, a hosted rotation function whose "
    "name the SecretsManager transform chooses at deploy time; Secrets Manager invokes only the function configured "
    "on the secret, which the handler cannot change (it calls RotateSecret without a function ARN)."
)
