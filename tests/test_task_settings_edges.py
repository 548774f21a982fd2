"""Edges of TaskSettings that mutation testing (`make mutate`) found unguarded: each test says which
one-line change in the library it catches."""

from __future__ import annotations

import json

import pytest

from dms_constructs.errors import DmsConfigError
from dms_constructs.task_settings import TaskSettings, validation_supported

SECURE_DEFAULTS = {
    "ErrorBehavior": {"FailOnNoTablesCaptured": True, "RecoverableErrorCount": -1, "RecoverableErrorInterval": 5, "RecoverableErrorThrottling": True, "RecoverableErrorThrottlingMax": 1800},
    "FullLoadSettings": {"CommitRate": 10000, "MaxFullLoadSubTasks": 8, "StopTaskCachedChangesApplied": False, "StopTaskCachedChangesNotApplied": False, "TargetTablePrepMode": "DO_NOTHING"},
    "Logging": {"EnableLogging": True, "LogComponents": [
        {"Id": "SOURCE_CAPTURE", "Severity": "LOGGER_SEVERITY_DEFAULT"}, {"Id": "SOURCE_UNLOAD", "Severity": "LOGGER_SEVERITY_DEFAULT"},
        {"Id": "TARGET_APPLY", "Severity": "LOGGER_SEVERITY_DEFAULT"}, {"Id": "TARGET_LOAD", "Severity": "LOGGER_SEVERITY_DEFAULT"},
    ]},
    "TargetMetadata": {"BatchApplyEnabled": False, "FullLobMode": False, "LimitedSizeLobMode": True, "LobMaxSize": 32, "SupportLobs": True},
    "ValidationSettings": {"EnableValidation": False},
}


def test_to_json_writes_the_document_with_sorted_keys():
    """Catches to_json writing anything but the settings (e.g. `null`), or unsorted keys."""
    text = TaskSettings().to_json()
    assert json.loads(text) == SECURE_DEFAULTS
    assert text.startswith('{"ErrorBehavior": {"FailOnNoTablesCaptured": true, "RecoverableErrorCount": -1,')


@pytest.mark.parametrize(
    "source, target, message",
    [
        (5, "postgres", "validation_supported source_engine: is not an engine name (got 5); pass a DMS EngineName such as 'postgres'"),
        ("postgres", ["s3"], "validation_supported target_engine: is not an engine name (got ['s3']); pass a DMS EngineName such as 'postgres'"),
    ],
)
def test_validation_supported_names_the_argument_that_is_not_an_engine(source, target, message):
    """Catches a wrong argument name, or the value left out, in the message."""
    with pytest.raises(DmsConfigError) as error:
        validation_supported(source, target)
    assert str(error.value) == message


@pytest.mark.parametrize(
    "rules, message",
    [
        ({1: "x"}, "TaskSettings.PostProcessingRules.rules: has a key that is not a string (got 1); use string keys"),
        (["a", {"b": [1, {3, 4}]}], "TaskSettings.PostProcessingRules.rules[1].b[1]: is not a JSON value (got {3, 4}); use strings, numbers, booleans, lists and objects"),
    ],
)
def test_free_form_sections_are_checked_to_the_leaves(rules, message):
    """Catches the non-string-key message changed, or list items not checked (or checked under another name)."""
    with pytest.raises(DmsConfigError) as error:
        TaskSettings(overrides={"PostProcessingRules": {"rules": rules}})
    assert str(error.value) == message


def test_free_form_sections_pass_json_through():
    rules = {"rules": [{"rule-type": "x", "values": [1, 2.5, None, True, "s"]}]}
    assert TaskSettings(overrides={"PostProcessingRules": rules}).to_dict()["PostProcessingRules"] == rules


def test_a_close_typo_in_a_choice_gets_a_suggestion():
    """Catches the suggestion computed from something other than the value given."""
    with pytest.raises(DmsConfigError) as error:
        TaskSettings(overrides={"ErrorBehavior": {"TableErrorPolicy": "STOP_TASKS"}})
    assert str(error.value) == "TaskSettings.ErrorBehavior.TableErrorPolicy: is not a valid value (got 'STOP_TASKS'); did you mean 'STOP_TASK'?"


def test_overrides_are_copied_deeply_both_ways():
    """Catches shallow copies: the caller's nested values, or the module's defaults, changed afterwards."""
    rules = {"rules": [{"rule-type": "x"}]}
    task_settings = TaskSettings(overrides={"PostProcessingRules": rules, "TargetMetadata": {"TaskRecoveryTableEnabled": True}})
    rules["rules"].append({"rule-type": "y"})
    rules["rules"][0]["rule-type"] = "changed"
    assert task_settings.to_dict()["PostProcessingRules"] == {"rules": [{"rule-type": "x"}]}
    assert "TaskRecoveryTableEnabled" not in TaskSettings().to_dict()["TargetMetadata"]


def test_without_lobs_no_lob_mode_is_needed():
    """Catches SupportLobs read under another key (the LOB-mode check would then apply)."""
    document = TaskSettings.from_dict({"TargetMetadata": {"SupportLobs": False, "LimitedSizeLobMode": False}}).to_dict()
    assert (document["TargetMetadata"]["SupportLobs"], document["TargetMetadata"]["LimitedSizeLobMode"]) == (False, False)


def test_lobs_are_supported_unless_a_document_says_otherwise():
    """A document without SupportLobs (the defaults' true applies) still needs one LOB mode."""
    with pytest.raises(DmsConfigError) as error:
        TaskSettings.from_dict({"TargetMetadata": {"FullLobMode": False, "LimitedSizeLobMode": False}})
    assert str(error.value) == (
        "TaskSettings.TargetMetadata: SupportLobs needs exactly one of FullLobMode and LimitedSizeLobMode "
        "(got {'FullLobMode': False, 'LimitedSizeLobMode': False}); set one of them to true and the other to false"
    )


def test_cross_checks_read_the_settings_they_name():
    """Catches BatchApplyTimeoutMax or EnableValidation read under another key (their defaults would then
    refuse these valid documents)."""
    tuning = TaskSettings(overrides={"ChangeProcessingTuning": {"BatchApplyTimeoutMin": 40, "BatchApplyTimeoutMax": 60}}).to_dict()
    assert tuning["ChangeProcessingTuning"] == {"BatchApplyTimeoutMin": 40, "BatchApplyTimeoutMax": 60}
    validation = TaskSettings(validation=True, overrides={"ValidationSettings": {"ValidationOnly": True}}).to_dict()
    assert validation["ValidationSettings"] == {"EnableValidation": True, "ValidationOnly": True}


def test_an_empty_before_image_field_name_is_named_in_the_message():
    """Catches the message reporting another value than the FieldName given."""
    with pytest.raises(DmsConfigError) as error:
        TaskSettings(overrides={"BeforeImageSettings": {"EnableBeforeImage": True, "FieldName": ""}})
    assert str(error.value) == (
        "TaskSettings.BeforeImageSettings.FieldName: is required when EnableBeforeImage is true (got ''); "
        "name the JSON attribute, e.g. 'before-image'"
    )
