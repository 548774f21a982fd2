"""Replication task settings: typed knobs with secure defaults, and validated overrides.

Pure Python (no CDK import). The same settings render as a JSON string (`AWS::DMS::ReplicationTask`)
or an object (`AWS::DMS::ReplicationConfig`). Every setting, whether from a typed knob, `overrides` or
an existing settings file, is checked against a schema encoded from the AWS DMS user guide
("Specifying task settings for AWS DMS tasks"): unknown keys are refused with the nearest valid name,
values are type- and range-checked, and the logging that AWS Security Hub controls DMS.7 (target) and
DMS.8 (source) require can be raised but never lowered or turned off.
"""

from __future__ import annotations

import copy
import difflib
import enum
import json
import math
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any, Mapping, Optional, Sequence, Union

from . import facts as _facts
from .errors import fail


class TargetTablePrepMode(str, enum.Enum):
    """What a full load does to existing target tables. DO_NOTHING never loses target data."""

    DO_NOTHING = "DO_NOTHING"
    DROP_AND_CREATE = "DROP_AND_CREATE"
    TRUNCATE_BEFORE_LOAD = "TRUNCATE_BEFORE_LOAD"


class LogSeverity(str, enum.Enum):
    """Log severities, from least to most detailed (each level includes the ones before it)."""

    ERROR = "LOGGER_SEVERITY_ERROR"
    WARNING = "LOGGER_SEVERITY_WARNING"
    INFO = "LOGGER_SEVERITY_INFO"
    DEFAULT = "LOGGER_SEVERITY_DEFAULT"
    DEBUG = "LOGGER_SEVERITY_DEBUG"
    DETAILED_DEBUG = "LOGGER_SEVERITY_DETAILED_DEBUG"


SEVERITY_ORDER: tuple[str, ...] = tuple(s.value for s in LogSeverity)
# The components Security Hub checks, each at LOGGER_SEVERITY_DEFAULT or more, and the control.
REQUIRED_LOG_COMPONENTS: dict[str, str] = dict(_facts.REQUIRED_LOG_COMPONENTS)  # the facts table's logging floor
LOG_COMPONENTS: tuple[str, ...] = (
    "ADDONS", "COMMON", "COMMUNICATION", "DATA_STRUCTURE", "FILE_FACTORY", "FILE_TRANSFER", "IO",
    "METADATA_MANAGER", "PERFORMANCE", "REST_SERVER", "SORTER", "SOURCE_CAPTURE", "SOURCE_UNLOAD",
    "TABLES_MANAGER", "TARGET_APPLY", "TARGET_LOAD", "TASK_MANAGER", "TRANSFORMATION", "VALIDATOR",
    "VALIDATOR_EXT",
)

# DMS EngineName values whose data DMS can validate ("AWS DMS data validation"). S3 targets are left
# out on purpose: they validate only with Parquet output, Athena permissions and DMS 3.5.0 or later,
# which the engine name alone cannot tell; pass validation=True yourself once those are in place.
VALIDATION_SOURCES = frozenset({"oracle", "postgres", "aurora-postgresql", "mysql", "mariadb", "aurora", "sqlserver", "db2"})
VALIDATION_TARGETS = VALIDATION_SOURCES | {"redshift"}
_FULL_LOAD_TYPES = ("full-load", "full-load-and-cdc")
_MIGRATION_TYPES = (*_FULL_LOAD_TYPES, "cdc")




def _nearest(name: Any, choices: Sequence[str]) -> str:
    close = difflib.get_close_matches(str(name), choices, n=1)
    return f"did you mean {close[0]!r}?" if close else f"use one of: {', '.join(choices)}"


def _plain(value: Any) -> Any:
    return value.value if isinstance(value, enum.Enum) else value


def validation_supported(source_engine: str, target_engine: str) -> bool:
    """Whether DMS data validation works for this pair of DMS engine names (e.g. `postgres` ->
    `aurora-postgresql`); case-insensitive. False for S3 targets (see `VALIDATION_TARGETS`)."""
    for field, engine in (("source_engine", source_engine), ("target_engine", target_engine)):
        if not isinstance(engine, str):
            fail(f"validation_supported {field}", engine, "is not an engine name", "pass a DMS EngineName such as 'postgres'")
    return source_engine.lower() in VALIDATION_SOURCES and target_engine.lower() in VALIDATION_TARGETS


def validation_default(source_engine: str, target_engine: str, migration_type: str, *, consolidating: bool = False) -> bool:
    """Whether to validate by default: the engine pair supports it, the task has a full load, and the
    target does not consolidate several sources.

    "Data validation isn't supported when consolidating several databases into one" (DMS user guide, "AWS
    DMS data validation", Limitations). Source filters (row filters in table mappings) are not among the
    guide's limitations, so they leave the default on.
    """
    migration_type = _plain(migration_type)
    if migration_type not in _MIGRATION_TYPES:
        fail("validation_default migration_type", migration_type, "is not a DMS migration type", f"use one of: {', '.join(_MIGRATION_TYPES)}")
    return not consolidating and migration_type in _FULL_LOAD_TYPES and validation_supported(source_engine, target_engine)


# --- the schema ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Bool:
    def check(self, field: str, value: Any) -> None:
        if not isinstance(value, bool):
            fail(field, value, "must be true or false", "use a JSON boolean")


@dataclass(frozen=True)
class _Int:
    low: int
    high: Optional[int] = None

    def check(self, field: str, value: Any) -> None:
        bounded = self.high is not None
        fix = f"choose a value in {self.low}..{self.high}" if bounded else f"choose a value of at least {self.low}"
        if isinstance(value, bool) or not isinstance(value, int):
            fail(field, value, "must be a whole number", fix)
        if value < self.low or (self.high is not None and value > self.high):
            fail(field, value, f"must be between {self.low} and {self.high}" if bounded else f"must be at least {self.low}", fix)


@dataclass(frozen=True)
class _Str:
    def check(self, field: str, value: Any) -> None:
        if not isinstance(value, str):
            fail(field, value, "must be a string", "use a JSON string")


@dataclass(frozen=True)
class _Choice:
    values: tuple[str, ...]

    def check(self, field: str, value: Any) -> None:
        if value not in self.values:
            fail(field, value, "is not a valid value", _nearest(value, self.values))


@dataclass(frozen=True)
class _Null:
    """Must be null or absent (DMS refuses it on create)."""

    fix: str

    def check(self, field: str, value: Any) -> None:
        if value is not None:
            fail(field, value, "cannot be set when a task is created", self.fix)


@dataclass(frozen=True)
class _Json:
    """Any JSON value, passed through (nested documents this library does not model)."""

    def check(self, field: str, value: Any) -> None:
        if isinstance(value, Mapping):
            for key, item in value.items():
                if not isinstance(key, str):
                    fail(field, key, "has a key that is not a string", "use string keys")
                self.check(f"{field}.{key}", item)
        elif isinstance(value, (list, tuple)):
            for index, item in enumerate(value):
                self.check(f"{field}[{index}]", item)
        elif value is not None and not isinstance(value, (str, int, float, bool)):
            fail(field, value, "is not a JSON value", "use strings, numbers, booleans, lists and objects")
        elif isinstance(value, float) and not math.isfinite(value):
            fail(field, value, "is not a JSON number (JSON has no NaN or infinity)", "use a finite number")


@dataclass(frozen=True)
class _Section:
    fields: Mapping[str, Any]
    nullable: bool = False

    def check(self, field: str, value: Any) -> None:
        if value is None and self.nullable:
            return
        if not isinstance(value, Mapping):
            fail(field, value, "must be an object", "use a JSON object of settings")
        for key, item in value.items():
            if key not in self.fields:
                fail(f"{field}.{key}", item, "is not a DMS task setting", _nearest(key, list(self.fields)))
            self.fields[key].check(f"{field}.{key}", item)


@dataclass(frozen=True)
class _LogComponents:
    def check(self, field: str, value: Any) -> None:
        if not isinstance(value, (list, tuple)):
            fail(field, value, "must be a list", "use [{'Id': 'SOURCE_CAPTURE', 'Severity': 'LOGGER_SEVERITY_DEFAULT'}, ...]")
        seen: set[str] = set()
        for index, component in enumerate(value):
            if not isinstance(component, Mapping) or set(component) != {"Id", "Severity"}:
                fail(f"{field}[{index}]", component, "must be an object with exactly Id and Severity", "use {'Id': 'TARGET_APPLY', 'Severity': 'LOGGER_SEVERITY_DEFAULT'}")
            component_id = component["Id"]
            if component_id not in LOG_COMPONENTS:
                fail(f"{field}[{index}].Id", component_id, "is not a DMS log component", _nearest(component_id, LOG_COMPONENTS))
            if component_id in seen:
                fail(f"{field}[{component_id}]", component_id, "is listed twice", "list each component once")
            seen.add(component_id)
            _Choice(SEVERITY_ORDER).check(f"{field}[{component_id}].Severity", component["Severity"])


_B, _S, _J = _Bool(), _Str(), _Json()
_ERROR_ACTIONS = ("IGNORE_RECORD", "LOG_ERROR", "SUSPEND_TABLE", "STOP_TASK")
_ESCALATIONS = ("LOG_ERROR", "SUSPEND_TABLE", "STOP_TASK")
_COLUMN_FILTERS = ("pk-only", "non-lob", "all")

SCHEMA = _Section({
    "TargetMetadata": _Section({
        "TargetSchema": _S, "SupportLobs": _B, "FullLobMode": _B, "LobChunkSize": _Int(0),
        "LimitedSizeLobMode": _B, "LobMaxSize": _Int(0, 102_400), "InlineLobMaxSize": _Int(0, 102_400),
        "LoadMaxFileSize": _Int(0, 100_000), "ParallelLoadThreads": _Int(0, 200), "ParallelLoadBufferSize": _Int(0, 1000),
        "ParallelLoadQueuesPerThread": _Int(0, 512), "ParallelApplyThreads": _Int(0, 32), "ParallelApplyBufferSize": _Int(0, 1000),
        "ParallelApplyQueuesPerThread": _Int(0, 512), "BatchApplyEnabled": _B, "TaskRecoveryTableEnabled": _B,
    }),
    "FullLoadSettings": _Section({
        "TargetTablePrepMode": _Choice(tuple(m.value for m in TargetTablePrepMode)), "CreatePkAfterFullLoad": _B,
        "StopTaskCachedChangesApplied": _B, "StopTaskCachedChangesNotApplied": _B, "MaxFullLoadSubTasks": _Int(1, 49),
        "TransactionConsistencyTimeout": _Int(0), "CommitRate": _Int(1, 50_000),
    }),
    "TTSettings": _Section({"EnableTT": _B, "TTS3Settings": _J, "TTRecordSettings": _J}, nullable=True),
    "Logging": _Section({
        "EnableLogging": _B, "EnableLogContext": _B, "DeleteTaskLogs": _B, "LogComponents": _LogComponents(),
        "CloudWatchLogGroup": _Null("remove it: DMS names the task's log group itself"),
        "CloudWatchLogStream": _Null("remove it: DMS names the task's log stream itself"),
    }),
    "ControlTablesSettings": _Section({
        "ControlSchema": _S, "HistoryTimeslotInMinutes": _Int(1),
        "historyTimeslotInMinutes": _Int(1),  # sic: DMS itself exports this spelling next to the other
        "HistoryTableEnabled": _B, "SuspendedTablesTableEnabled": _B, "StatusTableEnabled": _B, "FullLoadExceptionTableEnabled": _B,
    }),
    "StreamBufferSettings": _Section({"StreamBufferCount": _Int(1), "StreamBufferSizeInMB": _Int(1), "CtrlStreamBufferSizeInMB": _Int(1)}),
    "ChangeProcessingTuning": _Section({
        "BatchApplyPreserveTransaction": _B, "BatchApplyTimeoutMin": _Int(0), "BatchApplyTimeoutMax": _Int(1),
        "BatchApplyMemoryLimit": _Int(1), "BatchSplitSize": _Int(0), "MinTransactionSize": _Int(0), "CommitTimeout": _Int(0),
        "MemoryLimitTotal": _Int(1), "MemoryKeepTime": _Int(0), "StatementCacheSize": _Int(0), "RecoveryTimeout": _Int(-1),
    }),
    "ChangeProcessingDdlHandlingPolicy": _Section({"HandleSourceTableDropped": _B, "HandleSourceTableTruncated": _B, "HandleSourceTableAltered": _B}),
    "ValidationSettings": _Section({
        "EnableValidation": _B, "ValidationMode": _Choice(("ROW_LEVEL", "GROUP_LEVEL")), "ThreadCount": _Int(1),
        "PartitionSize": _Int(1), "FailureMaxCount": _Int(1), "TableFailureMaxCount": _Int(1),
        "RecordFailureDelayInMinutes": _Int(0), "RecordSuspendDelayInMinutes": _Int(0), "RecordFailureDelayLimitInMinutes": _Int(0),
        "MaxKeyColumnSize": _Int(1), "ValidationOnly": _B, "HandleCollationDiff": _B, "SkipLobColumns": _B,
        "ValidationPartialLobSize": _Int(0), "ValidationQueryCdcDelaySeconds": _Int(0),
    }),
    "ErrorBehavior": _Section({
        "DataErrorPolicy": _Choice(_ERROR_ACTIONS), "DataTruncationErrorPolicy": _Choice(_ERROR_ACTIONS),
        "DataMaskingErrorPolicy": _Choice(_ERROR_ACTIONS), "DataErrorEscalationPolicy": _Choice(_ESCALATIONS),
        "DataErrorEscalationCount": _Int(0), "TableErrorPolicy": _Choice(("SUSPEND_TABLE", "STOP_TASK")),
        "TableErrorEscalationPolicy": _Choice(("STOP_TASK",)), "TableErrorEscalationCount": _Int(0),
        "RecoverableErrorCount": _Int(-1), "RecoverableErrorInterval": _Int(1), "RecoverableErrorThrottling": _B,
        "RecoverableErrorThrottlingMax": _Int(1), "RecoverableErrorStopRetryAfterThrottlingMax": _B,
        "ApplyErrorDeletePolicy": _Choice(_ERROR_ACTIONS),
        "ApplyErrorInsertPolicy": _Choice((*_ERROR_ACTIONS, "INSERT_RECORD", "UPDATE_RECORD")),
        "ApplyErrorUpdatePolicy": _Choice((*_ERROR_ACTIONS, "UPDATE_RECORD")),
        "ApplyErrorEscalationPolicy": _Choice(_ESCALATIONS), "ApplyErrorEscalationCount": _Int(0),
        "ApplyErrorFailOnTruncationDdl": _B, "FailOnNoTablesCaptured": _B, "FailOnTransactionConsistencyBreached": _B,
        "FullLoadIgnoreConflicts": _B, "EventErrorPolicy": _Choice(("IGNORE", "STOP_TASK")),
    }),
    "CharacterSetSettings": _Section({"CharacterReplacements": _J, "CharacterSetSupport": _J}, nullable=True),
    "BeforeImageSettings": _Section({"EnableBeforeImage": _B, "FieldName": _S, "ColumnFilter": _Choice(_COLUMN_FILTERS)}, nullable=True),
    "LoopbackPreventionSettings": _Section({"EnableLoopbackPrevention": _B, "SourceSchema": _S, "TargetSchema": _S}, nullable=True),
    "PostProcessingRules": _J,
    "DataResyncSettings": _J,
    "FailTaskWhenCleanTaskResourceFailed": _B,
})

# The typed knobs and the setting each one writes.
_KNOBS: dict[str, tuple[str, str]] = {
    "lob_max_size_kb": ("TargetMetadata", "LobMaxSize"),
    "batch_apply": ("TargetMetadata", "BatchApplyEnabled"),
    "target_table_prep_mode": ("FullLoadSettings", "TargetTablePrepMode"),
    "max_full_load_subtasks": ("FullLoadSettings", "MaxFullLoadSubTasks"),
    "commit_rate": ("FullLoadSettings", "CommitRate"),
    "stop_task_cached_changes_applied": ("FullLoadSettings", "StopTaskCachedChangesApplied"),
    "stop_task_cached_changes_not_applied": ("FullLoadSettings", "StopTaskCachedChangesNotApplied"),
    "validation": ("ValidationSettings", "EnableValidation"),
}

DEFAULTS: Mapping[str, Any] = {
    "TargetMetadata": {"SupportLobs": True, "FullLobMode": False, "LimitedSizeLobMode": True, "LobMaxSize": 32, "BatchApplyEnabled": False},
    "FullLoadSettings": {
        "TargetTablePrepMode": TargetTablePrepMode.DO_NOTHING.value, "MaxFullLoadSubTasks": 8, "CommitRate": 10_000,
        "StopTaskCachedChangesApplied": False, "StopTaskCachedChangesNotApplied": False,
    },
    "Logging": {
        "EnableLogging": True,
        "LogComponents": [{"Id": c, "Severity": LogSeverity.DEFAULT.value} for c in sorted(REQUIRED_LOG_COMPONENTS)],
    },
    "ValidationSettings": {"EnableValidation": False},
    "ErrorBehavior": {
        "FailOnNoTablesCaptured": True,
        # Retry recoverable errors without limit, throttled up to 30 minutes apart.
        "RecoverableErrorCount": -1, "RecoverableErrorInterval": 5, "RecoverableErrorThrottling": True, "RecoverableErrorThrottlingMax": 1800,
    },
}


def _merge(base: Mapping[str, Any], top: Mapping[str, Any]) -> dict[str, Any]:
    """`top` deep-merged onto a copy of `base`; LogComponents merge by Id and are sorted by Id."""
    out = copy.deepcopy(dict(base))
    for key, value in top.items():
        if key == "LogComponents" and isinstance(out.get(key), list):
            by_id = {c["Id"]: dict(c) for c in out[key]}
            by_id.update({c["Id"]: dict(c) for c in value})
            out[key] = [by_id[i] for i in sorted(by_id)]
        elif isinstance(value, Mapping) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


def _leaves(document: Mapping[str, Any], prefix: tuple[str, ...] = ()) -> dict[tuple[str, ...], Any]:
    """Every setting by path; log components by ("Logging", "LogComponents", Id)."""
    out: dict[tuple[str, ...], Any] = {}
    for key, value in document.items():
        if key == "LogComponents" and isinstance(value, list):
            out.update({(*prefix, key, c["Id"]): c["Severity"] for c in value})
        elif isinstance(value, Mapping):
            out.update(_leaves(value, (*prefix, key)))
        else:
            out[prefix + (key,)] = value
    return out


# --- the settings -------------------------------------------------------------------------------


@dataclass(frozen=True)
class TaskSettings:
    """Typed DMS task settings with secure defaults. Every knob defaults to None, meaning the default
    given here; `overrides` may set any other DMS setting but not the same one as a knob.

    :param lob_max_size_kb: largest LOB in limited LOB mode, in KB (TargetMetadata.LobMaxSize), 1..102400. Default: 32.
    :param batch_apply: apply CDC changes in batches (TargetMetadata.BatchApplyEnabled). Default: False.
    :param target_table_prep_mode: (FullLoadSettings.TargetTablePrepMode). Default: DO_NOTHING, which never
        drops or truncates target tables.
    :param max_full_load_subtasks: tables loaded in parallel (FullLoadSettings.MaxFullLoadSubTasks), 1..49. Default: 8.
    :param commit_rate: rows transferred together in a full load (FullLoadSettings.CommitRate), 1..50000. Default: 10000.
    :param stop_task_cached_changes_applied: stop after the full load and cached changes are applied. Default: False.
    :param stop_task_cached_changes_not_applied: stop after the full load, before cached changes. Default: False.
    :param validation: data validation (ValidationSettings.EnableValidation). Default: False; the wave turns it
        on where `validation_default` says so.
    :param log_severity: severity per log component, e.g. {"TASK_MANAGER": "LOGGER_SEVERITY_DEBUG"}. Default:
        LOGGER_SEVERITY_DEFAULT for SOURCE_CAPTURE, SOURCE_UNLOAD, TARGET_APPLY and TARGET_LOAD, which may be
        raised but never lowered (Security Hub DMS.7 and DMS.8).
    :param overrides: other DMS settings, deep-merged over the defaults (log components merge by Id).
        Default: none. Also fixed: logging on, FailOnNoTablesCaptured true, recoverable errors retried
        without limit (-1) every 5 s, throttled up to 1800 s, and limited LOB mode.
    """

    lob_max_size_kb: Optional[int] = None
    batch_apply: Optional[bool] = None
    target_table_prep_mode: Optional[Union[TargetTablePrepMode, str]] = None
    max_full_load_subtasks: Optional[int] = None
    commit_rate: Optional[int] = None
    stop_task_cached_changes_applied: Optional[bool] = None
    stop_task_cached_changes_not_applied: Optional[bool] = None
    validation: Optional[bool] = None
    log_severity: Optional[Mapping[str, Union[LogSeverity, str]]] = None
    overrides: Optional[Mapping[str, Any]] = None
    # The merged settings document, built once by __post_init__ (not an argument, not compared).
    _document: dict[str, Any] = dataclass_field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        try:
            self._build()
        except RecursionError:
            # Only a document nested far deeper than any DMS setting gets here (e.g. PostProcessingRules).
            fail("TaskSettings.overrides", "<nested too deeply>", "is nested too deeply to be a DMS task settings document",
                 "check the file: DMS settings nest a few levels at most")

    def _build(self) -> None:
        knobs = self._knob_settings()
        overrides = self.overrides if self.overrides is not None else {}
        SCHEMA.check("TaskSettings", overrides)
        overrides = copy.deepcopy(dict(overrides))
        object.__setattr__(self, "overrides", overrides)
        override_leaves = _leaves(overrides)
        knob_names: dict[tuple[str, ...], str] = {path: knob for knob, path in _KNOBS.items()}
        for path, value in _leaves(knobs).items():
            if path in override_leaves and override_leaves[path] != value:
                field, knob = "TaskSettings." + ".".join(path[:2]), knob_names.get(path, "log_severity")
                if knob == "log_severity":
                    field, knob = f"{field}[{path[2]}]", f"log_severity[{path[2]!r}]"
                fail(field, override_leaves[path], f"conflicts with {knob}={value!r}", "set it in one place")
        document = _merge(_merge(DEFAULTS, knobs), overrides)
        _check_consistency(document)
        object.__setattr__(self, "_document", document)

    def _knob_settings(self) -> dict[str, Any]:
        """The knobs that are set, as a partial settings document (each value checked by its schema)."""
        out: dict[str, Any] = {}
        for knob, (section, key) in _KNOBS.items():
            value = _plain(getattr(self, knob))
            if value is not None:
                SCHEMA.fields[section].fields[key].check(f"TaskSettings.{knob}", value)
                out.setdefault(section, {})[key] = value
        if self.log_severity is not None:
            if not isinstance(self.log_severity, Mapping):
                fail("TaskSettings.log_severity", self.log_severity, "must be a mapping of component to severity", "use e.g. {'TASK_MANAGER': LogSeverity.DEBUG}")
            components = [{"Id": c, "Severity": _plain(s)} for c, s in self.log_severity.items()]
            _LogComponents().check("TaskSettings.log_severity", components)
            out["Logging"] = {"LogComponents": components}
        return out

    def to_dict(self) -> dict[str, Any]:
        """The settings document as a new dict (for `AWS::DMS::ReplicationConfig`)."""
        return copy.deepcopy(self._document)

    def to_json(self) -> str:
        """The settings document as JSON with sorted keys (for `AWS::DMS::ReplicationTask`)."""
        return json.dumps(self._document, sort_keys=True)

    @classmethod
    def from_dict(cls, document: Mapping[str, Any]) -> "TaskSettings":
        """Settings from an existing settings document, applied as overrides of the defaults, so it is
        validated alike (unknown keys, ranges, logging)."""
        if not isinstance(document, Mapping):
            fail("TaskSettings.from_dict", type(document).__name__, "expects a settings document (a JSON object)",
                 "pass e.g. {'TargetMetadata': {...}, 'Logging': {...}}")
        return cls(overrides=document)

    @classmethod
    def from_json(cls, text: str) -> "TaskSettings":
        """Settings from an existing settings file's JSON text (see `from_dict`)."""
        if not isinstance(text, (str, bytes, bytearray)):
            fail("TaskSettings.from_json", type(text).__name__, "expects JSON text", "pass the file's contents")
        try:
            document = json.loads(text)
        except (ValueError, RecursionError) as error:
            fail("TaskSettings.from_json", str(error), "is not valid JSON", "fix the JSON syntax")
        return cls.from_dict(document)


def _check_consistency(document: Mapping[str, Any]) -> None:
    """Rules across settings, on the merged document (each value is already schema-checked)."""
    logging = document["Logging"]
    if logging.get("EnableLogging") is not True:
        fail("TaskSettings.Logging.EnableLogging", logging.get("EnableLogging"), "must stay true: AWS Security Hub DMS.7 and DMS.8 require task logging", "remove the override")
    severities = {c["Id"]: c["Severity"] for c in logging["LogComponents"]}
    floor = SEVERITY_ORDER.index(LogSeverity.DEFAULT.value)
    for component, control in REQUIRED_LOG_COMPONENTS.items():
        if SEVERITY_ORDER.index(severities[component]) < floor:
            fail(
                f"TaskSettings.Logging.LogComponents[{component}].Severity",
                severities[component],
                f"is below LOGGER_SEVERITY_DEFAULT, which AWS Security Hub {control} requires for {component}",
                "use " + ", ".join(SEVERITY_ORDER[floor:-1]) + " or " + SEVERITY_ORDER[-1],
            )
    metadata = document["TargetMetadata"]
    modes = {k: metadata.get(k, False) for k in ("FullLobMode", "LimitedSizeLobMode")}
    if metadata.get("SupportLobs", True) and sum(modes.values()) != 1:
        fail("TaskSettings.TargetMetadata", modes, "SupportLobs needs exactly one of FullLobMode and LimitedSizeLobMode", "set one of them to true and the other to false")
    for mode, size in (("LimitedSizeLobMode", "LobMaxSize"), ("FullLobMode", "LobChunkSize")):
        if modes[mode] and metadata.get(size) == 0:
            fail(f"TaskSettings.TargetMetadata.{size}", metadata.get(size), f"must be above 0 with {mode}", f"set {size} in KB, e.g. 64")
    full_load = document["FullLoadSettings"]
    if full_load["StopTaskCachedChangesApplied"] and full_load["StopTaskCachedChangesNotApplied"]:
        fail("TaskSettings.FullLoadSettings", "both true", "StopTaskCachedChangesApplied and StopTaskCachedChangesNotApplied exclude each other", "set at most one")
    tuning = document.get("ChangeProcessingTuning", {})
    low, high = tuning.get("BatchApplyTimeoutMin", 1), tuning.get("BatchApplyTimeoutMax", 30)
    if low > high:
        fail("TaskSettings.ChangeProcessingTuning.BatchApplyTimeoutMin", low, f"exceeds BatchApplyTimeoutMax ({high})", "make the minimum at most the maximum")
    validation = document["ValidationSettings"]
    if validation.get("ValidationOnly") and not validation.get("EnableValidation"):
        fail("TaskSettings.ValidationSettings.ValidationOnly", True, "needs EnableValidation true", "set validation=True")
    before_image = document.get("BeforeImageSettings") or {}
    if before_image.get("EnableBeforeImage") and not before_image.get("FieldName"):
        fail("TaskSettings.BeforeImageSettings.FieldName", before_image.get("FieldName"), "is required when EnableBeforeImage is true", "name the JSON attribute, e.g. 'before-image'")


__all__ = [
    "DEFAULTS",
    "LOG_COMPONENTS",
    "LogSeverity",
    "REQUIRED_LOG_COMPONENTS",
    "SCHEMA",
    "SEVERITY_ORDER",
    "TargetTablePrepMode",
    "TaskSettings",
    "VALIDATION_SOURCES",
    "VALIDATION_TARGETS",
    "validation_default",
    "validation_supported",
]
