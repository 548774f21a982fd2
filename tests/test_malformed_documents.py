"""Malformed table-mapping and task-settings documents fail with DmsConfigError naming the field, never
with TypeError, KeyError, AttributeError, RecursionError or a bare ValueError.

The property tests mutate valid documents (most inputs stay near-valid, so they reach deep into the
parsers) and also feed arbitrary JSON-like structures, including values JSON cannot hold (NaN, bytes,
tuples, non-string keys) that a Python caller can still pass to `from_dict`. They run derandomized (the
`deterministic` profile in conftest.py)."""

from __future__ import annotations

import copy
import json
import math
import os
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dms_constructs.errors import DmsConfigError
from dms_constructs.table_mappings import TableMappings
from dms_constructs.task_settings import TaskSettings

from .conftest import HYPOTHESIS_PROFILE_VARIABLE

# One rule of every kind the parser reads, with every nested object it knows.
MAPPINGS: dict[str, Any] = {"rules": [
    {"rule-type": "selection", "rule-id": "1", "rule-name": "customers", "rule-action": "include", "load-order": 2,
     "object-locator": {"schema-name": "dmslab", "table-name": "customers", "table-type": "table"},
     "filters": [{"filter-type": "source", "column-name": "id",
                  "filter-conditions": [{"filter-operator": "between", "start-value": "1", "end-value": "9"}]}]},
    {"rule-type": "selection", "rule-id": "2", "rule-action": "exclude", "object-locator": {"schema-name": "dmslab", "table-name": "tmp_%"}},
    {"rule-type": "transformation", "rule-id": "3", "rule-action": "rename", "rule-target": "table",
     "object-locator": {"schema-name": "dmslab", "table-name": "customers"}, "value": "clients"},
    {"rule-type": "transformation", "rule-id": "4", "rule-action": "add-column", "rule-target": "column",
     "object-locator": {"schema-name": "dmslab", "table-name": "customers"}, "value": "origin",
     "expression": "'lab'", "data-type": {"type": "string", "length": 8}},
    {"rule-type": "transformation", "rule-id": "5", "rule-action": "define-primary-key", "rule-target": "table",
     "object-locator": {"schema-name": "dmslab", "table-name": "customers"},
     "primary-key-def": {"name": "pk", "origin": "primary-key", "columns": ["id"]}},
    {"rule-type": "transformation", "rule-id": "6", "rule-action": "add-before-image-columns", "rule-target": "column",
     "object-locator": {"schema-name": "dmslab", "table-name": "customers"},
     "before-image-def": {"column-prefix": "BI_", "column-filter": "pk-only"}},
    {"rule-type": "table-settings", "rule-id": "7", "object-locator": {"schema-name": "dmslab", "table-name": "customers"},
     "parallel-load": {"type": "ranges", "columns": ["id"], "boundaries": [["100"], ["200"]]},
     "lob-settings": {"mode": "limited", "bulk-max-size": "64"}},
]}
SETTINGS: dict[str, Any] = TaskSettings(
    overrides={"ErrorBehavior": {"DataErrorPolicy": "LOG_ERROR"}, "BeforeImageSettings": {"EnableBeforeImage": True, "FieldName": "bi"},
               "TTSettings": {"EnableTT": False, "TTS3Settings": {"EncryptionMode": "SSE_KMS"}}},
).to_dict()

# Leaves a document may hold by mistake: JSON values, and what only a Python caller can pass.
ODD_LEAVES = st.sampled_from([
    None, True, False, 0, 1, -1, 2**63, 1.5, math.nan, math.inf, -0.0, "", " ", "x", "%", "1", "include",
    "column", "ranges", "string", "LOGGER_SEVERITY_DEBUG", "\x00", b"bytes", ("tuple",), frozenset(),
])
JSON_LIKE = st.recursive(
    ODD_LEAVES,
    lambda inner: st.lists(inner, max_size=3)
    | st.dictionaries(st.sampled_from(["type", "value", "schema-name", "rule-action", "Id", "x", 1, None]), inner, max_size=3),
    max_leaves=8,
)


def _containers(node: Any) -> list[Any]:
    """Every dict and list in `node`, outermost first."""
    found = [node] if isinstance(node, (dict, list)) else []
    children = node.values() if isinstance(node, dict) else node if isinstance(node, list) else []
    for child in children:
        found += _containers(child)
    return found


@st.composite
def mutated(draw: st.DrawFn, valid: dict[str, Any]) -> Any:
    """`valid` with one to four edits: a key dropped, a value replaced (by an odd value or another part of
    the document), an item appended or removed, or an unknown key added."""
    document: Any = copy.deepcopy(valid)
    for _ in range(draw(st.integers(1, 4))):
        containers = _containers(document)
        if not containers:
            break
        container = draw(st.sampled_from(containers))
        replacement = draw(JSON_LIKE | st.sampled_from([copy.deepcopy(c) for c in containers[:6]]))
        if isinstance(container, dict):
            key = draw(st.sampled_from(sorted(container, key=str) + ["bogus", 7]))
            if draw(st.booleans()):
                container.pop(key, None)
            else:
                container[key] = replacement
        elif container and draw(st.booleans()):
            container[draw(st.integers(0, len(container) - 1))] = replacement
        elif container and draw(st.booleans()):
            container.pop()
        else:
            container.append(replacement)
    return document


def assert_only_dms_config_errors(parse: Any, document: Any) -> None:
    """Parse and render `document`: either it renders as a JSON object, or it fails with a DmsConfigError
    that names a field; any other exception fails the test."""
    try:
        rendered = parse(document)
    except DmsConfigError as error:
        assert str(error).split(":")[0].strip(), error
    else:
        assert isinstance(json.loads(rendered), dict), rendered


@given(mutated(MAPPINGS))
def test_a_mutated_mapping_document_fails_only_with_dms_config_error(document):
    assert_only_dms_config_errors(lambda d: TableMappings.from_dict(d).to_json(), document)


@given(JSON_LIKE)
def test_any_json_like_value_as_a_mapping_document_fails_only_with_dms_config_error(document):
    assert_only_dms_config_errors(lambda d: TableMappings.from_dict(d).to_json(), document)
    assert_only_dms_config_errors(lambda d: TableMappings.from_dict({"rules": [d]}).to_json(), document)


@given(mutated(SETTINGS))
def test_a_mutated_settings_document_fails_only_with_dms_config_error(document):
    assert_only_dms_config_errors(lambda d: TaskSettings.from_dict(d).to_json(), document)


@given(JSON_LIKE)
def test_any_json_like_value_as_a_settings_document_fails_only_with_dms_config_error(document):
    assert_only_dms_config_errors(lambda d: TaskSettings.from_dict(d).to_json(), document)
    assert_only_dms_config_errors(lambda d: TaskSettings.from_dict({"TargetMetadata": d}).to_json(), document)


@given(st.text(max_size=40) | st.binary(max_size=20))
def test_any_text_as_a_mapping_or_settings_file_fails_only_with_dms_config_error(text):
    assert_only_dms_config_errors(lambda t: TableMappings.from_json(t).to_json(), text)
    assert_only_dms_config_errors(lambda t: TaskSettings.from_json(t).to_json(), text)


def test_the_valid_documents_the_properties_mutate_are_valid():
    # Otherwise every mutation would fail for the same reason and the properties would test nothing.
    assert len(TableMappings.from_dict(MAPPINGS).rules) == 7
    assert TaskSettings.from_dict(SETTINGS).to_dict()["ErrorBehavior"]["DataErrorPolicy"] == "LOG_ERROR"


# --- the failures the properties found, pinned with their messages ----------------------------------

_INCLUDE = {"rule-type": "selection", "rule-action": "include", "object-locator": {"schema-name": "s", "table-name": "t"}}


def _deep(levels: int) -> list[Any]:
    outer: list[Any] = []
    inner = outer
    for _ in range(levels):
        inner.append([])
        inner = inner[0]
    return outer


@pytest.mark.parametrize("action, message", [
    ({}, "table_mappings rule '{}-table-s-t': unknown rule-action {}; use one of: rename, add-prefix,"),
    ({"a": 1}, """table_mappings rule "{'a': 1}-table-s-t": unknown rule-action {'a': 1}; use one of: rename, add-prefix,"""),
])
def test_a_transformation_with_an_object_as_action_names_the_rule_action(action, message):
    # Was: TypeError (unhashable type: 'dict') while deriving the rule's name.
    rule = {"rule-type": "transformation", "rule-action": action, "rule-target": "table", "object-locator": {"schema-name": "s", "table-name": "t"}}
    with pytest.raises(DmsConfigError) as error:
        TableMappings.from_dict({"rules": [_INCLUDE, rule]})
    assert str(error.value).startswith(message)


def test_a_builder_transformation_with_an_object_as_action_names_the_rule_action():
    with pytest.raises(DmsConfigError, match=r"^table_mappings rule '\{\}-table-s-t': unknown rule-action \{\}; use one of: rename,"):
        TableMappings().include("s").transform({}, "table", "s", "t")  # type: ignore[arg-type]


# A mapping document nested without end: test_table_mappings_rules.py::test_a_mapping_document_nested_without_end_is_refused
# (in the table_mappings mutation selection).


def test_a_settings_document_nested_without_end_is_refused_not_a_recursion_error():
    with pytest.raises(DmsConfigError) as error:
        TaskSettings.from_dict({"PostProcessingRules": _deep(3000)})
    assert str(error.value) == (
        "TaskSettings.overrides: is nested too deeply to be a DMS task settings document (got '<nested too deeply>'); "
        "check the file: DMS settings nest a few levels at most"
    )


@pytest.mark.parametrize("load", [lambda: TaskSettings.from_dict(None), lambda: TaskSettings.from_json("null"), lambda: TaskSettings.from_json("[1]")])
def test_a_settings_file_that_is_not_an_object_is_refused_rather_than_read_as_no_settings(load):
    # Was: `null` gave the default settings, silently.
    with pytest.raises(DmsConfigError, match=r"^TaskSettings.from_dict: expects a settings document \(a JSON object\) \(got '(NoneType|list)'\); pass e.g."):
        load()


def test_a_nan_in_a_pass_through_setting_is_refused_because_json_cannot_carry_it():
    with pytest.raises(DmsConfigError) as error:
        TaskSettings.from_dict({"TTSettings": {"TTS3Settings": {"BufferSize": math.nan}}})
    assert str(error.value) == "TaskSettings.TTSettings.TTS3Settings.BufferSize: is not a JSON number (JSON has no NaN or infinity) (got nan); use a finite number"
    assert json.loads(TaskSettings.from_dict({"TTSettings": {"TTS3Settings": {"BufferSize": 1.5}}}).to_json())["TTSettings"]["TTS3Settings"] == {"BufferSize": 1.5}


def test_property_tests_run_derandomized_unless_exploration_is_asked_for():
    # `make test` and CI set nothing: the derandomized profile is the default, so a failure reproduces.
    if os.environ.get(HYPOTHESIS_PROFILE_VARIABLE, "deterministic") == "deterministic":
        assert settings.default.derandomize is True and settings.default.database is None
    deterministic = settings.get_profile("deterministic")
    assert (deterministic.derandomize, deterministic.max_examples) == (True, 300)
    assert settings.get_profile("explore").derandomize is False
