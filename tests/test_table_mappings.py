"""Table mappings: builder output, validation messages, round trips (property-based) and purity."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dms_constructs.errors import DmsConfigError
from dms_constructs.table_mappings import DataType, FilterCondition, SourceFilter, TableMappings


def test_builder_assigns_stable_ids_and_names():
    doc = TableMappings().include("dmslab", "%").exclude("dmslab", "audit_%").rename_schema("dmslab", "sales").to_dict()
    assert [r["rule-id"] for r in doc["rules"]] == ["1", "2", "3"]
    assert [r["rule-name"] for r in doc["rules"]] == ["include-dmslab-%", "exclude-dmslab-audit_%", "rename-schema-dmslab"]
    assert doc["rules"][2] == {
        "rule-id": "3",
        "rule-type": "transformation",
        "rule-name": "rename-schema-dmslab",
        "rule-target": "schema",
        "object-locator": {"schema-name": "dmslab"},
        "rule-action": "rename",
        "value": "sales",
    }


def test_filters_columns_and_table_settings_render_as_dms_expects():
    m = (
        TableMappings()
        .include("sales", "orders", filters=[SourceFilter("created", [FilterCondition("between", start="2020-01-01", end="2024-01-01")])], load_order=2)
        .add_column("sales", "orders", "migrated_at", expression="datetime()", data_type=DataType("datetime"))
        .change_data_type("sales", "orders", "note", DataType("string", length=200))
        .parallel_load("sales", "orders", "ranges", columns=["id"], boundaries=[["1000"], ["2000"]])
        .lob_settings("sales", "orders", "limited", bulk_max_size_kb=64)
    )
    rules = m.to_dict()["rules"]
    assert rules[0]["filters"] == [{"filter-type": "source", "column-name": "created", "filter-conditions": [{"filter-operator": "between", "start": "2020-01-01", "end": "2024-01-01"}]}]
    assert rules[0]["load-order"] == 2
    assert rules[1]["data-type"] == {"type": "datetime"} and rules[1]["value"] == "migrated_at"
    assert rules[3]["parallel-load"] == {"type": "ranges", "columns": ["id"], "boundaries": [["1000"], ["2000"]]}
    assert rules[4]["lob-settings"] == {"mode": "limited", "bulk-max-size": 64}


def test_existing_files_load_and_round_trip():
    document = {"rules": [{"rule-type": "selection", "rule-id": "1", "rule-name": "1", "object-locator": {"schema-name": "HR", "table-name": "%"}, "rule-action": "include"}]}
    m = TableMappings.from_json(json.dumps(document))
    assert m.to_dict() == document


def test_json_is_deterministic():
    build = lambda: TableMappings().include("a", "%").rename_table("a", "t", "u").to_json()  # noqa: E731
    assert build() == build()


@pytest.mark.parametrize(
    "build, message",
    [
        (lambda: TableMappings().exclude("a").to_dict(), "table_mappings: selects no table (no include or explicit rule) (got ['exclude-a-%']); add a selection rule, e.g. TableMappings().include('my_schema', '%')"),
        (lambda: TableMappings().include("a").include("a"), "table_mappings rule 'include-a-%': duplicates another rule's name (got 'include-a-%'); give every rule its own name (name=...)"),
        (lambda: TableMappings().include("a").rename_schema("b", "c").to_dict(), "table_mappings rule 'rename-schema-b': matches nothing that the selection rules include (got 'b.%'); fix the object-locator or include the table"),
        (lambda: TableMappings().explicit("a", "t%"), "table_mappings rule 'explicit-a-t%': uses a wildcard in an explicit rule (got 'a.t%'); name one schema and table, or use include"),
        (lambda: TableMappings().include("a").transform("view", "rename", schema="a", value="b"), "table_mappings rule 'rename-view-a': has an unknown rule-target (got 'view'); use one of: schema, table, column"),
        (lambda: TableMappings().include("a").transform("schema", "remove-column", schema="a"), "table_mappings rule 'remove-column-schema-a': has a rule-action that does not apply to a schema (got 'remove-column'); use one of: rename, convert-lowercase, convert-uppercase, add-prefix, remove-prefix, replace-prefix, add-suffix, remove-suffix, replace-suffix"),
        (lambda: TableMappings().include("a").transform("schema", "rename", schema="a"), "table_mappings rule 'rename-schema-a': needs 'value' (got 'rename'); add 'value' to the rule"),
        (lambda: TableMappings().include("a").transform("column", "rename", schema="a", table="t", value="x"), "table_mappings rule 'rename-column-a-t': has no column-name in the object-locator of a column rule (got {'schema-name': 'a', 'table-name': 't'}); add 'column-name'"),
        (lambda: TableMappings().include("a", "t").change_data_type("a", "t", "c", DataType("varchar")), "table_mappings rule 'change-data-type-column-a-t-c': has an unknown data type (got 'varchar'); use one of: boolean, bytes, date, time, datetime, int1, int2, int4, int8, numeric, real4, real8, string, uint1, uint2, uint4, uint8, wstring, blob, nclob, clob"),
        (lambda: TableMappings().include("a", "t").change_data_type("a", "t", "c", DataType("string")), "table_mappings rule 'change-data-type-column-a-t-c': has a string without a positive length (got {'type': 'string'}); add length, e.g. DataType('string', length=50)"),
        (lambda: TableMappings().include("a", filters=[SourceFilter("c", [FilterCondition("eq")])]), "table_mappings rule 'include-a-%': has a 'eq' condition with the wrong fields (got {'filter-operator': 'eq'}); give it value"),
        (lambda: TableMappings().include("a", filters=[SourceFilter("c", [FilterCondition("like", value="x")])]), "table_mappings rule 'include-a-%': has an unknown filter-operator (got 'like'); use one of: ste, gte, eq, noteq, between, notbetween, null, notnull"),
        (lambda: TableMappings().include("a", "t").parallel_load("a", "t", "partitions-list"), "table_mappings rule 'parallel-load-a-t': lists no partitions (got 'partitions-list'); add partitions=[...]"),
        (lambda: TableMappings().include("a", "t").lob_settings("a", "t", "full"), "table_mappings rule 'lob-settings-a-t': has an unknown lob-settings mode (got 'full'); use one of: limited, unlimited, none"),
        (lambda: TableMappings.from_dict({"rules": [{"rule-type": "selection", "rule-id": "1", "rule-name": "x", "object-locator": {"schema-name": "a", "table-name": "%"}, "rule-action": "inclde"}]}), "table_mappings rule 'x': has an unknown rule-action (got 'inclde'); use one of: include, exclude, explicit"),
        (lambda: TableMappings.from_dict({"rules": [{"rule-type": "selection", "rule-id": "1", "rule-name": "x", "rule-action": "include"}]}), "table_mappings rule 'x': has no object-locator with a schema-name (got None); add 'object-locator': {'schema-name': ..., 'table-name': ...}"),
        (lambda: TableMappings.from_dict({"rules": [{"rule-type": "selection", "rule-id": "1", "rule-name": "x", "object-locator": {"schema-name": "a", "table-name": "%"}, "rule-action": "include"}, {"rule-type": "selection", "rule-id": "1", "rule-name": "y", "object-locator": {"schema-name": "b", "table-name": "%"}, "rule-action": "include"}]}), "table_mappings rule 'y': duplicates another rule's rule-id (got '1'); give every rule its own rule-id"),
        (lambda: TableMappings.from_dict({"rules": [{"rule-type": "mapping", "rule-id": "1", "rule-name": "x"}]}), "table_mappings rule 'x': has an unknown rule-type (got 'mapping'); use one of: selection, transformation, table-settings"),
        (lambda: TableMappings.from_json("{"), "table_mappings: is not valid JSON (Expecting property name enclosed in double quotes at line 1); fix the file"),
    ],
)
def test_validation_messages(build, message):
    with pytest.raises(DmsConfigError) as err:
        build()
    assert str(err.value) == message


# --- property: any builder sequence round-trips or fails with our own error ------------------------

names = st.sampled_from(["a", "b", "sales", "%", "s%", "t_1"])
steps = st.one_of(
    st.tuples(st.just("include"), names, names),
    st.tuples(st.just("exclude"), names, names),
    st.tuples(st.just("explicit"), names, names),
    st.tuples(st.just("rename_schema"), names, names),
    st.tuples(st.just("rename_table"), names, names),
    st.tuples(st.just("remove_column"), names, names),
    st.tuples(st.just("parallel_load"), names, names),
    st.tuples(st.just("lob_settings"), names, names),
)


def _apply(m: TableMappings, step) -> None:
    kind, schema, table = step
    if kind in ("include", "exclude", "explicit"):
        getattr(m, kind)(schema, table)
    elif kind == "rename_schema":
        m.rename_schema(schema, table)
    elif kind == "rename_table":
        m.rename_table(schema, table, "renamed")
    elif kind == "remove_column":
        m.remove_column(schema, table, "c")
    elif kind == "parallel_load":
        m.parallel_load(schema, table, "partitions-auto")
    else:
        m.lob_settings(schema, table, "limited", bulk_max_size_kb=32)


@settings(max_examples=150, deadline=None)
@given(st.lists(steps, max_size=8))
def test_any_builder_sequence_round_trips_or_raises_our_error(sequence):
    m = TableMappings()
    try:
        for step in sequence:
            _apply(m, step)
        text = m.to_json()
    except DmsConfigError:
        return
    again = TableMappings.from_json(text)
    assert again.to_json() == text
    assert again.to_dict() == m.to_dict()


def test_module_imports_no_cdk():
    code = "import sys; import dms_constructs.table_mappings, dms_constructs.task_settings; print(any(m.startswith(('aws_cdk', 'jsii', 'constructs')) for m in sys.modules))"
    # Import the modules without the package __init__ (which loads the constructs).
    code = (
        "import importlib.util, sys, types; pkg = types.ModuleType('dms_constructs'); pkg.__path__ = ['dms_constructs']; sys.modules['dms_constructs'] = pkg;"
        "import dms_constructs.table_mappings, dms_constructs.task_settings;"
        "print(any(m.split('.')[0] in ('aws_cdk', 'jsii', 'constructs') for m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "False"
