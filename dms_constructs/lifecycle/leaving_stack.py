"""What a custom resource's handler needs to stop its task before CloudFormation deletes it, and only when the
task leaves the stack (`stop_before_delete.py`, shared by the start-once and pause/resume handlers): the task's
logical id and `DeletionPolicy` as resource properties, and leave to read the stack's status and template.
"""

from __future__ import annotations

from typing import Union

import jsii
from aws_cdk import CfnDeletionPolicy, CfnResource, IStableStringProducer, Lazy
from aws_cdk import aws_iam as iam
from constructs import IConstruct

from .._tree import stack_of

SHARED_MODULE = "stop_before_delete.py"  # packaged with both handlers (`LifecycleProvider(shared_modules=...)`)

_POLICY_NAMES = {
    CfnDeletionPolicy.DELETE: "Delete",
    CfnDeletionPolicy.RETAIN: "Retain",
    CfnDeletionPolicy.RETAIN_EXCEPT_ON_CREATE: "RetainExceptOnCreate",
    CfnDeletionPolicy.SNAPSHOT: "Snapshot",
}


@jsii.implements(IStableStringProducer)
class _DeletionPolicy:
    """The resource's `DeletionPolicy` as the template has it, read at synth: a removal policy applied to the
    task after the custom resource was made still counts. No policy is CloudFormation's default, Delete."""

    def __init__(self, resource: CfnResource) -> None:
        self._resource = resource

    def produce(self) -> str:
        policy = self._resource.cfn_options.deletion_policy
        return "Delete" if policy is None else _POLICY_NAMES[policy]


def task_properties(resource: CfnResource) -> dict[str, Union[str, object]]:
    """`TaskLogicalId` and `TaskDeletionPolicy` of the task's resource (`CfnReplicationTask` or
    `CfnReplicationConfig`), for the custom resource that may stop it."""
    return {
        "TaskLogicalId": stack_of(resource).get_logical_id(resource),
        "TaskDeletionPolicy": Lazy.string(_DeletionPolicy(resource)),
    }


def stack_reads(scope: IConstruct) -> iam.PolicyStatement:
    """Read this stack's status and template (CloudFormation's DescribeStacks and GetTemplate take a stack ARN;
    Service Authorization Reference, "Actions, resources, and condition keys for AWS CloudFormation")."""
    return iam.PolicyStatement(
        actions=["cloudformation:DescribeStacks", "cloudformation:GetTemplate"], resources=[stack_of(scope).stack_id]
    )
