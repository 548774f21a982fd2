"""Observability of a wave from its first deploy: an encrypted topic, alarms from typed thresholds,
EventBridge rules for DMS events, pre-created task log groups and a dashboard."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Optional, Sequence, Union

import jsii
from aws_cdk import Aws, CfnResource, Duration, IResolveContext, IStableListProducer, IStringProducer, Lazy, RemovalPolicy, Stack
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_dms as dms
from aws_cdk import aws_events as events
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_logs as logs
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sns_subscriptions as subscriptions
from constructs import Construct

from ._validation import check_range, check_string_list, check_type, check_whole_number, fail, slug
from .acknowledgments import acknowledge
from .encryption import EncryptionKey
from .event_patterns import add_arn, part_suffix
from .metrics import MetricSpec, metric_specs

if TYPE_CHECKING:
    from .tasks import AnyTask
    from ._context import WaveContext

_MIB = 1024 * 1024
_GIB = 1024 * _MIB
_EVENT_CATEGORIES = {
    "replication-instance": ["failure", "failover", "low storage", "configuration change", "deletion"],
    "replication-task": ["failure", "state change", "deletion"],
}
_ALARM_PUBLISHER = "cloudwatch.amazonaws.com"
_DMS_PUBLISHER = "dms.amazonaws.com"
_RULE_NAME_MAX = 64  # AWS::Events::Rule Name: 1-64 characters
_GRID_WIDTH = 24  # a CloudWatch dashboard is 24 units wide
_GRAPH_HEIGHT = 6
_ALARM_STATUS_HEIGHT = 3
# DMS Serverless metrics: AWS documents no dimension. Public write-ups of working dashboards use
# ReplicationConfigId = "<account id>:<config resource id>" (see metrics.SERVERLESS_DIMENSION).
_SERVERLESS_DIMENSION_NOTE = (
    " The serverless metric dimension (ReplicationConfigId = <account>:<config resource id>) is not documented "
    "by AWS: if this alarm stays in INSUFFICIENT_DATA while the replication runs, compare it with "
    "`aws cloudwatch list-metrics --namespace AWS/DMS`."
)


_MISSING = "missing"  # TreatMissingData values of AWS::CloudWatch::Alarm
_NOT_BREACHING = "notBreaching"
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def _as_seconds(milliseconds: float) -> str:
    """A duration as the alarm messages name it: `90 seconds`, or `500 milliseconds` below whole seconds."""
    return f"{int(milliseconds // 1000)} seconds" if milliseconds % 1000 == 0 else f"{milliseconds:g} milliseconds"


def _minutes(n: int) -> Duration:
    return field(default_factory=lambda: Duration.minutes(n))


@dataclass(frozen=True)
class AlarmThresholds:
    """When a wave's alarms fire.

    :param cpu_utilization_percent: instance CPU above this. Default: 80.
    :param freeable_memory_mib: instance freeable memory below this. Default: 256 MiB.
    :param swap_usage_mib: instance swap in use above this. Default: 512 MiB.
    :param free_storage_percent: instance free storage below this share of allocated storage. Default: 20.
    :param cdc_latency: CDC source or target latency above this. Default: 10 minutes.
    :param capacity_utilization_percent: serverless capacity utilisation above this. Default: 90.
    :param period: metric period. Default: 5 minutes.
    :param evaluation_periods: periods that must breach before alarming. Default: 3.
    """

    cpu_utilization_percent: float = 80
    freeable_memory_mib: float = 256
    swap_usage_mib: float = 512
    free_storage_percent: float = 20
    cdc_latency: Duration = _minutes(10)
    capacity_utilization_percent: float = 90
    period: Duration = _minutes(5)
    evaluation_periods: int = 3
    # Whole seconds of `period` and `cdc_latency`, set once validated: the alarms read these (each Duration
    # conversion is a round trip to the jsii runtime).
    _period_seconds: int = field(default=0, init=False, repr=False, compare=False)
    _latency_seconds: int = field(default=0, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        for name in ("cpu_utilization_percent", "free_storage_percent", "capacity_utilization_percent"):
            check_type(f"AlarmThresholds.{name}", getattr(self, name), (int, float), "give a number, e.g. 80")
            check_range(f"AlarmThresholds.{name}", getattr(self, name), 1, 100, "percent")
        for name in ("freeable_memory_mib", "swap_usage_mib"):
            check_type(f"AlarmThresholds.{name}", getattr(self, name), (int, float), "give a number of MiB, e.g. 256")
            check_range(f"AlarmThresholds.{name}", getattr(self, name), 1, 1024 * 1024, "MiB")
        check_whole_number("AlarmThresholds.evaluation_periods", self.evaluation_periods, 1, 100)
        for name in ("period", "cdc_latency"):
            check_type(f"AlarmThresholds.{name}", getattr(self, name), Duration, "use a Duration, e.g. Duration.minutes(5)")
        # to_milliseconds() converts any Duration; to_seconds() fails inside jsii on e.g. Duration.millis(500).
        period_ms = self.period.to_milliseconds()
        if period_ms < 60_000 or period_ms % 60_000:
            fail("AlarmThresholds.period", _as_seconds(period_ms), "must be a whole number of minutes, at least one",
                 "use e.g. Duration.minutes(5)")
        # CloudWatch API reference, PutMetricAlarm (Period): period times evaluation periods is at most
        # seven days, and at most one day for periods under an hour.
        limit_ms, limit = (604_800_000, "seven days") if period_ms >= 3_600_000 else (86_400_000, "one day (periods under an hour)")
        if period_ms * self.evaluation_periods > limit_ms:
            fail("AlarmThresholds.evaluation_periods", self.evaluation_periods,
                 f"times the period ({self.period.to_human_string()}) exceeds the {limit} an alarm can evaluate",
                 "lower evaluation_periods or the period")
        latency_ms = self.cdc_latency.to_milliseconds()
        if latency_ms < 1000:
            fail("AlarmThresholds.cdc_latency", _as_seconds(latency_ms), "must be at least one second", "use e.g. Duration.minutes(10)")
        if latency_ms % 1000:
            fail("AlarmThresholds.cdc_latency", _as_seconds(latency_ms), "must be a whole number of seconds (the alarm threshold is in seconds)",
                 "use e.g. Duration.seconds(90)")
        object.__setattr__(self, "_period_seconds", int(period_ms // 1000))
        object.__setattr__(self, "_latency_seconds", int(latency_ms // 1000))


@dataclass(frozen=True)
class Notifications:
    """Who hears about a wave's alarms and events.

    :param email_addresses: subscribed to the wave's topic. Default: none.
    :param extra_topics: existing topics (e.g. a paging system's) that receive every alarm and event too. Import
        an encrypted one with its key, `sns.Topic.from_topic_attributes(self, id, topic_arn=..., key_arn=...)`:
        the wave's EventBridge role may use only the keys it knows of (`Topic.from_topic_arn` names none, and
        event notifications to such a topic are then dropped). Its owner's topic and key policies must let this
        account's alarms publish. Default: none.
    :param notify_on_ok: also notify when an alarm returns to OK. Default: False.
    :param dms_event_subscription: also create an `AWS::DMS::EventSubscription` (failure, state change,
        low storage, failover) to the topic, beside the EventBridge rules; only then may dms.amazonaws.com
        publish to the topic and use its key (on behalf of this account). One subscription for the instance and
        one for the tasks, named `dms-<wave>-instances-<hash>` and `dms-<wave>-tasks-<hash>`: the hash of the
        sources changes with them, since a changed source list replaces the subscription. Default: False.
    """

    email_addresses: Sequence[str] = ()
    extra_topics: Sequence[sns.ITopic] = ()
    notify_on_ok: bool = False
    dms_event_subscription: bool = False

    def __post_init__(self) -> None:
        addresses = check_string_list("Notifications.email_addresses", self.email_addresses, "dba-oncall@example.com")
        for address in addresses:
            if not _EMAIL.match(address):
                fail("Notifications.email_addresses", address, "is not an email address", "use e.g. 'dba-oncall@example.com'")


class WaveMonitoring(Construct):
    """Alarms, events, log groups and a dashboard for one wave; tasks register as they are added.

    Alarms, the dashboard, the EventBridge rules and their role are CloudFormation (L1) resources built
    from plain data, each at the construct path its L2 construct had (`<id>/Resource`), so their logical
    ids are those of earlier releases. An alarm is a `cloudwatch.CfnAlarm`; where an `IAlarm` is needed
    (e.g. a composite alarm), use `cloudwatch.Alarm.from_alarm_arn(scope, id, alarm.attr_arn)`.
    """

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        wave: "WaveContext",
        thresholds: AlarmThresholds,
        notifications: Notifications,
    ) -> None:
        super().__init__(scope, id)
        self.wave = wave
        self.thresholds = thresholds
        self.notifications = notifications
        self.alarms: list[cloudwatch.CfnAlarm] = []
        """Every alarm of the wave (`AWS::CloudWatch::Alarm`), instance alarms first. Default: none until
        the instance or a task is watched. `cloudwatch.Alarm.from_alarm_arn(scope, id, alarm.attr_arn)`
        gives an `IAlarm`."""
        self.task_alarms: dict[str, list[cloudwatch.CfnAlarm]] = {}
        """Each task's alarms, by task name."""
        self.log_groups: list[logs.LogGroup] = []
        key = wave.encryption_key
        stack = self._stack = Stack.of(self)
        # The parts of this stack's ARNs, read once (each read is a round trip to the jsii runtime).
        self._arn_parts = (stack.partition, stack.region, stack.account)
        # Durations in seconds, as AlarmThresholds validated them.
        self._period_seconds = thresholds._period_seconds
        self._latency_seconds = thresholds._latency_seconds
        # Every alarm of the wave is named dms-<wave identifier>-... (see _alarm).
        alarm_arns = self._arn("cloudwatch", "alarm:", f"dms-{wave.identifier}-*")
        if isinstance(key, kms.Key):
            EncryptionKey.allow_cloudwatch_logs(key)
            EncryptionKey.allow_service_publishers(key, [_ALARM_PUBLISHER], source_arn=alarm_arns)
            if notifications.dms_event_subscription:
                EncryptionKey.allow_service_publishers(key, [_DMS_PUBLISHER])

        self.topic = sns.Topic(
            self,
            "Topic",
            display_name=f"DMS migration wave {wave.name}",
            master_key=key,
            enforce_ssl=True,
        )
        topic_arn = self.topic.topic_arn
        # Service publishers, each only on behalf of this account (confused-deputy prevention: AWS IAM User
        # Guide, "The confused deputy problem"). EventBridge rules publish through a role
        # (`events_role`), so events.amazonaws.com is not granted here at all.
        self.topic.add_to_resource_policy(
            iam.PolicyStatement(
                sid="AllowCloudwatchPublish",
                principals=[iam.ServicePrincipal(_ALARM_PUBLISHER)],
                actions=["sns:Publish"],
                resources=[topic_arn],
                conditions={"StringEquals": {"aws:SourceAccount": self._arn_parts[2]}, "ArnLike": {"aws:SourceArn": alarm_arns}},
            )
        )
        if notifications.dms_event_subscription:
            # DMS event subscriptions publish as dms.amazonaws.com; the DMS user guide documents no
            # aws:SourceArn for them, so the grant is limited to this account.
            self.topic.add_to_resource_policy(
                iam.PolicyStatement(
                    sid="AllowDmsPublish",
                    principals=[iam.ServicePrincipal(_DMS_PUBLISHER)],
                    actions=["sns:Publish"],
                    resources=[topic_arn],
                    conditions={"StringEquals": {"aws:SourceAccount": self._arn_parts[2]}},
                )
            )
        self.events_role: Optional[iam.CfnRole] = None
        """The role (`AWS::IAM::Role`) the wave's EventBridge rules publish to its topics with. Default: None
        until the first rule is created."""
        self._events_role_arn: Optional[str] = None
        self._rule_arns: list[str] = []
        for address in notifications.email_addresses:
            self.topic.add_subscription(subscriptions.EmailSubscription(address))
        self._topics: list[sns.ITopic] = [self.topic, *notifications.extra_topics]
        self._topic_arns: list[str] = [topic_arn, *(topic.topic_arn for topic in notifications.extra_topics)]

        # The dashboard body is written at synth from `_rows`, so that rows added later (tasks, `add_widgets`)
        # are in it.
        self._rows: list[list[Union[dict[str, Any], cloudwatch.IWidget]]] = []
        self.dashboard = cloudwatch.CfnDashboard(
            Construct(self, "Dashboard"),
            "Resource",
            dashboard_name=f"dms-{wave.identifier}",
            dashboard_body=Lazy.uncached_string(_DashboardBody(self._stack, self._rows)),
        )
        """The wave's dashboard (`AWS::CloudWatch::Dashboard`, named `dms-<wave identifier>`); add rows with
        `add_widgets`."""
        self._rows.append([_text_widget(f"# DMS migration wave {wave.name}", width=_GRID_WIDTH, height=1)])
        self._event_subscriptions: dict[str, tuple[dms.CfnEventSubscription, list[str]]] = {}  # per source type: resource, source ids
        self._event_arns: dict[str, list[list[str]]] = {}  # per kind of task: the ARNs of each of its rules
        instance = wave.replication_instance
        # An existing instance (ExistingReplicationInstance) is its owner's to watch.
        if instance is not None and not getattr(instance, "imported", False):
            self._watch_instance()

    # --- instance ---------------------------------------------------------------------------------

    def _watch_instance(self) -> None:
        from .capacity import ReplicationInstance

        instance = self.wave.replication_instance
        assert isinstance(instance, ReplicationInstance)  # created by the wave (existing ones are not watched)
        t = self.thresholds
        scope = Construct(self, "Instance")
        storage_bytes = instance.capacity.allocated_storage_gib * _GIB * t.free_storage_percent / 100
        metric = metric_specs(instance.metric_dimensions)
        period = self._period_seconds
        cpu = self._alarm(scope, "CpuUtilization", metric("CPUUtilization", period), t.cpu_utilization_percent, above=True, what=f"CPU above {t.cpu_utilization_percent}%")
        memory = self._alarm(scope, "FreeableMemory", metric("FreeableMemory", period), t.freeable_memory_mib * _MIB, above=False, what=f"freeable memory below {t.freeable_memory_mib} MiB")
        swap = self._alarm(scope, "SwapUsage", metric("SwapUsage", period), t.swap_usage_mib * _MIB, above=True, what=f"swap above {t.swap_usage_mib} MiB")
        storage = self._alarm(scope, "FreeStorageSpace", metric("FreeStorageSpace", period), storage_bytes, above=False, what=f"free storage below {t.free_storage_percent}% of {instance.capacity.allocated_storage_gib} GiB")
        self._rule(
            scope,
            "Events",
            "instance",
            ["DMS Replication Instance State Change", "DMS Replication Instance Failover State", "DMS Replication Instance Storage State Change"],
            [instance.instance_arn],
            f"DMS instance {instance.identifier}: state changes, failover and low storage",
        )
        self._dms_log_group(scope, "TaskLogs", f"dms-tasks-{instance.identifier}", instance.resource)
        self._rows.append([
            self._graph_widget("Instance CPU %", [metric("CPUUtilization")], width=6),
            self._graph_widget("Freeable memory / swap (bytes)", [metric("FreeableMemory")], [metric("SwapUsage")], width=6),
            self._graph_widget("Free storage (bytes)", [metric("FreeStorageSpace")], width=6),
            _alarm_status_widget("Instance alarms", [cpu, memory, swap, storage], width=6),
        ])
        self._subscribe_dms_events("replication-instance", instance.identifier)

    # --- tasks ------------------------------------------------------------------------------------

    def watch_task(self, task: "AnyTask") -> None:
        """Alarms, events, dashboard rows (and, for serverless, the log group) for one task."""
        from .tasks import ServerlessReplication

        t = self.thresholds
        scope = Construct(self, f"Task-{task.name}")
        latency = self._latency_seconds
        metric = metric_specs(task.metric_dimensions)
        period = self._period_seconds
        # `dms-<wave identifier>-<task>-...`: within the alarm ARNs the wave's topic admits (`dms-<wave identifier>-*`)
        # whatever the naming convention makes of the task's DMS identifier.
        owner = f"{self.wave.identifier}-{slug(task.name)}"
        alarms = []
        serverless = isinstance(task, ServerlessReplication)
        # Serverless alarms rest on an undocumented dimension: they say so, and missing data leaves them in
        # INSUFFICIENT_DATA (shown on the dashboard) instead of counting as OK. Not BREACHING: a stopped
        # or finished replication publishes nothing, which is no reason to page.
        missing = _MISSING if serverless else _NOT_BREACHING
        note = _SERVERLESS_DIMENSION_NOTE if serverless else ""
        latency_metrics = [metric("CDCLatencySource"), metric("CDCLatencyTarget")]
        if task.migration_type.has_cdc:
            latency_metrics = [metric("CDCLatencySource", period), metric("CDCLatencyTarget", period)]
            alarms.append(self._alarm(scope, "CdcLatencySource", latency_metrics[0], latency, above=True, what=f"CDC source latency above {latency} s", name=owner, missing=missing, note=note))
            alarms.append(self._alarm(scope, "CdcLatencyTarget", latency_metrics[1], latency, above=True, what=f"CDC target latency above {latency} s", name=owner, missing=missing, note=note))
        if isinstance(task, ServerlessReplication):
            alarms.append(self._alarm(scope, "CapacityUtilization", metric("CapacityUtilization", period), t.capacity_utilization_percent, above=True, what=f"capacity utilisation above {t.capacity_utilization_percent}%", name=owner, missing=missing, note=note))
            self._task_events("ServerlessEvents", "serverless", "DMS Replication State Change", task.config_arn, "serverless replications")
            self._dms_log_group(scope, "Logs", f"dms-serverless-replication-{task.resource_id}", task.resource)
        else:
            self._task_events("TaskEvents", "tasks", "DMS Replication Task State Change", task.task_arn, "tasks")
            self._subscribe_dms_events("replication-task", task.identifier)
        widgets: list[Union[dict[str, Any], cloudwatch.IWidget]] = [
            self._graph_widget(f"{task.name}: CDC latency (s)", latency_metrics, width=8),
            self._graph_widget(f"{task.name}: throughput", [metric("FullLoadThroughputRowsTarget"), metric("CDCThroughputRowsTarget")], [metric("CDCIncomingChanges")], width=8),
            self._graph_widget(f"{task.name}: validation", [metric("ValidationSucceededRecordCount"), metric("ValidationFailedOverallCount"), metric("ValidationPendingOverallCount")], width=8),
        ]
        if alarms:
            widgets.append(_alarm_status_widget(f"{task.name}: alarms", alarms, width=_GRID_WIDTH, height=2))
        self.task_alarms[task.name] = alarms
        from .phases import MigrationPhase

        if self.wave.phase is MigrationPhase.CUT_OVER:
            for alarm in alarms:
                _silence(alarm)
        self._rows.append(widgets)

    def add_widgets(self, *widgets: cloudwatch.IWidget) -> None:
        """Add a row of widgets below the wave's rows on its dashboard, laid out as
        `cloudwatch.Dashboard.add_widgets` lays them out (left to right, wrapping at 24 units)."""
        if widgets:
            self._rows.append(list(widgets))

    def _task_events(self, id: str, name_suffix: str, detail_type: str, arn: str, kind: str) -> None:
        """One EventBridge rule per wave and kind of task, listing every task's ARN (resolved at synth),
        so that adding a task changes the rule's pattern instead of adding a rule; past `RESOURCES_PER_RULE`
        tasks a second rule (`<id>-2`, `dms-<wave>-<suffix>-2`) continues it, and so on (event_patterns)."""
        rules = self._event_arns.setdefault(id, [])
        if add_arn(rules, arn):
            part = part_suffix(len(rules))
            self._rule(self, f"{id}{part}", f"{name_suffix}{part}", [detail_type], Lazy.list(_ListOf(rules[-1])),
                       f"DMS {kind} of wave {self.wave.name}: state changes and failures")

    def _subscribe_dms_events(self, source_type: str, source_id: str) -> None:
        """Keep one `AWS::DMS::EventSubscription` per source type, listing every source of that type.

        `SourceIds` and `SubscriptionName` are both create-only (CloudFormation resource schema of
        AWS::DMS::EventSubscription), so adding a task replaces the subscription, and CloudFormation refuses
        to replace a resource under the same custom name. The name therefore ends in a hash of the sources:
        `dms-<wave>-<kind>s-<8 hex digits>`, new whenever the sources change."""
        if not self.notifications.dms_event_subscription:
            return
        kind = source_type.split("-")[-1]
        found = self._event_subscriptions.get(source_type)
        if found is None:
            subscription = dms.CfnEventSubscription(
                self,
                f"{kind.capitalize()}EventSubscription",
                sns_topic_arn=self._topic_arns[0],
                source_type=source_type,
                event_categories=_EVENT_CATEGORIES[source_type],
                enabled=True,
            )
            found = self._event_subscriptions[source_type] = (subscription, [])
        subscription, source_ids = found
        source_ids.append(source_id)
        subscription.source_ids = list(source_ids)
        digest = hashlib.sha256("\n".join(source_ids).encode()).hexdigest()[:8]
        subscription.subscription_name = f"dms-{self.wave.identifier}-{kind}s-{digest}"

    # --- shared -----------------------------------------------------------------------------------

    def _dms_log_group(self, scope: Construct, id: str, name: str, dms_resource: CfnResource) -> logs.LogGroup:
        """A log group with the name DMS writes to (see `dms_log_group`), which the DMS resource that writes
        to it depends on: CloudFormation creates the group before DMS could create its own and deletes it
        only after the instance or replication config is gone (DMS cannot recreate it behind
        CloudFormation's back on a DESTROY delete)."""
        group = dms_log_group(scope, id, name, self.wave)
        if Stack.of(dms_resource) is self._stack:
            dms_resource.node.add_dependency(group)
        self.log_groups.append(group)
        return group

    def _alarm(
        self, scope: Construct, id: str, metric: MetricSpec, threshold: float, *, above: bool, what: str,
        name: Optional[str] = None, missing: str = _NOT_BREACHING, note: str = "",
    ) -> cloudwatch.CfnAlarm:
        """An `AWS::CloudWatch::Alarm` at `<scope>/<id>/Resource` (where `cloudwatch.Alarm` put it),
        notifying every topic of the wave."""
        owner = name or f"{self.wave.identifier}"
        alarm = cloudwatch.CfnAlarm(
            Construct(scope, id),
            "Resource",
            alarm_name=f"dms-{owner}-{_kebab(id)}",
            alarm_description=f"DMS {owner}: {what}.{note}",
            threshold=threshold,
            evaluation_periods=self.thresholds.evaluation_periods,
            comparison_operator="GreaterThanThreshold" if above else "LessThanThreshold",
            treat_missing_data=missing,
            alarm_actions=list(self._topic_arns),
            ok_actions=list(self._topic_arns) if self.notifications.notify_on_ok else None,
            **metric.alarm_properties(),
        )
        self.alarms.append(alarm)
        return alarm

    def _graph_widget(
        self, title: str, left: list[MetricSpec], right: Sequence[MetricSpec] = (), *, width: int,
    ) -> dict[str, Any]:
        """A time-series graph, as `cloudwatch.GraphWidget` renders it (height 6, the stack's region)."""
        metrics = [m.graph_json() for m in left] + [m.graph_json("right") for m in right]
        properties = {"view": "timeSeries", "title": title, "region": _aws_region(), "metrics": metrics, "yAxis": {}}
        return {"type": "metric", "width": width, "height": _GRAPH_HEIGHT, "properties": properties}

    def _arn(self, service: str, resource: str, name: str) -> str:
        """`arn:<partition>:<service>:<region>:<account>:<resource><name>` in this stack, as `Stack.format_arn`
        writes it (`resource` ends with its separator, `:` or `/`)."""
        partition, region, account = self._arn_parts
        return f"arn:{partition}:{service}:{region}:{account}:{resource}{name}"

    def _rule(self, scope: Construct, id: str, name_suffix: str, detail_types: list[str], resources: list[str], description: str) -> events.CfnRule:
        """A rule (`AWS::Events::Rule` at `<scope>/<id>/Resource`) with a fixed name, publishing to the
        wave's topics through `events_role`."""
        name = _rule_name(self.wave.identifier, name_suffix)
        role_arn = self._events_role()
        # The role trusts exactly the wave's rules; their ARNs are built from the names (not the rules'
        # Ref, which would make role and rules depend on each other).
        self._rule_arns.append(self._arn("events", "rule/", name))
        return events.CfnRule(
            Construct(scope, id),
            "Resource",
            name=name,
            description=description,
            event_pattern={"detail-type": detail_types, "resources": resources, "source": ["aws.dms"]},
            state="ENABLED",
            targets=[
                events.CfnRule.TargetProperty(arn=arn, id=f"Target{i}", role_arn=role_arn) for i, arn in enumerate(self._topic_arns)
            ],
        )

    def _events_role(self) -> str:
        """The ARN of the role EventBridge publishes to the wave's topics with: trusted only by this account's
        rules of this wave (`aws:SourceAccount`, `aws:SourceArn`: Amazon EventBridge User Guide, "Using
        IAM policy conditions in Amazon EventBridge"), allowed only `sns:Publish` on the topics and the
        key operations SNS encryption needs. A role instead of a topic-policy grant to
        events.amazonaws.com: such a grant cannot be conditioned on the key (KMS sees no source for
        EventBridge deliveries) and, unconditioned, lets any account's rules publish."""
        if self._events_role_arn is None:
            trust = {
                "Action": "sts:AssumeRole",
                "Condition": {
                    "StringEquals": {"aws:SourceAccount": self._arn_parts[2]},
                    "ArnEquals": {"aws:SourceArn": Lazy.list(_ListOf(self._rule_arns))},
                },
                "Effect": "Allow",
                "Principal": {"Service": "events.amazonaws.com"},
            }
            role = iam.CfnRole(
                Construct(self, "EventsRole"),
                "Resource",
                assume_role_policy_document={"Statement": [trust], "Version": "2012-10-17"},
                description=f"Lets the EventBridge rules of DMS migration wave {self.wave.name} publish to its topics.",
            )
            statements = [_statement(["sns:Publish"], self._topic_arns)]
            keys: list[str] = []
            for topic in self._topics:
                # The wave's own topic has the wave's key (no need to ask the topic for it).
                key = self.wave.encryption_key if topic is self.topic else getattr(topic, "master_key", None)
                if key is not None:
                    key_arn = key.key_arn
                    if key_arn not in keys:
                        keys.append(key_arn)
            if keys:
                # The two operations an SNS publisher needs on an encrypted topic's key (exact names: no
                # wildcard actions in identity policies).
                statements.append(_statement(["kms:Decrypt", "kms:GenerateDataKey"], keys))
            # A customer managed policy (no inline policies: the HIPAA/NIST/PCI packs flag them), with the
            # description and path `iam.ManagedPolicy` gives it.
            iam.CfnManagedPolicy(
                Construct(self, "EventsPolicy"),
                "Resource",
                description="",
                path="/",
                policy_document={"Statement": statements, "Version": "2012-10-17"},
                roles=[role.ref],
            )
            self.events_role = role
            self._events_role_arn = role.attr_arn
        return self._events_role_arn


def _statement(actions: list[str], resources: list[str]) -> dict[str, Any]:
    """An Allow statement as `iam.PolicyStatement` renders it: a single action or resource as a string."""
    unique = list(dict.fromkeys(resources))
    return {
        "Action": actions[0] if len(actions) == 1 else actions,
        "Effect": "Allow",
        "Resource": unique[0] if len(unique) == 1 else unique,
    }


def _text_widget(markdown: str, *, width: int, height: int) -> dict[str, Any]:
    """A markdown widget, as `cloudwatch.TextWidget` renders it."""
    return {"type": "text", "width": width, "height": height, "properties": {"markdown": markdown}}


def _alarm_status_widget(title: str, alarms: list[cloudwatch.CfnAlarm], *, width: int, height: int = _ALARM_STATUS_HEIGHT) -> dict[str, Any]:
    """The state of some alarms, as `cloudwatch.AlarmStatusWidget` renders it (default height 3)."""
    return {"type": "alarm", "width": width, "height": height, "properties": {"title": title, "alarms": [a.attr_arn for a in alarms]}}


_REGION: list[str] = []


def _aws_region() -> str:
    """`Aws.REGION` (the deploying stack's region, as dashboards written by CDK name it), read once."""
    if not _REGION:
        _REGION.append(Aws.REGION)
    return _REGION[0]


def _layout(rows: list[list[Union[dict[str, Any], cloudwatch.IWidget]]]) -> list[Any]:
    """The dashboard's widgets with their positions, laid out as `cloudwatch.Dashboard` lays out its rows:
    each row left to right, wrapping below its tallest widget when the next one does not fit in 24 units;
    rows one below the other."""
    placed: list[Any] = []
    top: float = 0
    for row in rows:
        x: float = 0
        y: float = 0
        height: float = 0
        for widget in row:
            size = (widget["width"], widget["height"]) if isinstance(widget, dict) else (widget.width, widget.height)
            if x + size[0] > _GRID_WIDTH:
                x, y = 0, height
            if isinstance(widget, dict):
                placed.append({"type": widget["type"], "width": size[0], "height": size[1], "x": x, "y": top + y,
                               "properties": widget["properties"]})
            else:
                widget.position(x, top + y)
                placed.extend(widget.to_json())
            height = max(height, y + size[1])
            x += size[0]
        top += height
    return placed


@jsii.implements(IStringProducer)
class _DashboardBody:
    """Produces the dashboard body (JSON with the stack's tokens) from the rows at synth time."""

    def __init__(self, stack: Stack, rows: list[list[Union[dict[str, Any], cloudwatch.IWidget]]]) -> None:
        self._stack = stack
        self._rows = rows

    def produce(self, context: IResolveContext) -> Optional[str]:
        return self._stack.to_json_string({"widgets": _layout(self._rows)})


def dms_log_group(scope: Construct, id: str, name: str, wave: "WaveContext") -> logs.LogGroup:
    """A log group with the name DMS writes to, created first so that it has retention and the wave's key
    (DMS would create it unencrypted and kept forever). A retired wave keeps it with the same call.

    Redeploys. The name is fixed by DMS, so a group left behind collides with the next create ("already
    exists"). Therefore a kept group (removal policy RETAIN) is `RetainExceptOnCreate`: when the stack
    operation that created it rolls back, CloudFormation deletes it, so a failed first deploy leaves nothing
    behind; after the stack is deleted it stays (logs are evidence), and the next deploy adopts it with
    `cdk deploy --import-existing-resources` (CloudFormation imports existing resources that have a static
    custom name and a Retain/RetainExceptOnCreate deletion policy: AWS CloudFormation User Guide, "Import
    AWS resources into a CloudFormation stack automatically"); or delete the group first if its logs are
    no longer needed.
    """
    removal = wave.removal_policy
    if removal == RemovalPolicy.RETAIN:
        removal = RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE
    return logs.LogGroup(
        scope,
        id,
        log_group_name=name,
        encryption_key=wave.encryption_key,
        retention=wave.log_retention,
        removal_policy=removal,
    )


def _silence(alarm: cloudwatch.CfnAlarm) -> None:
    """CUT_OVER: the task is stopped on purpose, so its alarms keep their state (on the dashboard) but no
    longer notify (`ActionsEnabled: false`); back in MIGRATING they notify again."""
    alarm.actions_enabled = False
    for finding in _ALARM_ACTION_FINDINGS:
        acknowledge(alarm, finding, _CUT_OVER_REASON)


_ALARM_ACTION_FINDINGS = (
    "HIPAA.Security-CloudWatchAlarmAction",
    "NIST.800.53.R5-CloudWatchAlarmAction",
    "PCI.DSS.321-CloudWatchAlarmAction",
)
_CUT_OVER_REASON = (
    "The wave is CUT_OVER: its tasks are stopped on purpose, so their CDC latency and capacity alarms would only "
    "page about an intended stop; their actions come back when the wave returns to MIGRATING."
)


@jsii.implements(IStableListProducer)
class _ListOf:
    """Produces a Python list's current items at synth time."""

    def __init__(self, items: list[str]) -> None:
        self._items = items

    def produce(self) -> list[str]:
        return list(self._items)


def _rule_name(wave_identifier: str, suffix: str) -> str:
    """`dms-<wave identifier>-<suffix>`, shortened with a stable hash when longer than EventBridge allows."""
    name = f"dms-{wave_identifier}-{suffix}"
    if len(name) <= _RULE_NAME_MAX:
        return name
    digest = hashlib.sha256(name.encode()).hexdigest()[:8]
    return f"{name[: _RULE_NAME_MAX - len(suffix) - 10]}-{digest}-{suffix}"


def _kebab(name: str) -> str:
    out = []
    for i, ch in enumerate(name):
        if ch.isupper() and i:
            out.append("-")
        out.append(ch.lower())
    return "".join(out)
