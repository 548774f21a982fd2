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
