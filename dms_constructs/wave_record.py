"""What the runbook needs to know about each wave, written into its stack's template Metadata
(`dms-constructs:waves`) at synth: derived from the wave's props and parts, never restated by hand.
`dms-constructs runbook` reads it back from the synthesized assembly (`cli/runbook.py`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Optional

import jsii
from aws_cdk import IResolvable, IResolveContext, Stack
from constructs import Construct

if TYPE_CHECKING:
    from ._context import RecordedWave

METADATA_KEY = "dms-constructs:waves"
RECORD_VERSION = 1
_REGISTRY_ID = "DmsConstructsWaveRecord"


def register(wave: "RecordedWave") -> None:
    """Add `wave` to its stack's `dms-constructs:waves` template Metadata (written when the stack synthesizes)."""
    from ._context import scope_of

    stack = Stack.of(scope_of(wave))
    registry = stack.node.try_find_child(_REGISTRY_ID)
    if not isinstance(registry, _Registry):
        registry = _Registry(stack, _REGISTRY_ID)
        stack.add_metadata(METADATA_KEY, _Records(registry.waves))
    registry.waves.append(wave)


class _Registry(Construct):
    """Holds a stack's waves (a construct without resources, so that each stack has its own list)."""

    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        self.waves: list["RecordedWave"] = []


@jsii.implements(IResolvable)
class _Records:
    """The stack's wave records, computed when the template is written (tasks added after the wave are in).
    An `IResolvable` rather than `Lazy.any`: template Metadata calls a Lazy producer without a context."""

    def __init__(self, waves: list["RecordedWave"]) -> None:
        self._waves = waves

    @property
    def creation_stack(self) -> list[str]:
        return []

    @property
    def type_hint(self) -> Any:
        return None

    def resolve(self, context: IResolveContext) -> Any:
        return {"version": RECORD_VERSION, "waves": [wave_record(w) for w in self._waves]}

    def to_string(self) -> str:
        return "dms-constructs:waves"


def wave_record(wave: "RecordedWave") -> dict[str, Any]:
    """One wave as the runbook reads it."""
    from .capacity import ReplicationInstanceCapacity, ServerlessCapacity
    from .phases import MigrationPhase

    retired = wave.phase is MigrationPhase.RETIRED
    capacity = wave.capacity
    if isinstance(capacity, ReplicationInstanceCapacity):
        capacity_record: dict[str, Any] = {
            "kind": "instance",
            "identifier": wave.naming.identifier("MigrationWave.naming", "replication instance", "instance"),
            "instance_class": capacity.instance_class,
            "allocated_storage_gib": capacity.allocated_storage_gib,
            "multi_az": capacity.multi_az,
            "engine_version": capacity.engine_version,
        }
    elif not isinstance(capacity, ServerlessCapacity):
        # An existing replication instance: the wave creates none, so only its identity is known.
        capacity_record = {"kind": "instance", "existing": True, "identifier": capacity.identifier, "instance_class": "existing"}
    else:
        capacity_record = {
            "kind": "serverless",
            "min_capacity_units": capacity.min_capacity_units,
            "max_capacity_units": capacity.max_capacity_units,
            "multi_az": capacity.multi_az,
        }
    network = wave.__dict__.get("network")
    record: dict[str, Any] = {
        "name": wave.name,
        "identifier": wave.identifier,
        "path": wave.node.path,
        "phase": wave.phase.value,
        "capacity": capacity_record,
        "network": _network(wave, network),
        # The subnet group the wave has (or, RETIRED, had); none on an existing instance.
        "subnet_group": None if capacity_record.get("existing")
        else wave.naming.identifier("MigrationWave.naming", "subnet group", "subnets"),
        "endpoints": [_endpoint(wave, name, bound, network) for name, bound in wave.endpoints.items()],
        "tasks": _tasks(wave),
        "key": "the wave's customer managed key (rotation on)" if wave.node.try_find_child("Key") else "a key given to the wave",
        "removal_policy": str(wave.removal_policy.value if hasattr(wave.removal_policy, "value") else wave.removal_policy),
        "log_retention_days": _retention_days(wave),
        "migration_log": wave.migration_log.log_group_name,
        "migration_log_rule": wave.migration_log.rule_name if wave.migration_log.rule is not None else None,
        "log_groups": _dms_log_groups(wave),
        "dashboard": None if retired else f"dms-{wave.identifier}",
        "topic": None if retired else f"DMS migration wave {wave.name}",
        "alarms": [] if retired else [_alarm_name(a) for a in wave.monitoring.alarms],
        "tags": {k: v for k, v in (wave.tags.as_dict() if wave.tags else {}).items()},
    }
    return record


def _network(wave: "RecordedWave", network: Any) -> dict[str, Any]:
    if network is None:
        return {"owned": True, "state": "deleted", "vpc_cidr": None, "routes": []}
    owned = network.node.scope is wave
    return {
        "owned": owned,
        "state": "new isolated VPC" if network.created_vpc else "existing VPC",
        "vpc_cidr": network.vpc_cidr,
        "routes": [route.describe() for route in network.routes],
        "on_premises_dns": list(getattr(network.on_premises_dns, "domains", None) or []) if network.on_premises_dns else [],
    }


def _endpoint(wave: "RecordedWave", name: str, bound: Any, network: Any) -> dict[str, Any]:
    spec = wave.endpoint_specs.get(name)
    credentials = getattr(spec, "credentials", None)
    if credentials is None:
        secret = "none (the endpoint uses a role)"
    elif not credentials.is_generated:
        secret = "existing secret (its owner rotates it)"
    elif credentials.rotation is not None:
        secret = f"generated, rotated every {int(credentials.rotation.schedule.to_days())} days"
    else:
        secret = f"generated, not rotated: {credentials.no_rotation_reason}"
    return {
        "name": name,
        "identifier": bound.identifier,
        "direction": bound.direction,
        "engine": bound.engine_name,
        "host": bound.host,
        "port": bound.port,
        "database": bound.database_name,
        "ssl_mode": _value(getattr(spec, "ssl_mode", None)),
        "secret": secret,
        "route": _route(spec, network),
    }


def _route(spec: Any, network: Any) -> Optional[str]:
    """How the DMS subnets reach the endpoint's database, when the wave's network can tell."""
    if spec is None or network is None:
        return None
    from .reachability import route_to

    reach = getattr(getattr(spec, "_kind", None), "reach", None)  # endpoints/base.py: EndpointKind.reach
    cidr = getattr(reach, "network_cidr", None)
    peer = getattr(reach, "peer", None)
    if cidr is None and peer is not None:
        cidr = getattr(peer, "unique_id", None)
    if cidr is None:
        return "in the wave's VPC" if getattr(reach, "connectable", None) is not None else None
    try:
        route = route_to(network.routes, cidr)
    except ValueError:
        return None
    return f"{cidr}: {route.describe()}" if route is not None else cidr


def _tasks(wave: "RecordedWave") -> list[dict[str, Any]]:
    from .tasks import ReplicationTask

    result = []
    for name, task in wave.tasks.items():
        result.append(
            {
                "name": name,
                "identifier": task.identifier,
                "kind": "task" if isinstance(task, ReplicationTask) else "serverless",
                "source": task.source.name,
                "target": task.target.name,
                "migration_type": task.migration_type.value,
                "tables": _tables(task.table_mappings.to_dict()),
                "validation": bool(task.settings.to_dict().get("ValidationSettings", {}).get("EnableValidation")),
                "start_after_create": task.start_after_create,
                "alarms": [_alarm_name(a) for a in wave.monitoring.task_alarms.get(name, [])],
                "assessment": _assessment(wave, task),
            }
        )
    for name, retired in wave.__dict__.get("retired_tasks", {}).items():
        result.append(
            {
                "name": name,
                "identifier": retired.identifier,
                "kind": "retired",
                "source": retired.source,
                "target": retired.target,
                "migration_type": retired.migration_type.value,
                "tables": _tables(retired.table_mappings.to_dict()),
                "validation": False,
                "start_after_create": False,
                "alarms": [],
            }
        )
    return result


def _assessment(wave: "RecordedWave", task: Any) -> Optional[dict[str, Any]]:
    """A task's pre-migration assessment as the runbook prints its command; None without one. The role ARN, bucket
    name and key ARN are tokens: they resolve to the template's references (`{"Fn::GetAtt": [<role>, "Arn"]}`,
    `{"Ref": <bucket>}`), which the runbook turns into look-ups of the deployed stack's resources."""
    assessment = getattr(task, "assessment", None)
    if assessment is None:
        return None
    record: dict[str, Any] = {
        "run_on_create": assessment.run_on_create,
        "folder": task.identifier,
        "kms_key_arn": wave.encryption_key.key_arn,
        "include_only": list(assessment.include_only),
        "exclude": list(assessment.exclude),
    }
    from .lifecycle.assessments import PremigrationAssessments

    results = wave.node.try_find_child("Assessments")  # the results bucket and role: instance tasks only
    if isinstance(results, PremigrationAssessments):
        record["role_arn"] = results.role.role_arn
        record["bucket"] = results.bucket.bucket_name
    return record


def _tables(document: dict[str, Any]) -> list[str]:
    """`include schema.table` / `exclude schema.table` for each selection rule."""
    result = []
    for rule in document.get("rules", []):
        if rule.get("rule-type") != "selection":
            continue
        locator = rule.get("object-locator") or {}
        result.append(f"{rule.get('rule-action')} {locator.get('schema-name')}.{locator.get('table-name')}")
    return result


def _dms_log_groups(wave: "RecordedWave") -> list[str]:
    from .capacity import ReplicationInstanceCapacity

    names = []
    if isinstance(wave.capacity, ReplicationInstanceCapacity):
        names.append(f"dms-tasks-{wave.naming.identifier('MigrationWave.naming', 'replication instance', 'instance')}")
    else:
        names.extend(f"dms-serverless-replication-{t.identifier}" for t in wave.tasks.values())
        names.extend(f"dms-serverless-replication-{t.identifier}" for t in wave.__dict__.get("retired_tasks", {}).values())
    return names


def _alarm_name(alarm: Any) -> str:
    return str(alarm.alarm_name)


def _retention_days(wave: "RecordedWave") -> Any:
    from aws_cdk import aws_logs as logs

    resource = wave.migration_log.log_group.node.default_child
    return resource.retention_in_days if isinstance(resource, logs.CfnLogGroup) else None


def _value(value: Any) -> Any:
    return getattr(value, "value", value)
