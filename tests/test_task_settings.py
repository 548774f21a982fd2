"""Task settings: secure defaults, overrides, and validation messages."""

from __future__ import annotations

import json

import pytest

from dms_constructs.errors import DmsConfigError
from dms_constructs.task_settings import TargetTablePrepMode, TaskSettings, validation_supported

REQUIRED = {"SOURCE_CAPTURE", "SOURCE_UNLOAD", "TARGET_APPLY", "TARGET_LOAD"}


def test_defaults_meet_the_logging_controls_and_catch_empty_mappings():
    doc = TaskSettings().to_dict()
    assert doc["Logging"]["EnableLogging"] is True
    components = {c["Id"]: c["Severity"] for c in doc["Logging"]["LogComponents"]}
    assert components == {c: "LOGGER_SEVERITY_DEFAULT" for c in REQUIRED}
    assert doc["ErrorBehavior"]["FailOnNoTablesCaptured"] is True
    assert doc["ErrorBehavior"]["RecoverableErrorCount"] == -1
    assert doc["TargetMetadata"] == {"SupportLobs": True, "FullLobMode": False, "LimitedSizeLobMode": True, "LobMaxSize": 32, "BatchApplyEnabled": False}
    assert doc["FullLoadSettings"]["TargetTablePrepMode"] == "DO_NOTHING"
    assert doc["FullLoadSettings"]["MaxFullLoadSubTasks"] == 8
    assert doc["ValidationSettings"]["EnableValidation"] is True


def test_typed_knobs_and_raising_severity():
    doc = TaskSettings(
        validation=False,
        target_table_prep_mode=TargetTablePrepMode.TRUNCATE_BEFORE_LOAD,
        lob_max_size_kb=64,
        full_load_parallelism=16,
        batch_apply=True,
        log_severity={"TARGET_APPLY": "LOGGER_SEVERITY_DEBUG", "TASK_MANAGER": "LOGGER_SEVERITY_INFO"},
    ).to_dict()
    assert doc["ValidationSettings"]["EnableValidation"] is False
    assert doc["FullLoadSettings"]["TargetTablePrepMode"] == "TRUNCATE_BEFORE_LOAD"
    assert doc["TargetMetadata"]["LobMaxSize"] == 64 and doc["TargetMetadata"]["BatchApplyEnabled"] is True
    components = {c["Id"]: c["Severity"] for c in doc["Logging"]["LogComponents"]}
    assert components["TARGET_APPLY"] == "LOGGER_SEVERITY_DEBUG" and components["TASK_MANAGER"] == "LOGGER_SEVERITY_INFO"


def test_overrides_deep_merge_and_log_components_merge_by_id():
    doc = TaskSettings(overrides={"ChangeProcessingTuning": {"BatchApplyTimeoutMin": 5}, "Logging": {"LogComponents": [{"Id": "SOURCE_CAPTURE", "Severity": "LOGGER_SEVERITY_DEBUG"}]}}).to_dict()
    assert doc["ChangeProcessingTuning"] == {"BatchApplyTimeoutMin": 5}
    components = {c["Id"]: c["Severity"] for c in doc["Logging"]["LogComponents"]}
    assert components["SOURCE_CAPTURE"] == "LOGGER_SEVERITY_DEBUG" and components["TARGET_LOAD"] == "LOGGER_SEVERITY_DEFAULT"
    assert doc["TargetMetadata"]["LobMaxSize"] == 32


def test_json_is_deterministic_and_from_json_round_trips():
    text = TaskSettings(full_load_parallelism=4).to_json()
    assert text == TaskSettings(full_load_parallelism=4).to_json()
    assert json.loads(TaskSettings.from_json(text).to_json()) == json.loads(text)


def test_validation_support_per_engine_pair():
    assert validation_supported("mysql", "aurora")
    assert validation_supported("oracle", "aurora-postgresql")
    assert validation_supported("postgres", "redshift")
    assert not validation_supported("mysql", "s3")


@pytest.mark.parametrize(
    "kwargs, message",
    [
        (dict(log_severity={"TARGET_APPLY": "LOGGER_SEVERITY_ERROR"}), "TaskSettings.log_severity[TARGET_APPLY]: lowers TARGET_APPLY logging below LOGGER_SEVERITY_DEFAULT, which Security Hub controls DMS.7/DMS.8 require (got 'LOGGER_SEVERITY_ERROR'); use LOGGER_SEVERITY_DEFAULT or a more detailed severity"),
        (dict(log_severity={"TARGET_APLY": "LOGGER_SEVERITY_DEFAULT"}), "TaskSettings.log_severity: is not a DMS log component (got 'TARGET_APLY'); did you mean 'TARGET_APPLY'?"),
        (dict(log_severity={"TARGET_LOAD": "LOUD"}), "TaskSettings.log_severity[TARGET_LOAD]: is not a DMS log severity (got 'LOUD'); use one of: LOGGER_SEVERITY_DEBUG, LOGGER_SEVERITY_DEFAULT, LOGGER_SEVERITY_DETAILED_DEBUG, LOGGER_SEVERITY_ERROR, LOGGER_SEVERITY_INFO, LOGGER_SEVERITY_WARNING"),
        (dict(full_load_parallelism=50), "TaskSettings.full_load_parallelism: must be between 1 and 49 (got 50); use a value in 1..49"),
        (dict(lob_max_size_kb=0), "TaskSettings.lob_max_size_kb: must be between 1 and 102400 (got 0); use a value in 1..102400"),
        (dict(commit_rate="fast"), "TaskSettings.commit_rate: must be a whole number (got 'fast'); use a value in 1..50000"),
        (dict(target_table_prep_mode="DROP"), "TaskSettings.target_table_prep_mode: is not a target table preparation mode (got 'DROP'); use one of: DO_NOTHING, DROP_AND_CREATE, TRUNCATE_BEFORE_LOAD"),
        (dict(overrides={"TargetMetdata": {}}), "TaskSettings.overrides: is not a DMS task settings section (got 'TargetMetdata'); did you mean 'TargetMetadata'?"),
        (dict(overrides={"ErrorBehavior": {"FailOnNoTableCaptured": False}}), "TaskSettings.overrides.ErrorBehavior: is not a DMS setting of this section (got 'FailOnNoTableCaptured'); did you mean 'FailOnNoTablesCaptured'?"),
        (dict(overrides={"Logging": {"EnableLogging": False}}), "task settings Logging.EnableLogging: turns task logging off, which Security Hub controls DMS.7/DMS.8 require (got False); keep EnableLogging true"),
        (dict(overrides={"Logging": {"LogComponents": [{"Id": "SOURCE_UNLOAD", "Severity": "LOGGER_SEVERITY_WARNING"}]}}), "task settings Logging.LogComponents[SOURCE_UNLOAD]: lowers SOURCE_UNLOAD logging below LOGGER_SEVERITY_DEFAULT, which Security Hub controls DMS.7/DMS.8 require (got 'LOGGER_SEVERITY_WARNING'); use LOGGER_SEVERITY_DEFAULT or a more detailed severity"),
        (dict(overrides={"FullLoadSettings": {"MaxFullLoadSubTasks": 100}}), "task settings FullLoadSettings.MaxFullLoadSubTasks: must be between 1 and 49 (got 100); use a value in 1..49"),
    ],
)
def test_validation_messages(kwargs, message):
    with pytest.raises(DmsConfigError) as err:
        TaskSettings(**kwargs)
    assert str(err.value) == message


def test_from_json_refuses_bad_json():
    with pytest.raises(DmsConfigError) as err:
        TaskSettings.from_json("[")
    assert str(err.value).startswith("task settings: is not valid JSON")
