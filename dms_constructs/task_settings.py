"""Replication task settings with enforced secure defaults, as a plain-Python document builder.

No CDK import: the same settings render as a JSON string (`AWS::DMS::ReplicationTask`) or an object
(`AWS::DMS::ReplicationConfig`).
"""

from __future__ import annotations

import copy
import difflib
import enum
import json
from dataclasses import dataclass, field
from typing import Any, Mapping, Optional

from .errors import DmsConfigError

SEVERITIES = (
    "LOGGER_SEVERITY_ERROR",
    "LOGGER_SEVERITY_WARNING",
    "LOGGER_SEVERITY_INFO",
    "LOGGER_SEVERITY_DEFAULT",
    "LOGGER_SEVERITY_DEBUG",
    "LOGGER_SEVERITY_DETAILED_DEBUG",
)
DEFAULT_SEVERITY = "LOGGER_SEVERITY_DEFAULT"
# Security Hub DMS.7 (target) and DMS.8 (source): these four log at DEFAULT or more, always.
REQUIRED_LOG_COMPONENTS = ("SOURCE_CAPTURE", "SOURCE_UNLOAD", "TARGET_APPLY", "TARGET_LOAD")
OTHER_LOG_COMPONENTS = (
    "TASK_MANAGER", "TRANSFORMATION", "IO", "PERFORMANCE", "SORTER", "REST_SERVER", "VALIDATOR_EXT",
    "COMMON", "ADDONS", "DATA_STRUCTURE", "COMMUNICATION", "FILE_FACTORY", "FILE_TRANSFER",
    "METADATA_MANAGER", "ASSERTION", "TABLES_MANAGER", "SERVICE", "UTILITIES", "DATA_RECORD",
)

# Engines (DMS EngineName values) that DMS data validation supports, per the DMS user guide's
# "AWS DMS data validation" page: relational sources and targets, plus Redshift as a target.
_VALIDATION_SOURCES = {"mysql", "mariadb", "aurora", "postgres", "aurora-postgresql", "oracle", "sqlserver", "db2"}
_VALIDATION_TARGETS = _VALIDATION_SOURCES | {"redshift"}


def validation_supported(source_engine: str, target_engine: str) -> bool:
    """Whether DMS data validation supports this source -> target engine pair."""
    return source_engine in _VALIDATION_SOURCES and target_engine in _VALIDATION_TARGETS


class TargetTablePrepMode(str, enum.Enum):
    """What a full load does to existing target tables. DO_NOTHING never loses target data."""

    DO_NOTHING = "DO_NOTHING"
    DROP_AND_CREATE = "DROP_AND_CREATE"
    TRUNCATE_BEFORE_LOAD = "TRUNCATE_BEFORE_LOAD"


# Keys DMS accepts per section (DMS user guide, "Specifying task settings"). A section mapped to None
# accepts any keys (nested documents we pass through unvalidated).
_SCHEMA: dict[str, Optional[frozenset[str]]] = {
    "TargetMetadata": frozenset({
        "TargetSchema", "SupportLobs", "FullLobMode", "LobChunkSize", "LimitedSizeLobMode", "LobMaxSize",
        "InlineLobMaxSize", "LoadMaxFileSize", "ParallelLoadThreads", "ParallelLoadBufferSize",
        "ParallelLoadQueuesPerThread", "ParallelApplyThreads", "ParallelApplyBufferSize",
        "ParallelApplyQueuesPerThread", "BatchApplyEnabled", "TaskRecoveryTableEnabled",
    }),
    "FullLoadSettings": frozenset({
        "TargetTablePrepMode", "CreatePkAfterFullLoad", "StopTaskCachedChangesApplied",
        "StopTaskCachedChangesNotApplied", "MaxFullLoadSubTasks", "TransactionConsistencyTimeout", "CommitRate",
    }),
    "Logging": frozenset({"EnableLogging", "EnableLogContext", "LogComponents"}),
    "ControlTablesSettings": frozenset({
        "ControlSchema", "HistoryTimeslotInMinutes", "HistoryTableEnabled", "SuspendedTablesTableEnabled",
        "StatusTableEnabled", "FullLoadExceptionTableEnabled",
    }),
    "StreamBufferSettings": frozenset({"StreamBufferCount", "StreamBufferSizeInMB", "CtrlStreamBufferSizeInMB"}),
    "ChangeProcessingTuning": frozenset({
        "BatchApplyPreserveTransaction", "BatchApplyTimeoutMin", "BatchApplyTimeoutMax", "BatchApplyMemoryLimit",
        "BatchSplitSize", "MinTransactionSize", "CommitTimeout", "MemoryLimitTotal", "MemoryKeepTime",
        "StatementCacheSize",
    }),
    "ChangeProcessingDdlHandlingPolicy": frozenset({
        "HandleSourceTableDropped", "HandleSourceTableTruncated", "HandleSourceTableAltered",
    }),
    "ErrorBehavior": frozenset({
        "DataErrorPolicy", "DataTruncationErrorPolicy", "DataErrorEscalationPolicy", "DataErrorEscalationCount",
        "DataMaskingErrorPolicy", "TableErrorPolicy", "TableErrorEscalationPolicy", "TableErrorEscalationCount",
        "RecoverableErrorCount", "RecoverableErrorInterval", "RecoverableErrorThrottling",
        "RecoverableErrorThrottlingMax", "RecoverableErrorStopRetryAfterThrottlingMax", "ApplyErrorDeletePolicy",
        "ApplyErrorInsertPolicy", "ApplyErrorUpdatePolicy", "ApplyErrorEscalationPolicy",
        "ApplyErrorEscalationCount", "ApplyErrorFailOnTruncationDdl", "FullLoadIgnoreConflicts",
        "FailOnTransactionConsistencyBreached", "FailOnNoTablesCaptured", "EventErrorPolicy",
    }),
    "ValidationSettings": frozenset({
        "EnableValidation", "ValidationMode", "ThreadCount", "PartitionSize", "FailureMaxCount",
        "RecordFailureDelayInMinutes", "RecordSuspendDelayInMinutes", "MaxKeyColumnSize", "TableFailureMaxCount",
        "ValidationOnly", "HandleCollationDiff", "RecordFailureDelayLimitInMinutes", "SkipLobColumns",
        "ValidationPartialLobSize", "ValidationQueryCdcDelaySeconds",
    }),
    "CharacterSetSettings": None,
    "BeforeImageSettings": None,
    "LoopbackPreventionSettings": None,
    "PostProcessingRules": None,
    "TTSettings": None,
    "FailTaskWhenCleanTaskResourceFailed": None,
}

# Numeric fields we validate, wherever they are set: (section, key) -> (low, high).
_RANGES: dict[tuple[str, str], tuple[int, int]] = {
    ("TargetMetadata", "LobMaxSize"): (1, 102_400),
    ("TargetMetadata", "LobChunkSize"): (1, 102_400),
    ("TargetMetadata", "ParallelLoadThreads"): (0, 32),
    ("TargetMetadata", "ParallelApplyThreads"): (0, 32),
    ("FullLoadSettings", "MaxFullLoadSubTasks"): (1, 49),
    ("FullLoadSettings", "CommitRate"): (1, 50_000),
    ("FullLoadSettings", "TransactionConsistencyTimeout"): (0, 86_400),
    ("ValidationSettings", "ThreadCount"): (1, 64),
    ("ErrorBehavior", "RecoverableErrorInterval"): (1, 86_400),
}


def _fail(field: str, value: Any, problem: str, fix: str) -> None:
    raise DmsConfigError(f"{field}: {problem} (got {value!r}); {fix}")


def _nearest(name: str, choices) -> str:
    close = difflib.get_close_matches(name, sorted(choices), n=1, cutoff=0.5)
    return f"did you mean '{close[0]}'?" if close else f"use one of: {', '.join(sorted(choices))}"


@dataclass(frozen=True)
class TaskSettings:
    """Typed DMS task settings with secure defaults.

    :param validation: turn on data validation. Default: True (the wave turns it off where the engine
        pair or the migration type does not support it).
    :param target_table_prep_mode: Default: DO_NOTHING (never drops or truncates target tables).
    :param lob_max_size_kb: limited LOB mode's maximum LOB size, in KB. Default: 32.
    :param full_load_parallelism: tables loaded in parallel (MaxFullLoadSubTasks), 1..49. Default: 8.
    :param commit_rate: rows transferred together in full load, 1..50000. Default: 10000.
    :param batch_apply: apply CDC changes in batches. Default: False (transactional apply).
    :param stop_after_cached_changes_applied: stop the task when full load and cached changes are done.
        Default: False.
    :param log_severity: severity per log component id. Default: LOGGER_SEVERITY_DEFAULT for
        SOURCE_CAPTURE, SOURCE_UNLOAD, TARGET_APPLY, TARGET_LOAD (which may be raised, never lowered).
    :param overrides: any other DMS settings, deep-merged last; unknown keys are refused.
    """

    validation: bool = True
    target_table_prep_mode: TargetTablePrepMode = TargetTablePrepMode.DO_NOTHING
    lob_max_size_kb: int = 32
    full_load_parallelism: int = 8
    commit_rate: int = 10_000
    batch_apply: bool = False
    stop_after_cached_changes_applied: bool = False
    log_severity: Mapping[str, str] = field(default_factory=dict)
    overrides: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "target_table_prep_mode", _enum(self.target_table_prep_mode))
        for name, (section, key) in (
            ("lob_max_size_kb", ("TargetMetadata", "LobMaxSize")),
            ("full_load_parallelism", ("FullLoadSettings", "MaxFullLoadSubTasks")),
            ("commit_rate", ("FullLoadSettings", "CommitRate")),
        ):
            _check_number(f"TaskSettings.{name}", getattr(self, name), *_RANGES[(section, key)])
        for component, severity in self.log_severity.items():
            if component not in REQUIRED_LOG_COMPONENTS + OTHER_LOG_COMPONENTS:
                _fail("TaskSettings.log_severity", component, "is not a DMS log component", _nearest(component, REQUIRED_LOG_COMPONENTS + OTHER_LOG_COMPONENTS))
            _check_severity(f"TaskSettings.log_severity[{component}]", component, severity)
        self.to_dict()  # validates overrides eagerly, in the constructor

    def to_dict(self) -> dict[str, Any]:
        """The settings document (a fresh dict each call)."""
        document = _merge(self._defaults(), _validated_overrides(self.overrides), "overrides")
        _check_document(document)
        return document

    def to_json(self) -> str:
        """The settings document as deterministic JSON (sorted keys)."""
        return json.dumps(self.to_dict(), sort_keys=True, separators=(",", ":"))

    @staticmethod
    def from_dict(document: Mapping[str, Any]) -> "TaskSettings":
        """Settings from an existing document: it becomes the overrides of the defaults, so it is
        validated alike (unknown keys, logging, ranges)."""
        if not isinstance(document, Mapping):
            _fail("task settings", type(document).__name__, "is not a JSON object", "pass the settings document")
        return TaskSettings(overrides=copy.deepcopy(dict(document)))

    @staticmethod
    def from_json(text: str) -> "TaskSettings":
        """Settings from an existing JSON settings file."""
        try:
            document = json.loads(text)
        except json.JSONDecodeError as err:
            raise DmsConfigError(f"task settings: is not valid JSON ({err.msg} at line {err.lineno}); fix the file") from None
        return TaskSettings.from_dict(document)

    def _defaults(self) -> dict[str, Any]:
        severities = {c: DEFAULT_SEVERITY for c in REQUIRED_LOG_COMPONENTS}
        severities.update(self.log_severity)
        return {
            "TargetMetadata": {
                "SupportLobs": True,
                "FullLobMode": False,
                "LimitedSizeLobMode": True,
                "LobMaxSize": self.lob_max_size_kb,
                "BatchApplyEnabled": self.batch_apply,
            },
            "FullLoadSettings": {
                "TargetTablePrepMode": self.target_table_prep_mode.value,
                "MaxFullLoadSubTasks": self.full_load_parallelism,
                "CommitRate": self.commit_rate,
                "StopTaskCachedChangesApplied": self.stop_after_cached_changes_applied,
                "StopTaskCachedChangesNotApplied": False,
            },
            "Logging": {
                "EnableLogging": True,
                "LogComponents": [{"Id": c, "Severity": s} for c, s in sorted(severities.items())],
            },
            "ErrorBehavior": {
                "FailOnNoTablesCaptured": True,
                # Retry recoverable errors forever, throttled; the wave's alarms surface a stuck task.
                "RecoverableErrorCount": -1,
                "RecoverableErrorInterval": 5,
                "RecoverableErrorThrottling": True,
                "RecoverableErrorThrottlingMax": 1800,
            },
            "ValidationSettings": {"EnableValidation": self.validation},
        }


def _enum(value: Any) -> TargetTablePrepMode:
    try:
        return TargetTablePrepMode(value)
    except ValueError:
        _fail("TaskSettings.target_table_prep_mode", value, "is not a target table preparation mode", f"use one of: {', '.join(m.value for m in TargetTablePrepMode)}")


def _check_number(field: str, value: Any, low: int, high: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        _fail(field, value, "must be a whole number", f"use a value in {low}..{high}")
    if not low <= value <= high:
        _fail(field, value, f"must be between {low} and {high}", f"use a value in {low}..{high}")


def _check_severity(field: str, component: str, severity: Any) -> None:
    if severity not in SEVERITIES:
        _fail(field, severity, "is not a DMS log severity", _nearest(str(severity), SEVERITIES))
    if component in REQUIRED_LOG_COMPONENTS and SEVERITIES.index(severity) < SEVERITIES.index(DEFAULT_SEVERITY):
        _fail(
            field,
            severity,
            f"lowers {component} logging below {DEFAULT_SEVERITY}, which Security Hub controls DMS.7/DMS.8 require",
            f"use {DEFAULT_SEVERITY} or a more detailed severity",
        )


def _validated_overrides(overrides: Mapping[str, Any]) -> dict[str, Any]:
    if not isinstance(overrides, Mapping):
        _fail("TaskSettings.overrides", type(overrides).__name__, "is not a mapping", "pass a dict of DMS settings sections")
    for section, body in overrides.items():
        if section not in _SCHEMA:
            _fail("TaskSettings.overrides", section, "is not a DMS task settings section", _nearest(section, _SCHEMA))
        keys = _SCHEMA[section]
        if keys is None:
            continue
        if not isinstance(body, Mapping):
            _fail(f"TaskSettings.overrides.{section}", body, "is not an object", "pass a dict of settings")
        for key in body:
            if key not in keys:
                _fail(f"TaskSettings.overrides.{section}", key, "is not a DMS setting of this section", _nearest(key, keys))
    return copy.deepcopy(dict(overrides))


def _merge(base: dict[str, Any], overrides: Mapping[str, Any], path: str) -> dict[str, Any]:
    """Deep-merge `overrides` into `base`. Log components merge by component id."""
    for key, value in overrides.items():
        if key == "LogComponents" and isinstance(value, list):
            merged = {c["Id"]: c for c in base.get(key, [])}
            for component in value:
                if not isinstance(component, Mapping) or "Id" not in component:
                    _fail(f"{path}.Logging.LogComponents", component, "is not a log component", "use {'Id': 'TARGET_APPLY', 'Severity': 'LOGGER_SEVERITY_DEFAULT'}")
                merged[component["Id"]] = dict(component)
            base[key] = [merged[c] for c in sorted(merged)]
        elif isinstance(value, Mapping) and isinstance(base.get(key), dict):
            base[key] = _merge(base[key], value, f"{path}.{key}")
        else:
            base[key] = copy.deepcopy(value)
    return base


def _check_document(document: Mapping[str, Any]) -> None:
    logging = document.get("Logging", {})
    if logging.get("EnableLogging") is not True:
        _fail(
            "task settings Logging.EnableLogging",
            logging.get("EnableLogging"),
            "turns task logging off, which Security Hub controls DMS.7/DMS.8 require",
            "keep EnableLogging true",
        )
    components = {c["Id"]: c.get("Severity") for c in logging.get("LogComponents", [])}
    for component in REQUIRED_LOG_COMPONENTS:
        if component not in components:
            _fail("task settings Logging.LogComponents", sorted(components), f"omits {component}", f"log {component} at {DEFAULT_SEVERITY} or more")
        _check_severity(f"task settings Logging.LogComponents[{component}]", component, components[component])
    for (section, key), (low, high) in _RANGES.items():
        value = document.get(section, {}).get(key)
        if value is not None:
            _check_number(f"task settings {section}.{key}", value, low, high)
    mode = document.get("FullLoadSettings", {}).get("TargetTablePrepMode")
    if mode is not None and mode not in {m.value for m in TargetTablePrepMode}:
        _enum(mode)
