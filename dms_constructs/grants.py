"""IAM statements that let people operate or watch DMS migrations, scoped to given resources.

Action names and the resource types each action accepts are those of the Service Authorization
Reference, "Actions, resources, and condition keys for AWS Database Migration Service" (linked from
the DMS user guide, "Identity-based policy examples for AWS DMS"):

- task actions (`StartReplicationTask`, `StopReplicationTask`, `ReloadTables`,
  `StartReplicationTaskAssessmentRun`, `DescribeTableStatistics`,
  `DescribeReplicationTaskAssessmentResults`) take a ReplicationTask ARN (`...:task:<id>`);
- `TestConnection` and `RefreshSchemas` take the Endpoint and the ReplicationInstance ARN;
- serverless actions (`StartReplication`, `StopReplication`, `ReloadReplicationTables`,
  `DescribeReplicationTableStatistics`) take a ReplicationConfig ARN (`...:replication-config:<id>`);
- the `Describe*` list actions below (DescribeReplicationTasks, DescribeEndpoints, ...) list no resource
  type: IAM evaluates them only against `"*"`.

CloudWatch: `GetMetricData`, `GetMetricStatistics` and `ListMetrics` accept only `"*"`; `DescribeAlarms`
takes alarm ARNs, `GetDashboard` a dashboard ARN (Service Authorization Reference, "Actions, resources,
and condition keys for Amazon CloudWatch"). CloudWatch Logs reads take log-group ARNs ("... for Amazon
CloudWatch Logs"). Nothing here reads secrets: endpoint credentials stay with DMS.
"""

from __future__ import annotations

import json

from typing import Any, Optional, Sequence

from aws_cdk import aws_iam as iam

# Read-only DMS actions without resource-level permissions (see the module docstring).
DESCRIBE_ACTIONS = (
    "dms:DescribeCertificates",
    "dms:DescribeConnections",
    "dms:DescribeEndpoints",
    "dms:DescribeEventSubscriptions",
    "dms:DescribeEvents",
    "dms:DescribeReplicationConfigs",
    "dms:DescribeReplicationInstances",
    "dms:DescribeReplicationSubnetGroups",
    "dms:DescribeReplicationTaskAssessmentRuns",
    "dms:DescribeReplicationTasks",
    "dms:DescribeReplications",
)
TASK_READ_ACTIONS = ("dms:DescribeReplicationTaskAssessmentResults", "dms:DescribeTableStatistics", "dms:ListTagsForResource")
INSTANCE_READ_ACTIONS = ("dms:DescribeReplicationInstanceTaskLogs", "dms:ListTagsForResource")
ENDPOINT_READ_ACTIONS = ("dms:DescribeRefreshSchemasStatus", "dms:DescribeSchemas", "dms:ListTagsForResource")
CONFIG_READ_ACTIONS = ("dms:DescribeReplicationTableStatistics", "dms:ListTagsForResource")
METRIC_READ_ACTIONS = ("cloudwatch:GetMetricData", "cloudwatch:GetMetricStatistics", "cloudwatch:ListMetrics")
LOG_READ_ACTIONS = ("logs:DescribeLogStreams", "logs:FilterLogEvents", "logs:GetLogEvents")

TASK_OPERATE_ACTIONS = (
    "dms:ReloadTables",
    "dms:StartReplicationTask",
    "dms:StartReplicationTaskAssessmentRun",
    "dms:StopReplicationTask",
)
CONNECTION_ACTIONS = ("dms:RefreshSchemas", "dms:TestConnection")
CONFIG_OPERATE_ACTIONS = ("dms:ReloadReplicationTables", "dms:StartReplication", "dms:StopReplication")


def _statement(sid: str, actions: Sequence[str], resources: Sequence[str]) -> iam.PolicyStatement:
    return iam.PolicyStatement(sid=sid, actions=sorted(set(actions)), resources=list(dict.fromkeys(resources)))


def read_statements(
    *,
    task_arns: Sequence[str] = (),
    config_arns: Sequence[str] = (),
    endpoint_arns: Sequence[str] = (),
    instance_arns: Sequence[str] = (),
    alarm_arns: Sequence[str] = (),
    dashboard_arns: Sequence[str] = (),
    log_group_arns: Sequence[str] = (),
    sid_prefix: str = "",
) -> list[iam.PolicyStatement]:
    """Describe and list DMS resources, read the given tasks' statistics and assessment results, CloudWatch
    metrics, the given alarms and dashboards, and the given log groups' events. No secrets, no changes.
    Statements for an empty group of resources are left out."""
    p = sid_prefix
    statements = [
        _statement(f"{p}DmsDescribe", DESCRIBE_ACTIONS, ["*"]),
        _statement(f"{p}CloudWatchMetrics", METRIC_READ_ACTIONS, ["*"]),
    ]
    for sid, actions, arns in (
        (f"{p}DmsTasksRead", TASK_READ_ACTIONS, task_arns),
        (f"{p}DmsReplicationConfigsRead", CONFIG_READ_ACTIONS, config_arns),
        (f"{p}DmsEndpointsRead", ENDPOINT_READ_ACTIONS, endpoint_arns),
        (f"{p}DmsInstancesRead", INSTANCE_READ_ACTIONS, instance_arns),
        (f"{p}CloudWatchAlarms", ("cloudwatch:DescribeAlarms",), alarm_arns),
        (f"{p}CloudWatchDashboards", ("cloudwatch:GetDashboard",), dashboard_arns),
        (f"{p}LogsRead", LOG_READ_ACTIONS, log_group_arns),
    ):
        if arns:
            statements.append(_statement(sid, actions, arns))
    return statements


def operate_statements(
    *,
    task_arns: Sequence[str] = (),
    config_arns: Sequence[str] = (),
    endpoint_arns: Sequence[str] = (),
    instance_arns: Sequence[str] = (),
    assessment_role_arns: Sequence[str] = (),
    sid_prefix: str = "",
) -> list[iam.PolicyStatement]:
    """Start, stop and reload the given tasks and serverless replications, run task assessments (passing the
    given assessment service roles to DMS, and only to DMS), and test connections / refresh schemas of the
    given endpoints from the given instances. No create, modify or delete: changes go through the stack.
    Statements for an empty group of resources are left out."""
    p = sid_prefix
    statements = []
    if task_arns:
        statements.append(_statement(f"{p}DmsTasksOperate", TASK_OPERATE_ACTIONS, task_arns))
    if config_arns:
        statements.append(_statement(f"{p}DmsReplicationConfigsOperate", CONFIG_OPERATE_ACTIONS, config_arns))
    if endpoint_arns and instance_arns:
        # TestConnection/RefreshSchemas need both the endpoint and the instance in the Resource element.
        statements.append(_statement(f"{p}DmsConnectionsTest", CONNECTION_ACTIONS, [*endpoint_arns, *instance_arns]))
    if assessment_role_arns:
        # StartReplicationTaskAssessmentRun passes its ServiceAccessRoleArn to DMS: the caller needs
        # iam:PassRole on it (DMS user guide, "Creating prerequisites for premigration assessments").
        pass_role = _statement(f"{p}DmsAssessmentRolePass", ["iam:PassRole"], assessment_role_arns)
        pass_role.add_condition("StringEquals", {"iam:PassedToService": "dms.amazonaws.com"})
        statements.append(pass_role)
    return statements


def merge_statements(statements: Sequence[iam.PolicyStatement]) -> list[iam.PolicyStatement]:
    """Statements with the same actions (and no conditions) merged into one with all their resources, in
    first-seen order: keeps a policy for several waves within the managed-policy size limit (6,144
    characters: IAM User Guide, "IAM and AWS STS quotas"). Statements with conditions are merged only with
    those of the same actions and the same conditions."""
    # Each statement is read once, as its JSON (actions, resources, sid and conditions in one round trip
    # to the jsii runtime, not one per property).
    plain: dict[tuple[str, ...], tuple[Optional[str], list[str]]] = {}
    conditioned: dict[tuple[tuple[str, ...], str], tuple[Optional[str], list[str], Any]] = {}
    for statement in statements:
        document = statement.to_statement_json()
        actions = tuple(_as_list(document.get("Action")))
        condition = document.get("Condition")
        if condition:  # merged with others, it would lose its condition
            key = (actions, json.dumps(condition, sort_keys=True))
            if key not in conditioned:
                conditioned[key] = (document.get("Sid"), [], condition)
            resources = conditioned[key][1]
        else:
            if actions not in plain:
                plain[actions] = (document.get("Sid"), [])
            resources = plain[actions][1]
        for arn in _as_list(document.get("Resource")):
            if arn not in resources:
                resources.append(arn)
    return [
        *(iam.PolicyStatement(sid=sid, actions=list(actions), resources=resources) for actions, (sid, resources) in plain.items()),
        *(iam.PolicyStatement(sid=sid, actions=list(actions), resources=resources, conditions=condition)
          for (actions, _), (sid, resources, condition) in conditioned.items()),
    ]


def _as_list(value: Any) -> list[Any]:
    """A statement JSON's `Action` or `Resource`: one value, a list, or absent."""
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def grant(grantee: iam.IGrantable, statements: Sequence[iam.PolicyStatement]) -> iam.Grant:
    """Add `statements` to `grantee`'s policy; the combined grant (a dropped grant when there are none)."""
    if not statements:
        return iam.Grant.drop(grantee, "no DMS resources to grant on")
    documents = [s.to_statement_json() for s in statements]  # one round trip per statement
    grants = [
        iam.Grant.add_to_principal(grantee=grantee, actions=_as_list(d.get("Action")), resource_arns=_as_list(d.get("Resource")))
        for d in documents
    ]
    combined = grants[0]
    for other in grants[1:]:
        combined = combined.combine(other)
    return combined
