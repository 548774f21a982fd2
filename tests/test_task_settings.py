"""TaskSettings: secure defaults, knobs, overrides, existing files, one exact message per validation
(including the range of every numeric setting), property-based round trips, and purity."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dms_constructs.errors import DmsConfigError
from dms_constructs.task_settings import (
    LOG_COMPONENTS,
    REQUIRED_LOG_COMPONENTS,
    SCHEMA,
    LogSeverity,
    TargetTablePrepMode,
    TaskSettings,
    _Int,
    validation_default,
    validation_supported,
)

PACKAGE_DIR = Path(__file__).resolve().parent.parent / "dms_constructs"
DEFAULT_COMPONENTS = [{"Id": c, "Severity": "LOGGER_SEVERITY_DEFAULT"} for c in ("SOURCE_CAPTURE", "SOURCE_UNLOAD", "TARGET_APPLY", "TARGET_LOAD")]


def test_module_imports_without_cdk():
    """Loads the module under a bare package (the real package __init__ imports the CDK)."""
    code = (
        "import sys, types\n"
        f"pkg = types.ModuleType('dms_constructs'); pkg.__path__ = [{str(PACKAGE_DIR)!r}]; sys.modules['dms_constructs'] = pkg\n"
        "import dms_constructs.task_settings\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('aws_cdk', 'constructs', 'jsii')))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


# --- defaults, knobs and overrides --------------------------------------------------------------


def test_secure_defaults():
    assert TaskSettings().to_dict() == {
        "TargetMetadata": {"SupportLobs": True, "FullLobMode": False, "LimitedSizeLobMode": True, "LobMaxSize": 32, "BatchApplyEnabled": False},
        "FullLoadSettings": {"TargetTablePrepMode": "DO_NOTHING", "MaxFullLoadSubTasks": 8, "CommitRate": 10000, "StopTaskCachedChangesApplied": False, "StopTaskCachedChangesNotApplied": False},
        "Logging": {"EnableLogging": True, "LogComponents": DEFAULT_COMPONENTS},
        "ValidationSettings": {"EnableValidation": False},
        "ErrorBehavior": {"FailOnNoTablesCaptured": True, "RecoverableErrorCount": -1, "RecoverableErrorInterval": 5, "RecoverableErrorThrottling": True, "RecoverableErrorThrottlingMax": 1800},
    }


@pytest.mark.parametrize(
    "knob, value, section, key, rendered",
    [
        ("lob_max_size_kb", 64, "TargetMetadata", "LobMaxSize", 64),
        ("batch_apply", True, "TargetMetadata", "BatchApplyEnabled", True),
        ("target_table_prep_mode", TargetTablePrepMode.TRUNCATE_BEFORE_LOAD, "FullLoadSettings", "TargetTablePrepMode", "TRUNCATE_BEFORE_LOAD"),
        ("target_table_prep_mode", "DROP_AND_CREATE", "FullLoadSettings", "TargetTablePrepMode", "DROP_AND_CREATE"),
        ("max_full_load_subtasks", 49, "FullLoadSettings", "MaxFullLoadSubTasks", 49),
        ("commit_rate", 50_000, "FullLoadSettings", "CommitRate", 50_000),
        ("stop_task_cached_changes_applied", True, "FullLoadSettings", "StopTaskCachedChangesApplied", True),
        ("stop_task_cached_changes_not_applied", True, "FullLoadSettings", "StopTaskCachedChangesNotApplied", True),
        ("validation", True, "ValidationSettings", "EnableValidation", True),
    ],
)
def test_each_knob_writes_its_setting(knob, value, section, key, rendered):
    document = TaskSettings(**{knob: value}).to_dict()
    assert document[section][key] == rendered
    defaults = TaskSettings().to_dict()
    defaults[section][key] = rendered
    assert document == defaults


def test_log_severity_raises_and_adds_components_sorted_by_id():
    document = TaskSettings(log_severity={"TASK_MANAGER": LogSeverity.DEBUG, "SOURCE_CAPTURE": "LOGGER_SEVERITY_DETAILED_DEBUG"}).to_dict()
    assert document["Logging"]["LogComponents"] == [
        {"Id": "SOURCE_CAPTURE", "Severity": "LOGGER_SEVERITY_DETAILED_DEBUG"},
        {"Id": "SOURCE_UNLOAD", "Severity": "LOGGER_SEVERITY_DEFAULT"},
        {"Id": "TARGET_APPLY", "Severity": "LOGGER_SEVERITY_DEFAULT"},
        {"Id": "TARGET_LOAD", "Severity": "LOGGER_SEVERITY_DEFAULT"},
        {"Id": "TASK_MANAGER", "Severity": "LOGGER_SEVERITY_DEBUG"},
    ]


def test_other_components_may_log_less():
    components = TaskSettings(log_severity={"SORTER": "LOGGER_SEVERITY_ERROR"}).to_dict()["Logging"]["LogComponents"]
    assert {"Id": "SORTER", "Severity": "LOGGER_SEVERITY_ERROR"} in components


def test_overrides_deep_merge_and_log_components_merge_by_id():
    document = TaskSettings(overrides={
        "TargetMetadata": {"TaskRecoveryTableEnabled": True},
        "ChangeProcessingTuning": {"BatchApplyTimeoutMin": 2, "BatchApplyTimeoutMax": 60},
        "Logging": {"EnableLogContext": True, "LogComponents": [{"Id": "TARGET_APPLY", "Severity": "LOGGER_SEVERITY_DEBUG"}]},
    }).to_dict()
    assert document["TargetMetadata"] == {
        "SupportLobs": True, "FullLobMode": False, "LimitedSizeLobMode": True, "LobMaxSize": 32, "BatchApplyEnabled": False,
        "TaskRecoveryTableEnabled": True,
    }
    assert document["ChangeProcessingTuning"] == {"BatchApplyTimeoutMin": 2, "BatchApplyTimeoutMax": 60}
    assert document["Logging"]["EnableLogContext"] is True
    assert [c["Severity"] for c in document["Logging"]["LogComponents"]] == ["LOGGER_SEVERITY_DEFAULT", "LOGGER_SEVERITY_DEFAULT", "LOGGER_SEVERITY_DEBUG", "LOGGER_SEVERITY_DEFAULT"]


def test_a_knob_and_an_override_may_agree():
    assert TaskSettings(validation=True, overrides={"ValidationSettings": {"EnableValidation": True}}).to_dict()["ValidationSettings"] == {"EnableValidation": True}


def test_full_lob_mode_through_overrides():
    document = TaskSettings(overrides={"TargetMetadata": {"FullLobMode": True, "LimitedSizeLobMode": False, "LobChunkSize": 64}}).to_dict()
    assert document["TargetMetadata"]["FullLobMode"] is True


def test_settings_are_immutable_and_outputs_fresh():
    overrides = {"TargetMetadata": {"TaskRecoveryTableEnabled": True}}
    task_settings = TaskSettings(overrides=overrides)
    overrides["TargetMetadata"]["TaskRecoveryTableEnabled"] = False
    task_settings.to_dict()["TargetMetadata"].clear()
    assert task_settings.to_dict()["TargetMetadata"]["TaskRecoveryTableEnabled"] is True
    with pytest.raises(AttributeError):
        task_settings.batch_apply = True  # type: ignore[misc]


def test_to_json_is_deterministic_with_sorted_keys():
    text = TaskSettings(overrides={"ValidationSettings": {"ThreadCount": 8, "EnableValidation": True}}).to_json()
    assert text == json.dumps(json.loads(text), sort_keys=True)
    assert text == TaskSettings(overrides={"ValidationSettings": {"EnableValidation": True, "ThreadCount": 8}}).to_json()


# --- existing files -----------------------------------------------------------------------------

EXPORTED = {  # the shape the DMS console exports
    "TargetMetadata": {
        "TargetSchema": "", "SupportLobs": True, "FullLobMode": False, "LobChunkSize": 64, "LimitedSizeLobMode": True, "LobMaxSize": 32,
        "InlineLobMaxSize": 0, "LoadMaxFileSize": 0, "ParallelLoadThreads": 0, "ParallelLoadBufferSize": 0, "BatchApplyEnabled": False,
        "TaskRecoveryTableEnabled": False, "ParallelLoadQueuesPerThread": 0, "ParallelApplyThreads": 0, "ParallelApplyBufferSize": 0,
        "ParallelApplyQueuesPerThread": 0,
    },
    "FullLoadSettings": {
        "TargetTablePrepMode": "DO_NOTHING", "CreatePkAfterFullLoad": False, "StopTaskCachedChangesApplied": False,
        "StopTaskCachedChangesNotApplied": False, "MaxFullLoadSubTasks": 8, "TransactionConsistencyTimeout": 600, "CommitRate": 10000,
    },
    "TTSettings": {"EnableTT": False, "TTS3Settings": None, "TTRecordSettings": None},
    "Logging": {
        "EnableLogging": True, "EnableLogContext": False, "CloudWatchLogGroup": None, "CloudWatchLogStream": None,
        # The components of the DMS user guide's "Saving task settings" example, and VALIDATOR: written out, not the library's list.
        "LogComponents": [{"Id": c, "Severity": "LOGGER_SEVERITY_DEFAULT"} for c in (
            "TRANSFORMATION", "SOURCE_UNLOAD", "IO", "TARGET_LOAD", "PERFORMANCE", "SOURCE_CAPTURE", "SORTER", "REST_SERVER",
            "VALIDATOR_EXT", "TARGET_APPLY", "TASK_MANAGER", "TABLES_MANAGER", "METADATA_MANAGER", "FILE_FACTORY", "COMMON",
            "ADDONS", "DATA_STRUCTURE", "COMMUNICATION", "FILE_TRANSFER", "VALIDATOR",
        )],
    },
    "ControlTablesSettings": {
        "historyTimeslotInMinutes": 5, "HistoryTimeslotInMinutes": 5, "ControlSchema": "", "HistoryTableEnabled": False,
        "SuspendedTablesTableEnabled": False, "StatusTableEnabled": False, "FullLoadExceptionTableEnabled": False,
    },
    "StreamBufferSettings": {"StreamBufferCount": 3, "StreamBufferSizeInMB": 8, "CtrlStreamBufferSizeInMB": 5},
    "ChangeProcessingDdlHandlingPolicy": {"HandleSourceTableDropped": True, "HandleSourceTableTruncated": True, "HandleSourceTableAltered": True},
    "ErrorBehavior": {
        "DataErrorPolicy": "LOG_ERROR", "DataTruncationErrorPolicy": "LOG_ERROR", "DataMaskingErrorPolicy": "STOP_TASK",
        "DataErrorEscalationPolicy": "SUSPEND_TABLE", "DataErrorEscalationCount": 0, "TableErrorPolicy": "SUSPEND_TABLE",
        "TableErrorEscalationPolicy": "STOP_TASK", "TableErrorEscalationCount": 0, "RecoverableErrorCount": -1,
        "RecoverableErrorInterval": 5, "RecoverableErrorThrottling": True, "RecoverableErrorThrottlingMax": 1800,
        "RecoverableErrorStopRetryAfterThrottlingMax": True, "ApplyErrorDeletePolicy": "IGNORE_RECORD", "ApplyErrorInsertPolicy": "LOG_ERROR",
        "ApplyErrorUpdatePolicy": "LOG_ERROR", "ApplyErrorEscalationPolicy": "LOG_ERROR", "ApplyErrorEscalationCount": 0,
        "ApplyErrorFailOnTruncationDdl": False, "FullLoadIgnoreConflicts": True, "FailOnTransactionConsistencyBreached": False,
        "FailOnNoTablesCaptured": True, "EventErrorPolicy": "IGNORE",
    },
    "ChangeProcessingTuning": {
        "BatchApplyPreserveTransaction": True, "BatchApplyTimeoutMin": 1, "BatchApplyTimeoutMax": 30, "BatchApplyMemoryLimit": 500,
        "BatchSplitSize": 0, "MinTransactionSize": 1000, "CommitTimeout": 1, "MemoryLimitTotal": 1024, "MemoryKeepTime": 60,
        "StatementCacheSize": 50, "RecoveryTimeout": -1,
    },
    "ValidationSettings": {
        "EnableValidation": True, "ValidationMode": "ROW_LEVEL", "ThreadCount": 5, "PartitionSize": 10000, "FailureMaxCount": 10000,
        "RecordFailureDelayInMinutes": 5, "RecordSuspendDelayInMinutes": 30, "MaxKeyColumnSize": 8096, "TableFailureMaxCount": 1000,
        "ValidationOnly": False, "HandleCollationDiff": False, "RecordFailureDelayLimitInMinutes": 0, "SkipLobColumns": False,
        "ValidationPartialLobSize": 0, "ValidationQueryCdcDelaySeconds": 0,
    },
    "PostProcessingRules": None,
    "CharacterSetSettings": None,
    "LoopbackPreventionSettings": None,
    "BeforeImageSettings": None,
    "FailTaskWhenCleanTaskResourceFailed": False,
}


def test_reads_a_console_export_unchanged():
    assert TaskSettings.from_json(json.dumps(EXPORTED)).to_dict() == {**EXPORTED, "Logging": {**EXPORTED["Logging"], "LogComponents": sorted(EXPORTED["Logging"]["LogComponents"], key=lambda c: c["Id"])}}


def test_nested_sections_are_checked_too():
    document = TaskSettings.from_dict({"BeforeImageSettings": {"EnableBeforeImage": True, "FieldName": "before", "ColumnFilter": "all"}, "LoopbackPreventionSettings": {"EnableLoopbackPrevention": True, "SourceSchema": "a", "TargetSchema": "b"}}).to_dict()
    assert document["BeforeImageSettings"]["ColumnFilter"] == "all"


# --- validation support -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "source, target, supported",
    [
        ("oracle", "aurora-postgresql", True), ("sqlserver", "postgres", True), ("mysql", "mariadb", True), ("aurora", "aurora", True),
        ("db2", "redshift", True), ("Postgres", "REDSHIFT", True), ("postgres", "s3", False), ("redshift", "postgres", False),
        ("mongodb", "docdb", False), ("postgres", "kinesis", False), ("sybase", "postgres", False), ("postgres", "dynamodb", False),
    ],
)
def test_validation_supported(source, target, supported):
    assert validation_supported(source, target) is supported


@pytest.mark.parametrize("migration_type, expected", [("full-load", True), ("full-load-and-cdc", True), ("cdc", False)])
def test_validation_default_needs_a_full_load(migration_type, expected):
    assert validation_default("postgres", "aurora-postgresql", migration_type) is expected
    assert validation_default("postgres", "s3", migration_type) is False


def test_validation_default_is_off_when_the_target_consolidates_several_sources():
    assert validation_default("postgres", "aurora-postgresql", "full-load", consolidating=True) is False
    assert validation_default("postgres", "aurora-postgresql", "full-load", consolidating=False) is True


# --- one exact message per validation -----------------------------------------------------------

INVALID: list[tuple[str, dict[str, Any], str]] = [
    ("subtasks above 49", {"max_full_load_subtasks": 50}, "TaskSettings.max_full_load_subtasks: must be between 1 and 49 (got 50); choose a value in 1..49"),
    ("subtasks below 1", {"max_full_load_subtasks": 0}, "TaskSettings.max_full_load_subtasks: must be between 1 and 49 (got 0); choose a value in 1..49"),
    ("subtasks as text", {"max_full_load_subtasks": "8"}, "TaskSettings.max_full_load_subtasks: must be a whole number (got '8'); choose a value in 1..49"),
    ("commit rate", {"commit_rate": 50_001}, "TaskSettings.commit_rate: must be between 1 and 50000 (got 50001); choose a value in 1..50000"),
    ("lob size", {"lob_max_size_kb": 102_401}, "TaskSettings.lob_max_size_kb: must be between 0 and 102400 (got 102401); choose a value in 0..102400"),
    ("lob size zero in limited mode", {"lob_max_size_kb": 0}, "TaskSettings.TargetMetadata.LobMaxSize: must be above 0 with LimitedSizeLobMode (got 0); set LobMaxSize in KB, e.g. 64"),
    ("batch apply not bool", {"batch_apply": "yes"}, "TaskSettings.batch_apply: must be true or false (got 'yes'); use a JSON boolean"),
    ("validation not bool", {"validation": 1}, "TaskSettings.validation: must be true or false (got 1); use a JSON boolean"),
    ("prep mode", {"target_table_prep_mode": "TRUNCATE"}, "TaskSettings.target_table_prep_mode: is not a valid value (got 'TRUNCATE'); use one of: DO_NOTHING, DROP_AND_CREATE, TRUNCATE_BEFORE_LOAD"),
    ("log severity not a mapping", {"log_severity": ["SOURCE_CAPTURE"]}, "TaskSettings.log_severity: must be a mapping of component to severity (got ['SOURCE_CAPTURE']); use e.g. {'TASK_MANAGER': LogSeverity.DEBUG}"),
    ("unknown log component", {"log_severity": {"SOURCE_CAPTUR": "LOGGER_SEVERITY_DEBUG"}}, "TaskSettings.log_severity[0].Id: is not a DMS log component (got 'SOURCE_CAPTUR'); did you mean 'SOURCE_CAPTURE'?"),
    ("unknown severity", {"log_severity": {"TASK_MANAGER": "DEBUG"}}, "TaskSettings.log_severity[TASK_MANAGER].Severity: is not a valid value (got 'DEBUG'); use one of: LOGGER_SEVERITY_ERROR, LOGGER_SEVERITY_WARNING, LOGGER_SEVERITY_INFO, LOGGER_SEVERITY_DEFAULT, LOGGER_SEVERITY_DEBUG, LOGGER_SEVERITY_DETAILED_DEBUG"),
    ("knob lowers a required component", {"log_severity": {"SOURCE_UNLOAD": LogSeverity.INFO}}, "TaskSettings.Logging.LogComponents[SOURCE_UNLOAD].Severity: is below LOGGER_SEVERITY_DEFAULT, which AWS Security Hub DMS.8 requires for SOURCE_UNLOAD (got 'LOGGER_SEVERITY_INFO'); use LOGGER_SEVERITY_DEFAULT, LOGGER_SEVERITY_DEBUG or LOGGER_SEVERITY_DETAILED_DEBUG"),
    ("logging off", {"overrides": {"Logging": {"EnableLogging": False}}}, "TaskSettings.Logging.EnableLogging: must stay true: AWS Security Hub DMS.7 and DMS.8 require task logging (got False); remove the override"),
    ("log group set", {"overrides": {"Logging": {"CloudWatchLogGroup": "my-group"}}}, "TaskSettings.Logging.CloudWatchLogGroup: cannot be set when a task is created (got 'my-group'); remove it: DMS names the task's log group itself"),
    ("log stream set", {"overrides": {"Logging": {"CloudWatchLogStream": "s"}}}, "TaskSettings.Logging.CloudWatchLogStream: cannot be set when a task is created (got 's'); remove it: DMS names the task's log stream itself"),
    ("component listed twice", {"overrides": {"Logging": {"LogComponents": [{"Id": "IO", "Severity": "LOGGER_SEVERITY_DEFAULT"}, {"Id": "IO", "Severity": "LOGGER_SEVERITY_DEBUG"}]}}}, "TaskSettings.Logging.LogComponents[IO]: is listed twice (got 'IO'); list each component once"),
    ("malformed component", {"overrides": {"Logging": {"LogComponents": [{"Id": "IO"}]}}}, "TaskSettings.Logging.LogComponents[0]: must be an object with exactly Id and Severity (got {'Id': 'IO'}); use {'Id': 'TARGET_APPLY', 'Severity': 'LOGGER_SEVERITY_DEFAULT'}"),
    ("components not a list", {"overrides": {"Logging": {"LogComponents": {"IO": "LOGGER_SEVERITY_DEFAULT"}}}}, "TaskSettings.Logging.LogComponents: must be a list (got {'IO': 'LOGGER_SEVERITY_DEFAULT'}); use [{'Id': 'SOURCE_CAPTURE', 'Severity': 'LOGGER_SEVERITY_DEFAULT'}, ...]"),
    ("unknown section, close", {"overrides": {"TargetMetdata": {}}}, "TaskSettings.TargetMetdata: is not a DMS task setting (got {}); did you mean 'TargetMetadata'?"),
    ("unknown section, far", {"overrides": {"Other": 1}}, "TaskSettings.Other: is not a DMS task setting (got 1); use one of: TargetMetadata, FullLoadSettings, TTSettings, Logging, ControlTablesSettings, StreamBufferSettings, ChangeProcessingTuning, ChangeProcessingDdlHandlingPolicy, ValidationSettings, ErrorBehavior, CharacterSetSettings, BeforeImageSettings, LoopbackPreventionSettings, PostProcessingRules, DataResyncSettings, FailTaskWhenCleanTaskResourceFailed"),
    ("unknown key", {"overrides": {"TargetMetadata": {"LobMaxSiz": 64}}}, "TaskSettings.TargetMetadata.LobMaxSiz: is not a DMS task setting (got 64); did you mean 'LobMaxSize'?"),
    ("unknown nested key", {"overrides": {"BeforeImageSettings": {"EnableBeforeImages": True}}}, "TaskSettings.BeforeImageSettings.EnableBeforeImages: is not a DMS task setting (got True); did you mean 'EnableBeforeImage'?"),
    ("overrides not a mapping", {"overrides": [("Logging", {})]}, "TaskSettings: must be an object (got [('Logging', {})]); use a JSON object of settings"),
    ("section not an object", {"overrides": {"TargetMetadata": True}}, "TaskSettings.TargetMetadata: must be an object (got True); use a JSON object of settings"),
    ("section null", {"overrides": {"ValidationSettings": None}}, "TaskSettings.ValidationSettings: must be an object (got None); use a JSON object of settings"),
    ("bool field", {"overrides": {"ErrorBehavior": {"FailOnNoTablesCaptured": "true"}}}, "TaskSettings.ErrorBehavior.FailOnNoTablesCaptured: must be true or false (got 'true'); use a JSON boolean"),
    ("int field given a bool", {"overrides": {"FullLoadSettings": {"CommitRate": True}}}, "TaskSettings.FullLoadSettings.CommitRate: must be a whole number (got True); choose a value in 1..50000"),
    ("int field given a float", {"overrides": {"ValidationSettings": {"ThreadCount": 2.5}}}, "TaskSettings.ValidationSettings.ThreadCount: must be a whole number (got 2.5); choose a value of at least 1"),
    ("string field", {"overrides": {"TargetMetadata": {"TargetSchema": 5}}}, "TaskSettings.TargetMetadata.TargetSchema: must be a string (got 5); use a JSON string"),
    ("choice field", {"overrides": {"ErrorBehavior": {"TableErrorPolicy": "LOG_ERROR"}}}, "TaskSettings.ErrorBehavior.TableErrorPolicy: is not a valid value (got 'LOG_ERROR'); use one of: SUSPEND_TABLE, STOP_TASK"),
    ("not JSON", {"overrides": {"PostProcessingRules": {"rules": {1, 2}}}}, "TaskSettings.PostProcessingRules.rules: is not a JSON value (got {1, 2}); use strings, numbers, booleans, lists and objects"),
    ("knob conflicts with an override", {"lob_max_size_kb": 64, "overrides": {"TargetMetadata": {"LobMaxSize": 128}}}, "TaskSettings.TargetMetadata.LobMaxSize: conflicts with lob_max_size_kb=64 (got 128); set it in one place"),
    ("log severity conflicts with an override", {"log_severity": {"IO": "LOGGER_SEVERITY_DEBUG"}, "overrides": {"Logging": {"LogComponents": [{"Id": "IO", "Severity": "LOGGER_SEVERITY_INFO"}]}}}, "TaskSettings.Logging.LogComponents[IO]: conflicts with log_severity['IO']='LOGGER_SEVERITY_DEBUG' (got 'LOGGER_SEVERITY_INFO'); set it in one place"),
    ("both LOB modes", {"overrides": {"TargetMetadata": {"FullLobMode": True}}}, "TaskSettings.TargetMetadata: SupportLobs needs exactly one of FullLobMode and LimitedSizeLobMode (got {'FullLobMode': True, 'LimitedSizeLobMode': True}); set one of them to true and the other to false"),
    ("no LOB mode", {"overrides": {"TargetMetadata": {"LimitedSizeLobMode": False}}}, "TaskSettings.TargetMetadata: SupportLobs needs exactly one of FullLobMode and LimitedSizeLobMode (got {'FullLobMode': False, 'LimitedSizeLobMode': False}); set one of them to true and the other to false"),
    ("full LOB mode without chunks", {"overrides": {"TargetMetadata": {"FullLobMode": True, "LimitedSizeLobMode": False, "LobChunkSize": 0}}}, "TaskSettings.TargetMetadata.LobChunkSize: must be above 0 with FullLobMode (got 0); set LobChunkSize in KB, e.g. 64"),
    ("both stop options", {"stop_task_cached_changes_applied": True, "stop_task_cached_changes_not_applied": True}, "TaskSettings.FullLoadSettings: StopTaskCachedChangesApplied and StopTaskCachedChangesNotApplied exclude each other (got 'both true'); set at most one"),
    ("batch timeouts", {"overrides": {"ChangeProcessingTuning": {"BatchApplyTimeoutMin": 60}}}, "TaskSettings.ChangeProcessingTuning.BatchApplyTimeoutMin: exceeds BatchApplyTimeoutMax (30) (got 60); make the minimum at most the maximum"),
    ("validation only without validation", {"overrides": {"ValidationSettings": {"ValidationOnly": True}}}, "TaskSettings.ValidationSettings.ValidationOnly: needs EnableValidation true (got True); set validation=True"),
    ("before image without field name", {"overrides": {"BeforeImageSettings": {"EnableBeforeImage": True}}}, "TaskSettings.BeforeImageSettings.FieldName: is required when EnableBeforeImage is true (got None); name the JSON attribute, e.g. 'before-image'"),
]


@pytest.mark.parametrize("kwargs, message", [pytest.param(k, m, id=i) for i, k, m in INVALID])
def test_validation_message(kwargs, message):
    with pytest.raises(DmsConfigError) as error:
        TaskSettings(**kwargs)
    assert str(error.value) == message


@pytest.mark.parametrize("component, control", [
    ("SOURCE_CAPTURE", "DMS.8"), ("SOURCE_UNLOAD", "DMS.8"), ("TARGET_APPLY", "DMS.7"), ("TARGET_LOAD", "DMS.7"),
])
@pytest.mark.parametrize("severity", ["LOGGER_SEVERITY_ERROR", "LOGGER_SEVERITY_WARNING", "LOGGER_SEVERITY_INFO"])
def test_required_components_cannot_be_lowered_by_overrides(component, control, severity):
    with pytest.raises(DmsConfigError) as error:
        TaskSettings.from_dict({"Logging": {"LogComponents": [{"Id": component, "Severity": severity}]}})
    assert str(error.value) == (
        f"TaskSettings.Logging.LogComponents[{component}].Severity: is below LOGGER_SEVERITY_DEFAULT, which AWS Security Hub "
        f"{control} requires for {component} (got {severity!r}); use LOGGER_SEVERITY_DEFAULT, LOGGER_SEVERITY_DEBUG or LOGGER_SEVERITY_DETAILED_DEBUG"
    )


# The range of every numeric setting: tests/test_task_settings_ranges.py (written out).


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: TaskSettings.from_json("{"), "TaskSettings.from_json: is not valid JSON (got 'Expecting property name enclosed in double quotes: line 1 column 2 (char 1)'); fix the JSON syntax"),
        (lambda: TaskSettings.from_json(42), "TaskSettings.from_json: expects JSON text (got 'int'); pass the file's contents"),
        (lambda: TaskSettings.from_json("[]"), "TaskSettings.from_dict: expects a settings document (a JSON object) (got 'list'); pass e.g. {'TargetMetadata': {...}, 'Logging': {...}}"),
        (lambda: validation_supported("postgres", None), "validation_supported target_engine: is not an engine name (got None); pass a DMS EngineName such as 'postgres'"),
        (lambda: validation_default("postgres", "postgres", "full"), "validation_default migration_type: is not a DMS migration type (got 'full'); use one of: full-load, full-load-and-cdc, cdc"),
    ],
)
def test_reading_and_helper_messages(call, message):
    with pytest.raises(DmsConfigError) as error:
        call()
    assert str(error.value) == message


# --- properties ---------------------------------------------------------------------------------


def _setting_values(spec: Any) -> st.SearchStrategy[Any]:
    """Values a setting accepts on its own (out-of-range and wrong-type values: test_property_strategies.py)."""
    if isinstance(spec, _Int):
        # From 1: a zero LobMaxSize or LobChunkSize is refused by a cross-check in the LOB mode that uses it.
        return st.integers(max(spec.low, 1), spec.high if spec.high is not None else spec.low + 100)
    kind = type(spec).__name__
    if kind == "_Choice":
        return st.sampled_from(spec.values)
    if kind == "_Bool":
        return st.booleans()
    if kind == "_Str":
        return st.sampled_from(["", "x", "dms_control"])
    if kind == "_Null":
        return st.none()
    return st.none() | st.booleans() | st.integers(-1, 3) | st.sampled_from(["", "x"])  # free-form JSON


#: Settings that only combine validly with others (LOB modes, stop options, batch timeouts, validation-only,
#: before images, logging that must stay on and log groups DMS names) or that a knob below also sets: each
#: has its explicit message test in INVALID, so the round trip draws the settings that stand alone.
_ENTANGLED = {
    "SupportLobs", "FullLobMode", "LimitedSizeLobMode", "LobChunkSize", "LobMaxSize", "BatchApplyEnabled",
    "StopTaskCachedChangesApplied", "StopTaskCachedChangesNotApplied", "TargetTablePrepMode", "MaxFullLoadSubTasks",
    "CommitRate", "BatchApplyTimeoutMin", "BatchApplyTimeoutMax", "EnableValidation", "ValidationOnly",
    "EnableBeforeImage", "EnableLogging", "CloudWatchLogGroup", "CloudWatchLogStream", "LogComponents",
}
SETTINGS = st.sampled_from([(s, k, spec) for s, body in SCHEMA.fields.items() if hasattr(body, "fields") for k, spec in body.fields.items() if k not in _ENTANGLED])
_HIGH = [LogSeverity.DEFAULT.value, LogSeverity.DEBUG.value, LogSeverity.DETAILED_DEBUG.value]


@st.composite
def overrides(draw: st.DrawFn) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for section, key, spec in draw(st.lists(SETTINGS, max_size=6)):
        out.setdefault(section, {})[key] = draw(_setting_values(spec))
    if draw(st.booleans()):  # required components at DEFAULT or above; the knob below sets the others
        out.setdefault("Logging", {})["LogComponents"] = [{"Id": c, "Severity": draw(st.sampled_from(_HIGH))} for c in draw(st.sets(st.sampled_from(sorted(REQUIRED_LOG_COMPONENTS)), max_size=3))]
    return out


KNOBS = st.fixed_dictionaries({}, optional={
    "lob_max_size_kb": st.integers(1, 102_400),
    "batch_apply": st.booleans(),
    "target_table_prep_mode": st.sampled_from([*TargetTablePrepMode]),
    "max_full_load_subtasks": st.integers(1, 49),
    "commit_rate": st.integers(1, 50_000),
    "stop_task_cached_changes_applied": st.booleans(),
    "validation": st.booleans(),
    "log_severity": st.dictionaries(st.sampled_from([c for c in LOG_COMPONENTS if c not in REQUIRED_LOG_COMPONENTS]), st.sampled_from([*LogSeverity]), max_size=3),
})


@given(KNOBS, overrides())
def test_any_settings_round_trip_or_fail_cleanly(knobs, extra):
    try:
        task_settings = TaskSettings(**knobs, overrides=extra)
    except DmsConfigError:
        return
    text = task_settings.to_json()
    assert TaskSettings.from_json(text).to_json() == text
    assert TaskSettings.from_dict(task_settings.to_dict()).to_dict() == task_settings.to_dict()
    document = task_settings.to_dict()
    assert document["Logging"]["EnableLogging"] is True
    severities = {c["Id"]: c["Severity"] for c in document["Logging"]["LogComponents"]}
    assert all(LogSeverity(severities[c]) in (LogSeverity.DEFAULT, LogSeverity.DEBUG, LogSeverity.DETAILED_DEBUG) for c in REQUIRED_LOG_COMPONENTS)
