"""TableMappings: rendered documents, reading existing files, one exact message per validation,
property-based round trips, and that the module stays pure Python."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any, Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dms_constructs.errors import DmsConfigError
from dms_constructs.table_mappings import (
    DATA_TYPES,
    DataType,
    FilterCondition,
    FilterOperator,
    LobMode,
    LobSettings,
    ObjectLocator,
    ParallelLoad,
    Rule,
    RuleTarget,
    RuleType,
    SourceFilter,
    TableMappings,
    TableType,
    TransformAction,
    patterns_overlap,
)

PACKAGE_DIR = Path(__file__).resolve().parent.parent / "dms_constructs"


def rules_of(mappings: TableMappings) -> list[dict[str, Any]]:
    return mappings.to_dict()["rules"]


def selection(schema: str = "dmslab", table: str = "%", action: str = "include", **extra: Any) -> dict[str, Any]:
    return {"rule-type": "selection", "rule-id": "1", "rule-name": "1", "object-locator": {"schema-name": schema, "table-name": table}, "rule-action": action, **extra}


def document(*rules: dict[str, Any]) -> dict[str, Any]:
    return {"rules": [selection(), *rules]}


# --- purity -------------------------------------------------------------------------------------


def test_module_imports_without_cdk():
    """Loads the module under a bare package (the real package __init__ imports the CDK)."""
    code = (
        "import sys, types\n"
        f"pkg = types.ModuleType('dms_constructs'); pkg.__path__ = [{str(PACKAGE_DIR)!r}]; sys.modules['dms_constructs'] = pkg\n"
        "import dms_constructs.table_mappings\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('aws_cdk', 'constructs', 'jsii')))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


# --- building -----------------------------------------------------------------------------------


def test_ids_are_sequential_and_names_derived_from_the_rule():
    rules = rules_of(
        TableMappings()
        .include("dmslab", "customers")
        .exclude("dmslab", "audit_%")
        .rename_table("dmslab", "customers", "clients")
        .add_column("dmslab", "customers", "loaded_at", DataType("datetime", precision=6))
        .table_settings("dmslab", "customers", lob_settings=LobSettings(bulk_max_size_kb=64))
    )
    assert [r["rule-id"] for r in rules] == ["1", "2", "3", "4", "5"]
    assert [r["rule-name"] for r in rules] == [
        "include-dmslab-customers",
        "exclude-dmslab-audit_%",
        "rename-table-dmslab-customers",
        "add-column-dmslab-customers-loaded_at",
        "table-settings-dmslab-customers",
    ]


def test_selection_rules_render_in_dms_key_order():
    mappings = TableMappings().include(
        "sales", "orders", name="orders", load_order=2, table_type=TableType.ALL,
        filters=[SourceFilter("created", [FilterCondition.between("2020-01-01", "2021-01-01")]), SourceFilter("id", [FilterCondition.gte(100)])],
    )
    assert mappings.to_json() == json.dumps({"rules": [{
        "rule-type": "selection", "rule-id": "1", "rule-name": "orders", "rule-action": "include",
        "object-locator": {"schema-name": "sales", "table-name": "orders", "table-type": "all"},
        "load-order": 2,
        "filters": [
            {"filter-type": "source", "column-name": "created", "filter-conditions": [{"filter-operator": "between", "start-value": "2020-01-01", "end-value": "2021-01-01"}]},
            {"filter-type": "source", "column-name": "id", "filter-conditions": [{"filter-operator": "gte", "value": "100"}]},
        ],
    }]})


@pytest.mark.parametrize(
    "condition, rendered",
    [
        (FilterCondition.lte(5), {"filter-operator": "lte", "value": "5"}),
        (FilterCondition.ste("5"), {"filter-operator": "ste", "value": "5"}),
        (FilterCondition.gte(1.5), {"filter-operator": "gte", "value": "1.5"}),
        (FilterCondition.eq("tech"), {"filter-operator": "eq", "value": "tech"}),
        (FilterCondition.noteq("x"), {"filter-operator": "noteq", "value": "x"}),
        (FilterCondition.between(1, 2), {"filter-operator": "between", "start-value": "1", "end-value": "2"}),
        (FilterCondition.notbetween(1, 2), {"filter-operator": "notbetween", "start-value": "1", "end-value": "2"}),
        (FilterCondition.null(), {"filter-operator": "null"}),
        (FilterCondition.notnull(), {"filter-operator": "notnull"}),
    ],
)
def test_every_filter_operator_renders_its_values(condition, rendered):
    rule = rules_of(TableMappings().include("s", "t", filters=[SourceFilter("c", [condition])]))[0]
    assert rule["filters"][0]["filter-conditions"] == [rendered]


@pytest.mark.parametrize(
    "call, expected",
    [
        (lambda m: m.rename_schema("s", "s2"), {"rule-action": "rename", "rule-target": "schema", "object-locator": {"schema-name": "s"}, "value": "s2"}),
        (lambda m: m.rename_column("s", "t", "c", "c2"), {"rule-action": "rename", "rule-target": "column", "object-locator": {"schema-name": "s", "table-name": "t", "column-name": "c"}, "value": "c2"}),
        (lambda m: m.add_prefix("table", "s", "%", prefix="stg_"), {"rule-action": "add-prefix", "rule-target": "table", "object-locator": {"schema-name": "s", "table-name": "%"}, "value": "stg_"}),
        (lambda m: m.remove_prefix(RuleTarget.COLUMN, "s", "t", "%", prefix="x_"), {"rule-action": "remove-prefix", "rule-target": "column", "object-locator": {"schema-name": "s", "table-name": "t", "column-name": "%"}, "value": "x_"}),
        (lambda m: m.replace_prefix("schema", "s", old="a", new="b"), {"rule-action": "replace-prefix", "rule-target": "schema", "object-locator": {"schema-name": "s"}, "value": "b", "old-value": "a"}),
        (lambda m: m.add_suffix("table", "s", "t", suffix="_v1"), {"rule-action": "add-suffix", "rule-target": "table", "object-locator": {"schema-name": "s", "table-name": "t"}, "value": "_v1"}),
        (lambda m: m.remove_suffix("table", "s", "%", suffix="_old"), {"rule-action": "remove-suffix", "rule-target": "table", "object-locator": {"schema-name": "s", "table-name": "%"}, "value": "_old"}),
        (lambda m: m.replace_suffix("column", "s", "t", "%", old="_a", new="_b"), {"rule-action": "replace-suffix", "rule-target": "column", "object-locator": {"schema-name": "s", "table-name": "t", "column-name": "%"}, "value": "_b", "old-value": "_a"}),
        (lambda m: m.convert_lowercase("schema", "%"), {"rule-action": "convert-lowercase", "rule-target": "schema", "object-locator": {"schema-name": "%"}}),
        (lambda m: m.convert_uppercase("column", "%", "%", "%"), {"rule-action": "convert-uppercase", "rule-target": "column", "object-locator": {"schema-name": "%", "table-name": "%", "column-name": "%"}}),
        (lambda m: m.remove_column("s", "t", "secret"), {"rule-action": "remove-column", "rule-target": "column", "object-locator": {"schema-name": "s", "table-name": "t", "column-name": "secret"}}),
        (lambda m: m.add_column("s", "t", "src", DataType("string", length=10), expression="'legacy'"), {"rule-action": "add-column", "rule-target": "column", "object-locator": {"schema-name": "s", "table-name": "t"}, "value": "src", "expression": "'legacy'", "data-type": {"type": "string", "length": 10}}),
        (lambda m: m.change_data_type("s", "t", "amount", DataType("numeric", precision=12, scale=2)), {"rule-action": "change-data-type", "rule-target": "column", "object-locator": {"schema-name": "s", "table-name": "t", "column-name": "amount"}, "data-type": {"type": "numeric", "precision": 12, "scale": 2}}),
        (lambda m: m.transform("rename", "table-tablespace", "s", "t", value="NEW_TS", tablespace="OLD_TS"), {"rule-action": "rename", "rule-target": "table-tablespace", "object-locator": {"schema-name": "s", "table-name": "t", "table-tablespace-name": "OLD_TS"}, "value": "NEW_TS"}),
        (lambda m: m.transform(TransformAction.RENAME, RuleTarget.INDEX_TABLESPACE, "s", "t", value="NEW_IX", tablespace="OLD_IX"), {"rule-action": "rename", "rule-target": "index-tablespace", "object-locator": {"schema-name": "s", "table-name": "t", "index-tablespace-name": "OLD_IX"}, "value": "NEW_IX"}),
    ],
)
def test_transformation_helpers_render_dms_rules(call, expected):
    rule = rules_of(call(TableMappings().include("s") .include("%", name="all")))[2]
    assert {k: v for k, v in rule.items() if k not in ("rule-type", "rule-id", "rule-name")} == expected
    assert rule["rule-type"] == "transformation"


@pytest.mark.parametrize(
    "load, rendered",
    [
        (ParallelLoad.partitions_auto(), {"type": "partitions-auto"}),
        (ParallelLoad.subpartitions_auto(), {"type": "subpartitions-auto"}),
        (ParallelLoad.partitions_list(["P1", "P2"], ["S1"]), {"type": "partitions-list", "partitions": ["P1", "P2"], "subpartitions": ["S1"]}),
        (ParallelLoad.ranges(["id", "region"], [[1000, "NORTH"], ["3000", "WEST"]]), {"type": "ranges", "columns": ["id", "region"], "boundaries": [["1000", "NORTH"], ["3000", "WEST"]]}),
        (ParallelLoad.none(), {"type": "none"}),
        (ParallelLoad("partitions-auto", number_of_partitions=16, collection_count_from_metadata=True, max_records_skip_per_page=1000, batch_size=50), {"type": "partitions-auto", "number-of-partitions": 16, "collection-count-from-metadata": "true", "max-records-skip-per-page": 1000, "batch-size": 50}),
    ],
)
def test_parallel_load_types_render(load, rendered):
    rule = rules_of(TableMappings().include("HR").table_settings("HR", "SALES", parallel_load=load))[1]
    assert rule == {"rule-type": "table-settings", "rule-id": "2", "rule-name": "table-settings-HR-SALES", "object-locator": {"schema-name": "HR", "table-name": "SALES"}, "parallel-load": rendered}


@pytest.mark.parametrize(
    "lob, rendered",
    [
        (LobSettings(bulk_max_size_kb=100_000), {"bulk-max-size": "100000"}),
        (LobSettings(LobMode.LIMITED, 64), {"mode": "limited", "bulk-max-size": "64"}),
        (LobSettings(LobMode.UNLIMITED, 0), {"mode": "unlimited", "bulk-max-size": "0"}),
        (LobSettings("none"), {"mode": "none"}),
    ],
)
def test_lob_settings_render(lob, rendered):
    assert rules_of(TableMappings().include("INV").table_settings("INV", "ITEMS", lob_settings=lob))[1]["lob-settings"] == rendered


def test_selected_objects_lists_include_and_explicit_patterns_once():
    mappings = TableMappings().include("a").exclude("a", "tmp%").explicit("b", "t").include("a", name="again")
    assert mappings.selected_objects() == [("a", "%"), ("b", "t")]


def test_to_dict_returns_a_fresh_document():
    mappings = TableMappings().include("a")
    mappings.to_dict()["rules"].clear()
    assert len(rules_of(mappings)) == 1


def test_add_rule_takes_rules_without_a_builder_method():
    primary_key = Rule(
        RuleType.TRANSFORMATION, ObjectLocator("inventory", "ITEM"), "define-primary-key", "table",
        primary_key_def={"name": "ITEM-pk", "origin": "unique-index", "columns": ["ITEM-NAME", "BOM-MODEL-NUM"]},
    )
    before_image = Rule("transformation", ObjectLocator("%", "employees"), "add-before-image-columns", "column", before_image_def={"column-prefix": "BI_", "column-filter": "pk-only"})
    mask = Rule("transformation", ObjectLocator("inventory", "ITEM", "card"), "data-masking-digits-mask", "column", value="#")
    rules = rules_of(TableMappings().include("%").add_rule(primary_key).add_rule(before_image).add_rule(mask))
    assert rules[1]["primary-key-def"] == {"name": "ITEM-pk", "origin": "unique-index", "columns": ["ITEM-NAME", "BOM-MODEL-NUM"]}
    assert [r["rule-name"] for r in rules[1:]] == ["define-primary-key-inventory-ITEM", "add-before-image-columns-%-employees", "data-masking-digits-mask-inventory-ITEM-card"]


def test_a_failed_call_leaves_the_builder_unchanged():
    mappings = TableMappings().include("a")
    with pytest.raises(DmsConfigError):
        mappings.explicit("a", "t%")
    assert mappings.to_dict() == TableMappings().include("a").to_dict()


def test_equality_and_repr():
    assert TableMappings().include("a") == TableMappings().include("a")
    assert TableMappings().include("a") != TableMappings().include("b")
    assert repr(TableMappings().include("a")) == "TableMappings(['include-a-%'])"


# --- reading existing files ---------------------------------------------------------------------

CONSOLE_EXPORT = {
    "rules": [
        {"rule-type": "selection", "rule-id": 1, "rule-name": "1", "object-locator": {"schema-name": "dbo", "table-name": "%"}, "rule-action": "include", "filters": [], "load-order": "1"},
        {"rule-type": "selection", "rule-id": "2", "rule-name": "2", "object-locator": {"schema-name": "dbo", "table-name": "tmp%"}, "rule-action": "exclude", "filters": []},
        {"rule-type": "transformation", "rule-id": "3", "rule-name": "3", "rule-target": "schema", "object-locator": {"schema-name": "%"}, "rule-action": "convert-lowercase", "value": None, "old-value": None},
        {"rule-type": "transformation", "rule-id": "4", "rule-name": "4", "rule-target": "column", "object-locator": {"schema-name": "dbo", "table-name": "table_t", "column-name": "col10"}, "rule-action": "change-data-type", "data-type": {"type": "string", "length": "4092", "scale": ""}},
        {"rule-type": "table-settings", "rule-id": "5", "rule-name": "5", "object-locator": {"schema-name": "dbo", "table-name": "ITEMS"}, "lob-settings": {"mode": "unlimited", "bulk-max-size": "0"}, "parallel-load": {"type": "ranges", "columns": ["ID"], "boundaries": [[1000]]}},
    ]
}


def test_reads_a_console_export_and_normalises_it():
    rules = rules_of(TableMappings.from_dict(CONSOLE_EXPORT))
    assert rules[0] == {"rule-type": "selection", "rule-id": "1", "rule-name": "1", "rule-action": "include", "object-locator": {"schema-name": "dbo", "table-name": "%"}, "load-order": 1}
    assert rules[2] == {"rule-type": "transformation", "rule-id": "3", "rule-name": "3", "rule-action": "convert-lowercase", "rule-target": "schema", "object-locator": {"schema-name": "%"}}
    assert rules[3]["data-type"] == {"type": "string", "length": 4092}
    assert rules[4]["parallel-load"] == {"type": "ranges", "columns": ["ID"], "boundaries": [["1000"]]}
    assert TableMappings.from_json(json.dumps(CONSOLE_EXPORT)).to_dict() == TableMappings.from_dict(CONSOLE_EXPORT).to_dict()


def test_added_rules_count_on_from_the_highest_existing_id():
    mappings = TableMappings.from_dict({"rules": [selection(), {**selection("b"), "rule-id": "7", "rule-name": "b"}]}).rename_schema("b", "c")
    assert [r["rule-id"] for r in rules_of(mappings)] == ["1", "7", "8"]


def test_missing_ids_and_names_are_derived():
    rules = rules_of(TableMappings.from_dict({"rules": [{"rule-type": "selection", "object-locator": {"schema-name": "a", "table-name": "%"}, "rule-action": "include"}]}))
    assert (rules[0]["rule-id"], rules[0]["rule-name"]) == ("1", "include-a-%")


@pytest.mark.parametrize(
    "a, b, overlap",
    [
        ("orders", "orders", True), ("orders", "Orders", False), ("%", "anything", True), ("ord%", "%ers", True),
        ("a%b", "%c", False), ("a%b", "%b", True), ("a%", "b%", False), ("%a%", "%b%", True), ("a_b", "a%", True),
        ("", "%", True), ("", "a", False), ("ab", "a%b", True), ("a%b%c", "abc", True), ("a%b%c", "acb", False),
    ],
)
def test_patterns_overlap(a, b, overlap):
    assert patterns_overlap(a, b) is overlap
    assert patterns_overlap(b, a) is overlap


# --- one exact message per validation -----------------------------------------------------------

T = "table_mappings rule"
INVALID: list[tuple[str, Callable[[], Any], str]] = [
    ("unknown rule-type", lambda: TableMappings.from_dict(document({"rule-type": "object-mapping", "rule-name": "m"})), f"{T} 'm': unknown rule-type 'object-mapping'; use one of: selection, transformation, table-settings"),
    ("missing rule-type", lambda: TableMappings.from_dict({"rules": [{"rule-name": "m"}]}), f"{T} 'm': missing rule-type; use one of: selection, transformation, table-settings"),
    ("unknown selection rule-action", lambda: TableMappings.from_dict({"rules": [{**selection(action="inclde"), "rule-name": "orders-include"}]}), f"{T} 'orders-include': unknown rule-action 'inclde'; use one of: include, exclude, explicit"),
    ("missing selection rule-action", lambda: TableMappings.from_dict({"rules": [{"rule-type": "selection", "rule-name": "s", "object-locator": {"schema-name": "a", "table-name": "%"}}]}), f"{T} 's': missing rule-action; use one of: include, exclude, explicit"),
    ("unknown transformation rule-action", lambda: TableMappings().include("a").transform("drop", "table", "a", "t"), f"{T} 'drop-table-a-t': unknown rule-action 'drop'; use one of: rename, add-prefix, remove-prefix, replace-prefix, add-suffix, remove-suffix, replace-suffix, convert-lowercase, convert-uppercase, add-column, include-column, remove-column, change-data-type, define-primary-key, add-before-image-columns, data-masking-digits-mask, data-masking-digits-randomize, data-masking-hash-mask"),
    ("unknown rule-target", lambda: TableMappings().include("a").transform("rename", "view", "a", value="v"), f"{T} 'rename-view-a': unknown rule-target 'view'; use one of: schema, table, column, table-tablespace, index-tablespace"),
    ("table target without table-name", lambda: TableMappings().include("a").transform("rename", "table", "a", value="v"), f"{T} 'rename-table-a': missing object-locator table-name; use '%' for all tables"),
    ("missing rule-target", lambda: TableMappings.from_dict(document({"rule-type": "transformation", "rule-name": "x", "rule-action": "rename", "object-locator": {"schema-name": "dmslab"}, "value": "y"})), f"{T} 'x': missing rule-target; use one of: schema, table, column, table-tablespace, index-tablespace"),
    ("action not for target", lambda: TableMappings().include("a").transform("remove-column", "table", "a", "t"), f"{T} 'remove-column-a-t': rule-action 'remove-column' does not apply to rule-target 'table'; use rule-target column"),
    ("unknown rule key, close", lambda: TableMappings.from_dict({"rules": [{**selection(), "rule-acton": "include"}]}), f"{T} '1': unknown rule key 'rule-acton'; did you mean 'rule-action'?"),
    ("unknown rule key, far", lambda: TableMappings.from_dict({"rules": [{**selection(), "zzz": 1}]}), f"{T} '1': unknown rule key 'zzz'; use only: rule-type, rule-id, rule-name, rule-action, object-locator, load-order, filters"),
    ("locator key not for rule type", lambda: TableMappings.from_dict({"rules": [{**selection(), "object-locator": {"schema-name": "a", "table-name": "t", "column-name": "c"}}]}), f"{T} '1': object-locator key 'column-name' does not apply to selection rules; remove column-name"),
    ("rule key not for rule type", lambda: TableMappings.from_dict({"rules": [{**selection(), "value": "x"}]}), f"{T} '1': rule key 'value' does not apply to selection rules; remove value"),
    ("missing object-locator", lambda: TableMappings.from_dict({"rules": [{"rule-type": "selection", "rule-name": "s", "rule-action": "include"}]}), f"{T} 's': missing object-locator; add {{'schema-name': ..., 'table-name': ...}}"),
    ("missing schema-name", lambda: TableMappings.from_dict({"rules": [{**selection(), "object-locator": {"table-name": "t"}}]}), f"{T} '1': missing object-locator schema-name; name the schema (use '%' for all)"),
    ("missing table-name", lambda: TableMappings.from_dict({"rules": [{**selection(), "object-locator": {"schema-name": "a"}}]}), f"{T} '1': missing object-locator table-name; use '%' for all tables"),
    ("missing column-name", lambda: TableMappings().include("a").transform("rename", "column", "a", "t", value="c2"), f"{T} 'rename-column-a-t': missing object-locator column-name; name the column (use '%' for all)"),
    ("missing tablespace name", lambda: TableMappings().include("a").transform("rename", "index-tablespace", "a", "t", value="IX"), f"{T} 'rename-index-tablespace-a-t': missing object-locator index-tablespace-name; name the index-tablespace"),
    ("empty schema name", lambda: TableMappings().include(""), f"{T} 'include--%': object-locator schema-name must be a non-empty string (got ''); give object-locator schema-name a name"),
    ("non-string table name", lambda: TableMappings().include("a", 5), f"{T} 'include-a-5': object-locator table-name must be a non-empty string (got 5); give object-locator table-name a name"),
    ("unknown table-type", lambda: TableMappings().include("a", table_type="views"), f"{T} 'include-a-%': unknown object-locator table-type 'views'; use one of: table, view, all"),
    ("explicit with wildcard", lambda: TableMappings().explicit("a", "ord%"), f"{T} 'explicit-a-ord%': explicit rules take exact names, but table-name 'ord%' contains the wildcard '%'; name one table, or use include()"),
    ("filters on explicit", lambda: TableMappings().add_rule(Rule("selection", ObjectLocator("a", "t"), "explicit", filters=[SourceFilter("c", [FilterCondition.null()])])), f"{T} 'explicit-a-t': filters apply only to include rules (this one is 'explicit'); use include() for a filtered table"),
    ("filters with wildcard", lambda: TableMappings().include("a", filters=[SourceFilter("c", [FilterCondition.null()])]), f"{T} 'include-a-%': filters need exact names, but table-name '%' contains the wildcard '%'; name one table in a rule of its own"),
    ("filters not SourceFilter", lambda: TableMappings().include("a", "t", filters=["c > 1"]), f"{T} 'include-a-t': filters must be a list of SourceFilter (got ('c > 1',)); use SourceFilter(column, conditions)"),
    ("filter without column", lambda: TableMappings().include("a", "t", filters=[SourceFilter("", [FilterCondition.null()])]), f"{T} 'include-a-t': filter column-name must be a non-empty string (got ''); give filter column-name a name"),
    ("filter without conditions", lambda: TableMappings().include("a", "t", filters=[SourceFilter("c", [])]), f"{T} 'include-a-t' filter on column 'c': filter-conditions must be a non-empty list of FilterCondition (got ()); add e.g. FilterCondition.eq('x')"),
    ("unknown filter operator", lambda: TableMappings().include("a", "t", filters=[SourceFilter("c", [FilterCondition("lt", value="1")])]), f"{T} 'include-a-t' filter on column 'c': unknown filter-operator 'lt'; use one of: lte, ste, gte, eq, noteq, between, notbetween, null, notnull"),
    ("between without end", lambda: TableMappings().include("a", "t", filters=[SourceFilter("c", [FilterCondition("between", start="1")])]), f"{T} 'include-a-t' filter on column 'c': operator 'between' needs end-value; use FilterCondition.between(...)"),
    ("eq without value", lambda: TableMappings().include("a", "t", filters=[SourceFilter("c", [FilterCondition("eq")])]), f"{T} 'include-a-t' filter on column 'c': operator 'eq' needs value; use FilterCondition.eq(...)"),
    ("null with a value", lambda: TableMappings().include("a", "t", filters=[SourceFilter("c", [FilterCondition("null", value="x")])]), f"{T} 'include-a-t' filter on column 'c': operator 'null' takes no value; remove value"),
    ("gte with start", lambda: TableMappings().include("a", "t", filters=[SourceFilter("c", [FilterCondition("gte", value="1", start="0")])]), f"{T} 'include-a-t' filter on column 'c': operator 'gte' takes no start-value; remove start-value"),
    ("filter value not text", lambda: TableMappings().include("a", "t", filters=[SourceFilter("c", [FilterCondition("eq", value=5)])]), f"{T} 'include-a-t' filter on column 'c': value must be a string (got 5); write it as text, e.g. '5'"),
    ("negative operator with others", lambda: TableMappings().include("a", "t", filters=[SourceFilter("c", [FilterCondition.noteq(1), FilterCondition.eq(2)])]), f"{T} 'include-a-t' filter on column 'c': negative operator 'noteq' must be the filter's only condition (got 2 conditions); move it into a filter of its own"),
    ("unknown filter-type", lambda: TableMappings.from_dict({"rules": [{**selection(table="t"), "filters": [{"filter-type": "target", "column-name": "c", "filter-conditions": []}]}]}), f"{T} '1': unknown filter-type 'target'; use 'source'"),
    ("unknown filter condition key", lambda: TableMappings.from_dict({"rules": [{**selection(table="t"), "filters": [{"filter-type": "source", "column-name": "c", "filter-conditions": [{"filter-operator": "between", "start": "1", "end-value": "2"}]}]}]}), f"{T} '1': unknown filter condition key 'start'; did you mean 'start-value'?"),
    ("load-order out of range", lambda: TableMappings().include("a", load_order=0), f"{T} 'include-a-%': load-order must be a whole number between 1 and 2147483647 (got 0); choose a value in 1..2147483647"),
    ("load-order on exclude", lambda: TableMappings.from_dict({"rules": [selection(), {**selection(action="exclude"), "rule-id": "2", "rule-name": "x", "load-order": 1}]}), f"{T} 'x': load-order applies only to include and explicit rules; remove load_order"),
    ("duplicate rule name", lambda: TableMappings().include("a").include("a"), f"{T} 'include-a-%': rule-name is already used by another rule; give each rule a unique name (name=...)"),
    ("duplicate rule id", lambda: TableMappings.from_dict({"rules": [selection(), {**selection("b"), "rule-name": "2"}]}), f"{T} '2': rule-id '1' is already used by rule '1'; give each rule a unique rule-id"),
    ("rule-id not digits", lambda: TableMappings.from_dict({"rules": [{**selection(), "rule-id": "one"}]}), f"{T} '1': rule-id must be a string of digits (got 'one'); use e.g. '1'"),
    ("empty rule-name", lambda: TableMappings().include("a", name=""), f"{T} '': rule-name must be a non-empty string (got ''); give rule-name a name"),
    ("field not for rule type", lambda: TableMappings().add_rule(Rule("selection", ObjectLocator("a", "t"), "include", value="x")), f"{T} 'include-a-t': value does not apply to selection rules; remove value"),
    ("nothing selected", lambda: TableMappings().exclude("a").to_dict(), "table_mappings: no include or explicit selection rule, so the task would migrate nothing; add one, e.g. .include('my_schema')"),
    ("transformation selects nothing", lambda: TableMappings().include("dmslab", "orders").rename_table("dmslab", "ordrs", "o").to_json(), f"{T} 'rename-table-dmslab-ordrs': object-locator (schema-name 'dmslab', table-name 'ordrs') matches nothing an include or explicit rule selects; fix the names or select those tables"),
    ("schema transformation selects nothing", lambda: TableMappings().include("Sales").rename_schema("sales", "s").validate(), f"{T} 'rename-schema-sales': object-locator (schema-name 'sales') matches nothing an include or explicit rule selects; fix the names or select those tables"),
    ("table settings select nothing", lambda: TableMappings().include("a", "t%").table_settings("a", "x", parallel_load=ParallelLoad.partitions_auto()).to_dict(), f"{T} 'table-settings-a-x': object-locator (schema-name 'a', table-name 'x') matches nothing an include or explicit rule selects; fix the names or select those tables"),
    ("rename without value", lambda: TableMappings().include("a").transform("rename", "table", "a", "t"), f"{T} 'rename-table-a-t': rule-action 'rename' needs value; add value"),
    ("replace-prefix without old-value", lambda: TableMappings().include("a").transform("replace-prefix", "table", "a", "%", value="n_"), f"{T} 'replace-prefix-table-a-%': rule-action 'replace-prefix' needs old-value; add old-value"),
    ("add-column without data-type", lambda: TableMappings().include("a").transform("add-column", "column", "a", "t", value="c"), f"{T} 'add-column-a-t-c': rule-action 'add-column' needs data-type; add data-type"),
    ("value not for action", lambda: TableMappings().include("a").transform("remove-column", "column", "a", "t", "c", value="x"), f"{T} 'remove-column-a-t-c': value does not apply to rule-action 'remove-column'; remove value"),
    ("empty value", lambda: TableMappings().include("a").rename_schema("a", ""), f"{T} 'rename-schema-a': value must be a non-empty string (got ''); give value a name"),
    ("data-type not DataType", lambda: TableMappings().include("a").change_data_type("a", "t", "c", "int8"), f"{T} 'change-data-type-a-t-c': data-type must be a DataType (got 'int8'); use DataType('string', length=50)"),
    ("unknown data type, close", lambda: TableMappings().include("a").change_data_type("a", "t", "c", DataType("INT8")), f"{T} 'change-data-type-a-t-c': unknown data-type 'INT8'; did you mean 'int8'?"),
    ("unknown data type, far", lambda: TableMappings().include("a").change_data_type("a", "t", "c", DataType("varchar")), f"{T} 'change-data-type-a-t-c': unknown data-type 'varchar'; use one of: {', '.join(DATA_TYPES)}"),
    ("data type length", lambda: TableMappings().include("a").change_data_type("a", "t", "c", DataType("string", length=0)), f"{T} 'change-data-type-a-t-c': data-type length must be a whole number of at least 1 (got 0); choose a value of at least 1"),
    ("data type scale above precision", lambda: TableMappings().include("a").change_data_type("a", "t", "c", DataType("numeric", precision=4, scale=6)), f"{T} 'change-data-type-a-t-c': data-type scale 6 exceeds its precision 4; use a scale <= precision"),
    ("data type length text", lambda: TableMappings.from_dict(document({"rule-type": "transformation", "rule-id": "2", "rule-name": "x", "rule-action": "change-data-type", "rule-target": "column", "object-locator": {"schema-name": "dmslab", "table-name": "t", "column-name": "c"}, "data-type": {"type": "string", "length": "long"}})), f"{T} 'x': data-type length must be a whole number of at least 1 (got 'long'); choose a value of at least 1"),
    ("primary key with wildcard", lambda: TableMappings().include("a").add_rule(Rule("transformation", ObjectLocator("a", "%"), "define-primary-key", "table", primary_key_def={"name": "pk", "columns": ["id"]})), f"{T} 'define-primary-key-a-%': define-primary-key takes exact names, but table-name '%' contains the wildcard '%'; name one table"),
    ("primary-key-def without columns", lambda: TableMappings().include("a").add_rule(Rule("transformation", ObjectLocator("a", "t"), "define-primary-key", "table", primary_key_def={"name": "pk", "columns": []})), f"{T} 'define-primary-key-a-t': primary-key-def columns must have at least 1 entries (got 0); give at least 1 primary-key-def columns"),
    ("primary-key-def origin", lambda: TableMappings().include("a").add_rule(Rule("transformation", ObjectLocator("a", "t"), "define-primary-key", "table", primary_key_def={"name": "pk", "columns": ["id"], "origin": "index"})), f"{T} 'define-primary-key-a-t': unknown primary-key-def origin 'index'; use one of: primary-key, unique-index"),
    ("before-image-def empty affixes", lambda: TableMappings().include("a").add_rule(Rule("transformation", ObjectLocator("a", "t"), "add-before-image-columns", "column", before_image_def={"column-prefix": "", "column-suffix": ""})), f"{T} 'add-before-image-columns-a-t': before-image-def sets both column-prefix and column-suffix to ''; give a prefix or a suffix"),
    ("before-image-def filter", lambda: TableMappings().include("a").add_rule(Rule("transformation", ObjectLocator("a", "t"), "add-before-image-columns", "column", before_image_def={"column-filter": "non-blob"})), f"{T} 'add-before-image-columns-a-t': unknown before-image-def column-filter 'non-blob'; use one of: pk-only, non-lob, all"),
    ("tablespace on a table target", lambda: TableMappings().include("a").transform("rename", "table", "a", "t", value="u", tablespace="TS"), "table_mappings rename rule: tablespace applies only to tablespace targets (got rule-target 'table'); drop tablespace="),
    ("table settings with wildcard", lambda: TableMappings().include("a").table_settings("a", "%", parallel_load=ParallelLoad.partitions_auto()), f"{T} 'table-settings-a-%': table-settings rules take exact names, but table-name '%' contains the wildcard '%'; name one table"),
    ("table settings empty", lambda: TableMappings().include("a").table_settings("a", "t"), f"{T} 'table-settings-a-t': table-settings rule sets neither parallel-load nor lob-settings; give parallel_load=... or lob_settings=..."),
    ("parallel-load not ParallelLoad", lambda: TableMappings().include("a").table_settings("a", "t", parallel_load="partitions-auto"), f"{T} 'table-settings-a-t': parallel-load must be a ParallelLoad (got 'partitions-auto'); use ParallelLoad(...)"),
    ("unknown parallel-load type", lambda: TableMappings().include("a").table_settings("a", "t", parallel_load=ParallelLoad("partitions")), f"{T} 'table-settings-a-t': unknown parallel-load type 'partitions'; use one of: partitions-auto, subpartitions-auto, partitions-list, ranges, none"),
    ("partitions-list empty", lambda: TableMappings().include("a").table_settings("a", "t", parallel_load=ParallelLoad.partitions_list()), f"{T} 'table-settings-a-t': parallel-load type 'partitions-list' lists no partitions; give partitions (or Oracle subpartitions)"),
    ("parallel-load field not for type", lambda: TableMappings().include("a").table_settings("a", "t", parallel_load=ParallelLoad("ranges", partitions=["P1"], columns=["id"], boundaries=[["1"]])), f"{T} 'table-settings-a-t': parallel-load partitions does not apply to type 'ranges'; remove partitions"),
    ("ranges without boundaries", lambda: TableMappings().include("a").table_settings("a", "t", parallel_load=ParallelLoad.ranges(["id"], [])), f"{T} 'table-settings-a-t': parallel-load type 'ranges' needs boundaries (got ()); give one upper-bound row per segment, e.g. [['1000'], ['2000']]"),
    ("ranges boundary width", lambda: TableMappings().include("a").table_settings("a", "t", parallel_load=ParallelLoad.ranges(["id", "region"], [["1"]])), f"{T} 'table-settings-a-t': parallel-load boundary ('1',) needs one text value per column ['id', 'region']; give each boundary one value per column"),
    ("ranges too many columns", lambda: TableMappings().include("a").table_settings("a", "t", parallel_load=ParallelLoad.ranges([f"c{i}" for i in range(11)], [["1"] * 11])), f"{T} 'table-settings-a-t': parallel-load columns must have 1..10 entries (got 11); give 1..10 parallel-load columns"),
    ("ranges repeated column", lambda: TableMappings().include("a").table_settings("a", "t", parallel_load=ParallelLoad.ranges(["id", "id"], [["1", "2"]])), f"{T} 'table-settings-a-t': parallel-load columns repeat a column (got ['id', 'id']); list each column once"),
    ("parallel-load option range", lambda: TableMappings().include("a").table_settings("a", "t", parallel_load=ParallelLoad("partitions-auto", batch_size=0)), f"{T} 'table-settings-a-t': parallel-load batch-size must be a whole number of at least 1 (got 0); choose a value of at least 1"),
    ("limited LOB without size", lambda: TableMappings().include("a").table_settings("a", "t", lob_settings=LobSettings("limited")), f"{T} 'table-settings-a-t': limited LOB mode needs a bulk-max-size above 0 KB (got None); set bulk_max_size_kb, e.g. 64"),
    ("unknown LOB mode", lambda: TableMappings().include("a").table_settings("a", "t", lob_settings=LobSettings("limited-lob", 64)), f"{T} 'table-settings-a-t': unknown lob-settings mode 'limited-lob'; use one of: limited, unlimited, none"),
    ("negative LOB size", lambda: TableMappings().include("a").table_settings("a", "t", lob_settings=LobSettings("unlimited", -1)), f"{T} 'table-settings-a-t': lob-settings bulk-max-size must be a whole number of at least 0 (got -1); choose a value of at least 0"),
    ("rule not an object", lambda: TableMappings.from_dict({"rules": ["include dbo"]}), "table_mappings rules[0]: rule must be an object (got 'include dbo'); write each rule as a JSON object"),
    ("rules not a list", lambda: TableMappings.from_dict({"rules": {}}), "table_mappings: rules must be a list (got {}); write rules as a JSON array"),
    ("unknown document key", lambda: TableMappings.from_dict({"rule": []}), "table_mappings: unknown document key 'rule'; did you mean 'rules'?"),
    ("document not an object", lambda: TableMappings.from_dict([]), "table_mappings: document must be an object (got list); pass {'rules': [...]}"),
    ("invalid JSON", lambda: TableMappings.from_json("{rules: []}"), "table_mappings: is not valid JSON (Expecting property name enclosed in double quotes: line 1 column 2 (char 1)); fix the JSON syntax"),
    ("JSON text not a string", lambda: TableMappings.from_json(None), "table_mappings: JSON text must be a string (got NoneType); pass the file's contents"),
    ("add_rule with a dict", lambda: TableMappings().add_rule({"rule-type": "selection"}), "table_mappings.add_rule: expects a Rule (got {'rule-type': 'selection'}); build one with Rule(...)"),
]


@pytest.mark.parametrize("call, message", [pytest.param(c, m, id=i) for i, c, m in INVALID])
def test_validation_message(call, message):
    with pytest.raises(DmsConfigError) as error:
        call()
    assert str(error.value) == message


def test_errors_are_value_errors():
    with pytest.raises(ValueError):
        TableMappings().to_json()


# --- properties ---------------------------------------------------------------------------------

# Small alphabets of valid values, so that most sequences reach the round trip (the share is measured in
# test_property_strategies.py; invalid values have their message tests above).
NAMES = st.sampled_from(["s", "s", "t", "t", "%", "%", "s%", "%t", "S"])
OPTIONAL_NAMES = st.none() | NAMES
TEXT = st.sampled_from(["x", "10"]) | st.integers(0, 5)
DATA_TYPES_ST = st.builds(
    DataType, st.sampled_from(["string", "numeric", "int4", "datetime", "Int4"]),
    st.none() | st.integers(1, 3), st.none() | st.integers(1, 3), st.none() | st.integers(0, 3),
)
ACTION_VALUES = st.sampled_from(["v", "v", "v", None])
CONDITIONS = st.builds(FilterCondition, st.sampled_from([o.value for o in FilterOperator]), st.none() | TEXT, st.none() | TEXT, st.none() | TEXT)
FILTERS = st.lists(st.builds(SourceFilter, NAMES, st.lists(CONDITIONS, max_size=3)), max_size=2)
LOADS = st.one_of(
    st.just(ParallelLoad.partitions_auto()), st.just(ParallelLoad.none()),
    st.builds(ParallelLoad.partitions_list, st.lists(NAMES, max_size=2)),
    st.builds(ParallelLoad.ranges, st.lists(NAMES, max_size=2), st.lists(st.lists(TEXT, max_size=2), max_size=2)),
)
LOBS = st.builds(LobSettings, st.sampled_from([None, "limited", "unlimited", "none"]), st.none() | st.integers(0, 2))
ACTIONS = st.sampled_from([a.value for a in TransformAction])
TARGETS = st.sampled_from([t.value for t in RuleTarget])
CALLS = st.one_of(
    st.tuples(st.just("include"), st.tuples(NAMES, NAMES), st.fixed_dictionaries({"filters": FILTERS, "load_order": st.none() | st.integers(0, 2), "name": OPTIONAL_NAMES})),
    st.tuples(st.just("exclude"), st.tuples(NAMES, NAMES), st.fixed_dictionaries({})),
    st.tuples(st.just("explicit"), st.tuples(NAMES, NAMES), st.fixed_dictionaries({"load_order": st.none() | st.integers(0, 2)})),
    st.tuples(
        st.just("transform"), st.tuples(ACTIONS, TARGETS, NAMES, OPTIONAL_NAMES, OPTIONAL_NAMES),
        st.fixed_dictionaries({"value": ACTION_VALUES, "old_value": st.none() | ACTION_VALUES, "expression": st.none() | ACTION_VALUES, "data_type": st.none() | DATA_TYPES_ST, "tablespace": st.none() | st.none() | NAMES, "name": st.none() | st.none() | NAMES}),
    ),
    st.tuples(st.just("rename_table"), st.tuples(NAMES, NAMES, NAMES), st.fixed_dictionaries({})),
    st.tuples(st.just("add_prefix"), st.tuples(TARGETS, NAMES, OPTIONAL_NAMES, OPTIONAL_NAMES), st.fixed_dictionaries({"prefix": NAMES})),
    st.tuples(st.just("add_column"), st.tuples(NAMES, NAMES, NAMES, DATA_TYPES_ST), st.fixed_dictionaries({"expression": st.none() | NAMES})),
    st.tuples(st.just("table_settings"), st.tuples(NAMES, NAMES), st.fixed_dictionaries({"parallel_load": st.none() | LOADS, "lob_settings": st.none() | LOBS})),
)


@given(st.sampled_from([True, True, True, False]), st.lists(CALLS, max_size=8))  # mostly with a selection
def test_any_builder_calls_round_trip_or_fail_cleanly(select_all, calls):
    mappings = TableMappings().include("%") if select_all else TableMappings()
    for method, args, kwargs in calls:
        try:
            getattr(mappings, method)(*args, **kwargs)
        except DmsConfigError:
            pass
    try:
        text = mappings.to_json()
    except DmsConfigError:
        return
    assert TableMappings.from_json(text).to_json() == text
    assert TableMappings.from_dict(mappings.to_dict()).to_dict() == mappings.to_dict()
    assert [r["rule-id"] for r in mappings.to_dict()["rules"]] == [str(i) for i in range(1, len(mappings.rules) + 1)]


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-2, 20) | st.sampled_from(["", "%", "x", "1", "include", "column", "string", "ranges"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(["type", "value", "schema-name", "x"]), inner, max_size=3),
    max_leaves=6,
)


@given(st.data())
def test_any_edit_of_a_mapping_file_round_trips_or_fails_cleanly(data):
    doc = json.loads(json.dumps(CONSOLE_EXPORT))
    for _ in range(data.draw(st.integers(1, 3))):
        rule = data.draw(st.sampled_from(doc["rules"]))
        container = data.draw(st.sampled_from([rule] + [v for v in rule.values() if isinstance(v, dict)]))
        key = data.draw(st.sampled_from(sorted(container) + ["bogus"]))
        if data.draw(st.booleans()):
            container.pop(key, None)
        else:
            container[key] = data.draw(JSON_VALUES)
    try:
        mappings = TableMappings.from_dict(doc)
    except DmsConfigError:
        return
    text = mappings.to_json()
    assert TableMappings.from_json(text).to_json() == text


# --- reading every nested object of a mapping file ----------------------------------------------

# A file with every nested object the reader knows, written as DMS documents and consoles write them
# (numbers as text or as numbers).
FULL_FILE = {"rules": [
    {"rule-type": "selection", "rule-id": "1", "rule-name": "customers", "rule-action": "include", "load-order": "2",
     "object-locator": {"schema-name": "dmslab", "table-name": "customers", "table-type": "table"},
     "filters": [{"filter-type": "source", "column-name": "id",
                  "filter-conditions": [{"filter-operator": "between", "start-value": 1, "end-value": "9"},
                                        {"filter-operator": "eq", "value": 42}]},
                 {"filter-type": "source", "column-name": "region", "filter-conditions": [{"filter-operator": "notnull"}]}]},
    {"rule-type": "transformation", "rule-id": "2", "rule-name": "origin", "rule-action": "add-column", "rule-target": "column",
     "object-locator": {"schema-name": "dmslab", "table-name": "customers"}, "value": "origin", "expression": "'lab'",
     "data-type": {"type": "numeric", "precision": "10", "scale": "2"}},
    {"rule-type": "transformation", "rule-id": "3", "rule-name": "pk", "rule-action": "define-primary-key", "rule-target": "table",
     "object-locator": {"schema-name": "dmslab", "table-name": "customers"},
     "primary-key-def": {"name": "customers-pk", "origin": "primary-key", "columns": ["id", "region"]}},
    {"rule-type": "transformation", "rule-id": "4", "rule-name": "bi", "rule-action": "add-before-image-columns", "rule-target": "column",
     "object-locator": {"schema-name": "dmslab", "table-name": "customers"},
     "before-image-def": {"column-prefix": "", "column-suffix": "_before", "column-filter": "non-lob"}},
    {"rule-type": "table-settings", "rule-id": "5", "rule-name": "ranges", "object-locator": {"schema-name": "dmslab", "table-name": "customers"},
     "parallel-load": {"type": "ranges", "columns": ["id", "region"], "boundaries": [[100, "NORTH"], ["200", "SOUTH"]]},
     "lob-settings": {"mode": "limited", "bulk-max-size": "64"}},
    {"rule-type": "table-settings", "rule-id": "6", "rule-name": "parts", "object-locator": {"schema-name": "dmslab", "table-name": "orders"},
     "parallel-load": {"type": "partitions-list", "partitions": ["P1", "P2"], "subpartitions": ["S1"]}},
    {"rule-type": "table-settings", "rule-id": "7", "rule-name": "mongo", "object-locator": {"schema-name": "dmslab", "table-name": "events"},
     "parallel-load": {"type": "partitions-auto", "number-of-partitions": "16", "collection-count-from-metadata": "false",
                       "max-records-skip-per-page": "1000", "batch-size": "50"},
     "lob-settings": {"mode": "unlimited", "bulk-max-size": 0}},
    {"rule-type": "table-settings", "rule-id": "8", "rule-name": "mongo2", "object-locator": {"schema-name": "dmslab", "table-name": "logs"},
     "parallel-load": {"type": "partitions-auto", "collection-count-from-metadata": "true"}},
    {"rule-type": "selection", "rule-id": "9", "rule-name": "everything", "rule-action": "include", "object-locator": {"schema-name": "dmslab", "table-name": "%"}},
]}


def test_a_file_with_every_nested_object_reads_and_renders_as_dms_json():
    rules = rules_of(TableMappings.from_dict(FULL_FILE))
    assert rules[0] == {
        "rule-type": "selection", "rule-id": "1", "rule-name": "customers", "rule-action": "include",
        "object-locator": {"schema-name": "dmslab", "table-name": "customers", "table-type": "table"}, "load-order": 2,
        "filters": [{"filter-type": "source", "column-name": "id",
                     "filter-conditions": [{"filter-operator": "between", "start-value": "1", "end-value": "9"},
                                           {"filter-operator": "eq", "value": "42"}]},
                    {"filter-type": "source", "column-name": "region", "filter-conditions": [{"filter-operator": "notnull"}]}],
    }
    assert rules[1]["data-type"] == {"type": "numeric", "precision": 10, "scale": 2}
    assert rules[2]["primary-key-def"] == {"name": "customers-pk", "origin": "primary-key", "columns": ["id", "region"]}
    assert rules[3]["before-image-def"] == {"column-prefix": "", "column-suffix": "_before", "column-filter": "non-lob"}
    assert (rules[4]["parallel-load"], rules[4]["lob-settings"]) == (
        {"type": "ranges", "columns": ["id", "region"], "boundaries": [["100", "NORTH"], ["200", "SOUTH"]]},
        {"mode": "limited", "bulk-max-size": "64"})
    assert rules[5]["parallel-load"] == {"type": "partitions-list", "partitions": ["P1", "P2"], "subpartitions": ["S1"]}
    assert (rules[6]["parallel-load"], rules[6]["lob-settings"]) == (
        {"type": "partitions-auto", "number-of-partitions": 16, "collection-count-from-metadata": "false", "max-records-skip-per-page": 1000, "batch-size": 50},
        {"mode": "unlimited", "bulk-max-size": "0"})
    assert rules[7]["parallel-load"] == {"type": "partitions-auto", "collection-count-from-metadata": "true"}


def test_a_file_reads_into_the_same_model_the_builder_makes():
    read = TableMappings.from_dict({"rules": [FULL_FILE["rules"][0]]})
    assert read.rules[0].filters == (
        SourceFilter("id", [FilterCondition.between(1, 9), FilterCondition.eq(42)]),
        SourceFilter("region", [FilterCondition.notnull()]),
    )
    assert read.rules[0].load_order == 2


def test_mapping_json_that_is_not_text_names_its_type():
    with pytest.raises(DmsConfigError) as error:
        TableMappings.from_json(5)  # type: ignore[arg-type]
    assert str(error.value) == "table_mappings: JSON text must be a string (got int); pass the file's contents"


def test_a_mapping_file_may_be_bytes():
    assert rules_of(TableMappings.from_json(json.dumps(document()).encode())) == [
        {"rule-type": "selection", "rule-id": "1", "rule-name": "1", "rule-action": "include", "object-locator": {"schema-name": "dmslab", "table-name": "%"}}]


# --- builder methods pass every argument on --------------------------------------------------------


@pytest.mark.parametrize("call", [
    lambda m: m.exclude("s", "tmp_%", name="custom", table_type="view"),
    lambda m: m.explicit("s", "t", name="custom", load_order=3, table_type="view"),
    lambda m: m.rename_schema("s", "s2", name="custom"),
    lambda m: m.rename_table("s", "t", "t2", name="custom"),
    lambda m: m.rename_column("s", "t", "c", "c2", name="custom"),
    lambda m: m.add_prefix("table", "s", "t", prefix="p_", name="custom"),
    lambda m: m.remove_prefix("table", "s", "t", prefix="p_", name="custom"),
    lambda m: m.replace_prefix("table", "s", "t", old="a_", new="b_", name="custom"),
    lambda m: m.add_suffix("table", "s", "t", suffix="_s", name="custom"),
    lambda m: m.remove_suffix("table", "s", "t", suffix="_s", name="custom"),
    lambda m: m.replace_suffix("table", "s", "t", old="_a", new="_b", name="custom"),
    lambda m: m.convert_lowercase("table", "s", "t", name="custom"),
    lambda m: m.convert_uppercase("table", "s", "t", name="custom"),
    lambda m: m.remove_column("s", "t", "c", name="custom"),
    lambda m: m.add_column("s", "t", "c", DataType("int4"), name="custom"),
    lambda m: m.change_data_type("s", "t", "c", DataType("int8"), name="custom"),
])
def test_every_builder_method_takes_a_rule_name(call):
    assert rules_of(call(TableMappings().include("s")))[1]["rule-name"] == "custom"


def test_explicit_and_exclude_render_their_options():
    rules = rules_of(TableMappings().include("s").exclude("s", "tmp_%", table_type="view").explicit("s", "t", load_order=3, table_type="all"))
    assert rules[1]["object-locator"] == {"schema-name": "s", "table-name": "tmp_%", "table-type": "view"}
    assert (rules[2]["rule-action"], rules[2]["object-locator"], rules[2]["load-order"]) == (
        "explicit", {"schema-name": "s", "table-name": "t", "table-type": "all"}, 3)


@pytest.mark.parametrize("call, expected", [
    (lambda m: m.add_prefix("column", "s", "t", "c", prefix="p_"), {"rule-action": "add-prefix", "rule-target": "column", "object-locator": {"schema-name": "s", "table-name": "t", "column-name": "c"}, "value": "p_"}),
    (lambda m: m.remove_prefix("table", "s", "t", prefix="p_"), {"rule-action": "remove-prefix", "rule-target": "table", "object-locator": {"schema-name": "s", "table-name": "t"}, "value": "p_"}),
    (lambda m: m.replace_prefix("column", "s", "t", "c", old="a_", new="b_"), {"rule-action": "replace-prefix", "rule-target": "column", "object-locator": {"schema-name": "s", "table-name": "t", "column-name": "c"}, "value": "b_", "old-value": "a_"}),
    (lambda m: m.add_suffix("column", "s", "t", "c", suffix="_s"), {"rule-action": "add-suffix", "rule-target": "column", "object-locator": {"schema-name": "s", "table-name": "t", "column-name": "c"}, "value": "_s"}),
    (lambda m: m.remove_suffix("column", "s", "t", "c", suffix="_s"), {"rule-action": "remove-suffix", "rule-target": "column", "object-locator": {"schema-name": "s", "table-name": "t", "column-name": "c"}, "value": "_s"}),
    (lambda m: m.replace_suffix("table", "s", "t", old="_a", new="_b"), {"rule-action": "replace-suffix", "rule-target": "table", "object-locator": {"schema-name": "s", "table-name": "t"}, "value": "_b", "old-value": "_a"}),
    (lambda m: m.convert_lowercase("table", "s", "t"), {"rule-action": "convert-lowercase", "rule-target": "table", "object-locator": {"schema-name": "s", "table-name": "t"}}),
    (lambda m: m.convert_lowercase("column", "s", "t", "c"), {"rule-action": "convert-lowercase", "rule-target": "column", "object-locator": {"schema-name": "s", "table-name": "t", "column-name": "c"}}),
    (lambda m: m.convert_uppercase("table", "s", "t"), {"rule-action": "convert-uppercase", "rule-target": "table", "object-locator": {"schema-name": "s", "table-name": "t"}}),
    (lambda m: m.rename_table("s", "t", "t2"), {"rule-action": "rename", "rule-target": "table", "object-locator": {"schema-name": "s", "table-name": "t"}, "value": "t2"}),
])
def test_naming_helpers_pass_table_and_column_on(call, expected):
    rule = rules_of(call(TableMappings().include("s")))[1]
    assert {k: v for k, v in rule.items() if k not in ("rule-type", "rule-id", "rule-name")} == expected


# --- messages for each nested object of a file ----------------------------------------------------

def _with(**fields: Any) -> dict[str, Any]:
    """A document whose second rule is an include of dmslab.customers with `fields`."""
    return document({**selection(table="customers"), "rule-id": "2", "rule-name": "x", **fields})


def _transformation(**fields: Any) -> dict[str, Any]:
    return document({"rule-type": "transformation", "rule-id": "2", "rule-name": "x", "object-locator": {"schema-name": "dmslab", "table-name": "customers"}, **fields})


def _settings(**fields: Any) -> dict[str, Any]:
    return document({"rule-type": "table-settings", "rule-id": "2", "rule-name": "x", "object-locator": {"schema-name": "dmslab", "table-name": "customers"}, **fields})


def _filter(**fields: Any) -> dict[str, Any]:
    return _with(filters=[{"filter-type": "source", "column-name": "id", **fields}])


PK = dict(**{"rule-action": "define-primary-key", "rule-target": "table"})
BI = dict(**{"rule-action": "add-before-image-columns", "rule-target": "column"})

FILE_ERRORS: list[tuple[str, dict[str, Any], str]] = [
    ("filters not a list", _with(filters={"column-name": "id"}), f"{T} 'x': filters must be a list (got {{'column-name': 'id'}}); write filters as a JSON array"),
    ("filter not an object", _with(filters=["id = 1"]),
     f"{T} 'x': filter must be an object (got 'id = 1'); write {{'filter-type': 'source', 'column-name': ..., 'filter-conditions': [...]}}"),
    ("unknown filter key", _filter(**{"column": "id"}), f"{T} 'x': unknown filter key 'column'; did you mean 'column-name'?"),
    ("filter-conditions not a list", _filter(**{"filter-conditions": {"filter-operator": "eq"}}),
     f"{T} 'x': filter-conditions must be a list (got {{'filter-operator': 'eq'}}); write filter-conditions as a JSON array"),
    ("filter condition not an object", _filter(**{"filter-conditions": ["eq 1"]}),
     f"{T} 'x': filter condition must be an object (got 'eq 1'); write {{'filter-operator': ..., 'value': ...}}"),
    ("filter condition values read", _filter(**{"filter-conditions": [{"filter-operator": "between", "start-value": 1}]}),
     f"{T} 'x' filter on column 'id': operator 'between' needs end-value; use FilterCondition.between(...)"),
    ("filter condition end read", _filter(**{"filter-conditions": [{"filter-operator": "between", "end-value": 1}]}),
     f"{T} 'x' filter on column 'id': operator 'between' needs start-value; use FilterCondition.between(...)"),
    ("filter condition value read", _filter(**{"filter-conditions": [{"filter-operator": "null", "value": 1}]}),
     f"{T} 'x' filter on column 'id': operator 'null' takes no value; remove value"),
    ("filter condition operator read", _filter(**{"filter-conditions": [{"value": "1"}]}),
     f"{T} 'x' filter on column 'id': missing filter-operator; use one of: lte, ste, gte, eq, noteq, between, notbetween, null, notnull"),
    ("filter column read", _with(filters=[{"filter-type": "source", "filter-conditions": [{"filter-operator": "eq", "value": "1"}]}]),
     f"{T} 'x': filter column-name must be a non-empty string (got None); give filter column-name a name"),
    ("data-type not an object", _transformation(**{"rule-action": "change-data-type", "rule-target": "column", "object-locator": {"schema-name": "dmslab", "table-name": "customers", "column-name": "c"}, "data-type": "int8"}),
     f"{T} 'x': data-type must be an object (got 'int8'); write {{'type': 'string', 'length': 50}}"),
    ("unknown data-type key", _transformation(**{"rule-action": "change-data-type", "rule-target": "column", "object-locator": {"schema-name": "dmslab", "table-name": "customers", "column-name": "c"}, "data-type": {"type": "string", "lenght": 5}}),
     f"{T} 'x': unknown data-type key 'lenght'; did you mean 'length'?"),
    ("data-type read", _transformation(**{"rule-action": "change-data-type", "rule-target": "column", "object-locator": {"schema-name": "dmslab", "table-name": "customers", "column-name": "c"}, "data-type": {"type": "numeric", "precision": "4", "scale": "6"}}),
     f"{T} 'x': data-type scale 6 exceeds its precision 4; use a scale <= precision"),
    ("primary-key-def not an object", _transformation(**PK, **{"primary-key-def": ["id"]}),
     f"{T} 'x': primary-key-def must be an object (got ['id']); write {{'name': ..., 'columns': [...]}}"),
    ("unknown primary-key-def key", _transformation(**PK, **{"primary-key-def": {"name": "pk", "column": ["id"]}}),
     f"{T} 'x': unknown primary-key-def key 'column'; did you mean 'columns'?"),
    ("primary-key-def without name", _transformation(**PK, **{"primary-key-def": {"columns": ["id"]}}),
     f"{T} 'x': primary-key-def name must be a non-empty string (got None); give primary-key-def name a name"),
    ("primary-key-def columns not strings", _transformation(**PK, **{"primary-key-def": {"name": "pk", "columns": "id"}}),
     f"{T} 'x': primary-key-def columns must be a list of non-empty strings (got 'id'); list the primary-key-def columns by name"),
    ("before-image-def not an object", _transformation(**BI, **{"before-image-def": "BI_"}),
     f"{T} 'x': before-image-def must be an object (got 'BI_'); write {{'column-prefix': 'BI_', 'column-filter': 'pk-only'}}"),
    ("unknown before-image-def key", _transformation(**BI, **{"before-image-def": {"column-prefx": "BI_"}}),
     f"{T} 'x': unknown before-image-def key 'column-prefx'; did you mean 'column-prefix'?"),
    ("before-image-def prefix not text", _transformation(**BI, **{"before-image-def": {"column-prefix": 1}}),
     f"{T} 'x': before-image-def column-prefix must be a string (got 1); write it as text"),
    ("before-image-def suffix not text", _transformation(**BI, **{"before-image-def": {"column-suffix": None}}),
     f"{T} 'x': before-image-def column-suffix must be a string (got None); write it as text"),
    ("before-image-def empty prefix, no suffix", _transformation(**BI, **{"before-image-def": {"column-prefix": ""}}),
     f"{T} 'x': before-image-def sets both column-prefix and column-suffix to ''; give a prefix or a suffix"),
    ("parallel-load not an object", _settings(**{"parallel-load": "ranges"}),
     f"{T} 'x': parallel-load must be an object (got 'ranges'); write {{'type': 'partitions-auto'}}"),
    ("unknown parallel-load key", _settings(**{"parallel-load": {"type": "ranges", "column": ["id"]}}),
     f"{T} 'x': unknown parallel-load key 'column'; did you mean 'columns'?"),
    ("parallel-load partitions not a list", _settings(**{"parallel-load": {"type": "partitions-list", "partitions": "P1"}}),
     f"{T} 'x': parallel-load partitions must be a list (got 'P1'); write parallel-load partitions as a JSON array"),
    ("parallel-load subpartitions read", _settings(**{"parallel-load": {"type": "partitions-list", "subpartitions": ["S1", ""]}}),
     f"{T} 'x': parallel-load subpartitions must be a list of non-empty strings (got ('S1', '')); list the parallel-load subpartitions by name"),
    ("parallel-load boundary not a list", _settings(**{"parallel-load": {"type": "ranges", "columns": ["id"], "boundaries": ["100"]}}),
     f"{T} 'x': parallel-load boundary must be a list (got '100'); write parallel-load boundary as a JSON array"),
    ("parallel-load columns read", _settings(**{"parallel-load": {"type": "ranges", "columns": ["id", "id"], "boundaries": [["1", "2"]]}}),
     f"{T} 'x': parallel-load columns repeat a column (got ['id', 'id']); list each column once"),
    ("parallel-load number of partitions read", _settings(**{"parallel-load": {"type": "partitions-auto", "number-of-partitions": "0"}}),
     f"{T} 'x': parallel-load number-of-partitions must be a whole number of at least 1 (got 0); choose a value of at least 1"),
    ("parallel-load records skipped read", _settings(**{"parallel-load": {"type": "partitions-auto", "max-records-skip-per-page": "0"}}),
     f"{T} 'x': parallel-load max-records-skip-per-page must be a whole number of at least 1 (got 0); choose a value of at least 1"),
    ("parallel-load batch size read", _settings(**{"parallel-load": {"type": "partitions-auto", "batch-size": "0"}}),
     f"{T} 'x': parallel-load batch-size must be a whole number of at least 1 (got 0); choose a value of at least 1"),
    ("parallel-load count from metadata", _settings(**{"parallel-load": {"type": "partitions-auto", "collection-count-from-metadata": "yes"}}),
     f"{T} 'x': parallel-load collection-count-from-metadata must be true or false (got 'yes'); use True or False"),
    ("parallel-load count from metadata, number", _settings(**{"parallel-load": {"type": "partitions-auto", "collection-count-from-metadata": 2}}),
     f"{T} 'x': parallel-load collection-count-from-metadata must be true or false (got 2); use True or False"),
    ("parallel-load type read", _settings(**{"parallel-load": {"columns": ["id"]}}),
     f"{T} 'x': missing parallel-load type; use one of: partitions-auto, subpartitions-auto, partitions-list, ranges, none"),
    ("lob-settings not an object", _settings(**{"lob-settings": "limited"}),
     f"{T} 'x': lob-settings must be an object (got 'limited'); write {{'mode': 'limited', 'bulk-max-size': '64'}}"),
    ("unknown lob-settings key", _settings(**{"lob-settings": {"mode": "limited", "bulk-max-sise": "64"}}),
     f"{T} 'x': unknown lob-settings key 'bulk-max-sise'; did you mean 'bulk-max-size'?"),
    ("lob-settings mode read", _settings(**{"lob-settings": {"mode": "full", "bulk-max-size": "64"}}),
     f"{T} 'x': unknown lob-settings mode 'full'; use one of: limited, unlimited, none"),
    ("lob-settings size read", _settings(**{"lob-settings": {"mode": "limited", "bulk-max-size": "0"}}),
     f"{T} 'x': limited LOB mode needs a bulk-max-size above 0 KB (got 0); set bulk_max_size_kb, e.g. 64"),
    ("filter condition needs two values", _filter(**{"filter-conditions": [{"filter-operator": "notbetween"}]}),
     f"{T} 'x' filter on column 'id': operator 'notbetween' needs start-value and end-value; use FilterCondition.notbetween(...)"),
    ("filter condition takes no values", _filter(**{"filter-conditions": [{"filter-operator": "notnull", "value": "1", "start-value": "0"}]}),
     f"{T} 'x' filter on column 'id': operator 'notnull' takes no value or start-value; remove value and start-value"),
    ("partitions are names, not numbers", _settings(**{"parallel-load": {"type": "partitions-list", "partitions": [1]}}),
     f"{T} 'x': parallel-load partitions must be a list of non-empty strings (got (1,)); list the parallel-load partitions by name"),
    ("a boundary that is a number, not a row", _settings(**{"parallel-load": {"type": "ranges", "columns": ["id"], "boundaries": [100]}}),
     f"{T} 'x': parallel-load boundary must be a list (got '100'); write parallel-load boundary as a JSON array"),
    ("parallel-load count from metadata, list", _settings(**{"parallel-load": {"type": "partitions-auto", "collection-count-from-metadata": []}}),
     f"{T} 'x': parallel-load collection-count-from-metadata must be true or false (got []); use True or False"),
    ("a rule that is a number", {"rules": [5]}, "table_mappings rules[0]: rule must be an object (got 5); write each rule as a JSON object"),
    ("object-locator not an object", document({**selection(), "rule-id": "2", "rule-name": "x", "object-locator": "dmslab.%"}),
     f"{T} 'x': object-locator must be an object (got 'dmslab.%'); write {{'schema-name': ..., 'table-name': ...}}"),
]


@pytest.mark.parametrize("raw, message", [pytest.param(d, m, id=i) for i, d, m in FILE_ERRORS])
def test_file_validation_message(raw, message):
    with pytest.raises(DmsConfigError) as error:
        TableMappings.from_dict(raw)
    assert str(error.value) == message


@pytest.mark.parametrize("definition", [
    {"column-suffix": "_bi"}, {"column-prefix": "", "column-suffix": "_bi"}, {"column-prefix": "old_"}, {},
    {"column-filter": "pk-only"}, {"column-filter": "non-lob"}, {"column-filter": "all"},
])
def test_before_image_definitions_dms_accepts(definition):
    rule = Rule("transformation", ObjectLocator("a", "t"), "add-before-image-columns", RuleTarget.COLUMN, before_image_def=definition)
    assert rules_of(TableMappings().include("a").add_rule(rule))[1]["before-image-def"] == definition


@pytest.mark.parametrize("definition", [
    {"name": "pk", "columns": ["id"]}, {"name": "pk", "columns": ["id"], "origin": "primary-key"}, {"name": "pk", "columns": ["a", "b"], "origin": "unique-index"},
])
def test_primary_key_definitions_dms_accepts(definition):
    rule = Rule("transformation", ObjectLocator("a", "t"), "define-primary-key", "table", primary_key_def=definition)
    assert rules_of(TableMappings().include("a").add_rule(rule))[1]["primary-key-def"] == definition
