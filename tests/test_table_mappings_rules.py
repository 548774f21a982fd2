"""Table mappings, rule by rule: tests written against surviving mutants of `make mutate` (table_mappings),
each with its expected document or message written out (docs/TESTING.md lists what each one kills)."""

from __future__ import annotations

from typing import Any

import pytest

from dms_constructs.errors import DmsConfigError
from dms_constructs.table_mappings import (
    DataType,
    FilterCondition,
    LobSettings,
    ObjectLocator,
    ParallelLoad,
    Rule,
    SourceFilter,
    TableMappings,
    pattern_covers,
    patterns_overlap,
)


def rules_of(mappings: TableMappings) -> list[dict[str, Any]]:
    return mappings.to_dict()["rules"]


def message(call) -> str:
    with pytest.raises(DmsConfigError) as error:
        call()
    return str(error.value)


@pytest.mark.parametrize("general, specific, covered", [
    ("%", "anything", True), ("a%", "abc", True), ("a%", "ba", False), ("%c", "abc", True), ("a%c", "abbc", True),
    ("a%c", "abcd", False), ("abc", "abc", True), ("abc", "ab", False), ("a.c", "abc", False), ("a%", "a%", True),
    ("ab", "a%", False), ("%", "", True), ("a", "A", False), ("a%", "a\nb", True),
])
def test_pattern_covers(general, specific, covered):
    assert pattern_covers(general, specific) is covered


# The value objects below are built inside the test bodies: a parametrize list is built when the module is
# imported, before a mutation run switches a mutant on, so a mutant in a factory would pass those tests.


def test_each_filter_condition_factory_writes_its_operator_and_values_as_text():
    conditions = [
        FilterCondition.lte(5), FilterCondition.ste("5"), FilterCondition.gte(1.5), FilterCondition.eq("tech"),
        FilterCondition.noteq(7), FilterCondition.between(1, "2"), FilterCondition.notbetween("a", 2.5),
        FilterCondition.null(), FilterCondition.notnull(),
    ]
    assert [c.to_dict() for c in conditions] == [
        {"filter-operator": "lte", "value": "5"},
        {"filter-operator": "ste", "value": "5"},
        {"filter-operator": "gte", "value": "1.5"},
        {"filter-operator": "eq", "value": "tech"},
        {"filter-operator": "noteq", "value": "7"},
        {"filter-operator": "between", "start-value": "1", "end-value": "2"},
        {"filter-operator": "notbetween", "start-value": "a", "end-value": "2.5"},
        {"filter-operator": "null"},
        {"filter-operator": "notnull"},
    ]
    assert [(c.operator, c.value, c.start, c.end) for c in conditions[:2]] == [("lte", "5", None, None), ("ste", "5", None, None)]
    for condition in conditions:
        condition.check("here")  # each factory makes a condition DMS accepts


def test_each_filter_condition_renders_inside_an_include_rule():
    for condition, rendered in [
        (FilterCondition.lte(10), {"filter-operator": "lte", "value": "10"}),
        (FilterCondition.ste(10), {"filter-operator": "ste", "value": "10"}),
        (FilterCondition.gte(0), {"filter-operator": "gte", "value": "0"}),
        (FilterCondition.eq(3), {"filter-operator": "eq", "value": "3"}),
        (FilterCondition.noteq("x"), {"filter-operator": "noteq", "value": "x"}),
        (FilterCondition.between(1, 9), {"filter-operator": "between", "start-value": "1", "end-value": "9"}),
        (FilterCondition.notbetween(1, 9), {"filter-operator": "notbetween", "start-value": "1", "end-value": "9"}),
        (FilterCondition.null(), {"filter-operator": "null"}),
        (FilterCondition.notnull(), {"filter-operator": "notnull"}),
    ]:
        rule = rules_of(TableMappings().include("s", "t", filters=[SourceFilter("c", [condition])]))[0]
        assert rule["filters"] == [{"filter-type": "source", "column-name": "c", "filter-conditions": [rendered]}]


def test_each_parallel_load_factory_renders_in_a_table_settings_rule():
    for load, rendered in [
        (ParallelLoad.partitions_auto(), {"type": "partitions-auto"}),
        (ParallelLoad.subpartitions_auto(), {"type": "subpartitions-auto"}),
        (ParallelLoad.partitions_list(["P1", "P2"], ["S1"]), {"type": "partitions-list", "partitions": ["P1", "P2"], "subpartitions": ["S1"]}),
        (ParallelLoad.partitions_list(subpartitions=["S1", "S2"]), {"type": "partitions-list", "subpartitions": ["S1", "S2"]}),
        (ParallelLoad.partitions_list(["P9"]), {"type": "partitions-list", "partitions": ["P9"]}),
        (ParallelLoad.ranges(["id", "region"], [[1000, "NORTH"], ["3000", 2.5]]), {"type": "ranges", "columns": ["id", "region"], "boundaries": [["1000", "NORTH"], ["3000", "2.5"]]}),
        (ParallelLoad.none(), {"type": "none"}),
        (ParallelLoad("partitions-auto", number_of_partitions=16, collection_count_from_metadata=False, max_records_skip_per_page=1000, batch_size=50),
         {"type": "partitions-auto", "number-of-partitions": 16, "collection-count-from-metadata": "false", "max-records-skip-per-page": 1000, "batch-size": 50}),
    ]:
        rule = rules_of(TableMappings().include("HR").table_settings("HR", "SALES", parallel_load=load))[1]
        assert rule == {"rule-type": "table-settings", "rule-id": "2", "rule-name": "table-settings-HR-SALES",
                        "object-locator": {"schema-name": "HR", "table-name": "SALES"}, "parallel-load": rendered}


def test_parallel_load_factories_hold_tuples_of_text():
    ranges = ParallelLoad.ranges(["id"], [[1], [2]])
    assert (ranges.type, ranges.columns, ranges.boundaries) == ("ranges", ("id",), (("1",), ("2",)))
    listed = ParallelLoad.partitions_list(["P1"], ["S1"])
    assert (listed.type, listed.partitions, listed.subpartitions) == ("partitions-list", ("P1",), ("S1",))
    assert (ParallelLoad.partitions_auto().type, ParallelLoad.subpartitions_auto().type, ParallelLoad.none().type) == ("partitions-auto", "subpartitions-auto", "none")
    # Lists given to the constructor are kept as tuples, each boundary row too.
    built = ParallelLoad("ranges", columns=["a", "b"], boundaries=[["1", "2"], ["3", "4"]])
    assert (built.columns, built.boundaries) == (("a", "b"), (("1", "2"), ("3", "4")))


def test_each_lob_setting_renders_in_a_table_settings_rule():
    from dms_constructs.table_mappings import LobMode

    for lob, rendered in [
        (LobSettings(bulk_max_size_kb=100_000), {"bulk-max-size": "100000"}),
        (LobSettings(LobMode.LIMITED, 64), {"mode": "limited", "bulk-max-size": "64"}),
        (LobSettings(LobMode.UNLIMITED, 0), {"mode": "unlimited", "bulk-max-size": "0"}),
        (LobSettings("unlimited"), {"mode": "unlimited"}),
        (LobSettings(LobMode.NONE), {"mode": "none"}),
    ]:
        assert rules_of(TableMappings().include("INV").table_settings("INV", "ITEMS", lob_settings=lob))[1]["lob-settings"] == rendered
    assert LobSettings(LobMode.LIMITED, 1).mode == "limited"


def test_table_settings_and_include_take_a_rule_name():
    rules = rules_of(TableMappings().include("s", name="everything").table_settings("s", "t", lob_settings=LobSettings("none"), name="t-lobs"))
    assert [r["rule-name"] for r in rules] == ["everything", "t-lobs"]


def test_includes_all_excluded_again_migrate_nothing():
    assert message(lambda: TableMappings().include("s", "orders").include("s", "order_lines").exclude("s", "order%").to_dict()) == (
        "table_mappings: every table the include rules select ('include-s-orders', 'include-s-order_lines') is excluded "
        "again by an exclude rule, so the task would migrate nothing; narrow the exclude rules, or use explicit() for a "
        "table to keep"
    )
    # An explicit rule keeps its table whatever is excluded, and an include the excludes do not cover keeps its tables.
    assert [r["rule-action"] for r in rules_of(TableMappings().include("s", "orders").exclude("s", "%").explicit("s", "audit"))] == ["include", "exclude", "explicit"]
    assert len(rules_of(TableMappings().include("s", "orders").include("s", "items").exclude("s", "order%"))) == 3
    # Only exclude selection rules undo an include: a transformation naming the same tables does not.
    assert len(rules_of(TableMappings().include("s", "orders").rename_table("s", "orders", "o"))) == 2


def test_a_rule_built_with_an_unknown_type_is_refused_by_add_rule():
    assert message(lambda: TableMappings().add_rule(Rule("object-mapping", ObjectLocator("a", "t")))) == (
        "table_mappings rule: unknown rule-type 'object-mapping'; use one of: selection, transformation, table-settings")
    assert message(lambda: TableMappings().add_rule(Rule("object-mapping", ObjectLocator("a", "t"), rule_name="m"))) == (
        "table_mappings rule 'm': unknown rule-type 'object-mapping'; use one of: selection, transformation, table-settings")
    assert message(lambda: TableMappings().add_rule(Rule(None, ObjectLocator("a", "t")))) == (
        "table_mappings rule: missing rule-type; use one of: selection, transformation, table-settings")


def test_a_locators_table_type_is_kept_as_its_plain_text():
    from dms_constructs.table_mappings import TableType

    locator = ObjectLocator("a", "t", table_type=TableType.VIEW)
    assert type(locator.table_type) is str and locator.table_type == "view"
    assert repr(locator) == ("ObjectLocator(schema_name='a', table_name='t', column_name=None, table_type='view', "
                             "table_tablespace_name=None, index_tablespace_name=None, data_type=None)")
    rendered = rules_of(TableMappings().include("a", "t", table_type=TableType.ALL))[0]["object-locator"]["table-type"]
    assert type(rendered) is str and rendered == "all"


def test_a_rules_locator_must_be_an_object_locator_with_keys_of_its_rule_type():
    assert message(lambda: TableMappings().add_rule(Rule("selection", {"schema-name": "a"}, "include"))) == (
        "table_mappings rule 'include': object-locator must be an ObjectLocator (got {'schema-name': 'a'}); use ObjectLocator(schema_name, ...)")
    assert message(lambda: TableMappings().add_rule(Rule("selection", ObjectLocator("a", "t", column_name="c"), "include"))) == (
        "table_mappings rule 'include-a-t-c': object-locator column-name does not apply to selection rules; remove column-name")
    assert message(lambda: TableMappings().include("a").add_rule(Rule("table-settings", ObjectLocator("a", "t", table_type="view"), lob_settings=LobSettings("none"), rule_name="ts"))) == (
        "table_mappings rule 'ts': object-locator table-type does not apply to table-settings rules; remove table-type")


def test_an_exclude_of_another_table_type_does_not_undo_an_include():
    rules = rules_of(TableMappings().include("s", "orders").exclude("s", "%", table_type="view"))
    assert [(r["rule-action"], r["object-locator"]) for r in rules] == [
        ("include", {"schema-name": "s", "table-name": "orders"}),
        ("exclude", {"schema-name": "s", "table-name": "%", "table-type": "view"}),
    ]
    assert message(lambda: TableMappings().include("s", "v", table_type="view").exclude("s", "%", table_type="all").to_dict()) == (
        "table_mappings: every table the include rules select ('include-s-v') is excluded again by an exclude rule, so the "
        "task would migrate nothing; narrow the exclude rules, or use explicit() for a table to keep")


def test_key_and_before_image_definitions_render_as_fresh_json():
    key = Rule("transformation", ObjectLocator("a", "t"), "define-primary-key", "table", primary_key_def={"name": "pk", "columns": ("id", "region")})
    image = Rule("transformation", ObjectLocator("a", "t"), "add-before-image-columns", "column", before_image_def={"column-prefix": "BI_", "column-filter": "pk-only"})
    mappings = TableMappings().include("a").add_rule(key).add_rule(image)
    first = rules_of(mappings)
    assert (first[1]["primary-key-def"], first[2]["before-image-def"]) == ({"name": "pk", "columns": ["id", "region"]}, {"column-prefix": "BI_", "column-filter": "pk-only"})
    first[1]["primary-key-def"]["name"] = "changed"
    first[2]["before-image-def"]["column-prefix"] = "changed"
    again = rules_of(mappings)
    assert (again[1]["primary-key-def"]["name"], again[2]["before-image-def"]["column-prefix"]) == ("pk", "BI_")
    assert (key.primary_key_def["name"], image.before_image_def["column-prefix"]) == ("pk", "BI_")


def test_data_type_precision_and_scale_bounds():
    T = "table_mappings rule 'change-data-type-a-t-c'"
    change = lambda data_type: TableMappings().include("a").change_data_type("a", "t", "c", data_type)  # noqa: E731
    assert message(lambda: change(DataType("numeric", precision=0))) == (
        f"{T}: data-type precision must be a whole number of at least 1 (got 0); choose a value of at least 1")
    assert message(lambda: change(DataType("numeric", precision=5, scale=-1))) == (
        f"{T}: data-type scale must be a whole number of at least 0 (got -1); choose a value of at least 0")
    # The smallest precision, a scale of 0, and a scale equal to its precision are what DMS takes.
    rules = rules_of(TableMappings().include("a").change_data_type("a", "t", "c", DataType("numeric", precision=1, scale=1))
                     .change_data_type("a", "t", "d", DataType("numeric", precision=3, scale=0)))
    assert [r["data-type"] for r in rules[1:]] == [{"type": "numeric", "precision": 1, "scale": 1}, {"type": "numeric", "precision": 3, "scale": 0}]


def test_a_lob_settings_mode_is_kept_as_its_plain_text():
    from dms_constructs.table_mappings import LobMode

    lob = LobSettings(LobMode.UNLIMITED, 0)
    assert type(lob.mode) is str and lob.mode == "unlimited"
    assert repr(lob) == "LobSettings(mode='unlimited', bulk_max_size_kb=0)"
    rendered = rules_of(TableMappings().include("INV").table_settings("INV", "ITEMS", lob_settings=LobSettings(LobMode.LIMITED, 64)))[1]
    assert type(rendered["lob-settings"]["mode"]) is str and rendered["lob-settings"] == {"mode": "limited", "bulk-max-size": "64"}


def test_types_without_options_refuse_every_parallel_load_option():
    # partitions-auto takes the MongoDB/DocumentDB options, partitions-list its lists, ranges columns and
    # boundaries; subpartitions-auto and none take nothing besides the type.
    assert message(lambda: TableMappings().include("a").table_settings("a", "t", parallel_load=ParallelLoad("none", partitions=["P1"]))) == (
        "table_mappings rule 'table-settings-a-t': parallel-load partitions does not apply to type 'none'; remove partitions")
    assert message(lambda: TableMappings().include("a").table_settings("a", "t", parallel_load=ParallelLoad("subpartitions-auto", batch_size=10))) == (
        "table_mappings rule 'table-settings-a-t': parallel-load batch-size does not apply to type 'subpartitions-auto'; remove batch-size")


def test_a_parallel_load_type_is_kept_as_its_plain_text():
    from dms_constructs.table_mappings import ParallelLoadType

    load = ParallelLoad(ParallelLoadType.PARTITIONS_AUTO)
    assert type(load.type) is str and load.type == "partitions-auto"
    assert repr(load) == ("ParallelLoad(type='partitions-auto', partitions=(), subpartitions=(), columns=(), boundaries=(), "
                          "number_of_partitions=None, collection_count_from_metadata=None, max_records_skip_per_page=None, batch_size=None)")
    assert type(ParallelLoad.none().type) is str


def test_ranges_take_up_to_ten_columns():
    columns = [f"c{i}" for i in range(10)]
    rule = rules_of(TableMappings().include("a").table_settings("a", "t", parallel_load=ParallelLoad.ranges(columns, [["1"] * 10])))[1]
    assert rule["parallel-load"] == {"type": "ranges", "columns": ["c0", "c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8", "c9"],
                                     "boundaries": [["1", "1", "1", "1", "1", "1", "1", "1", "1", "1"]]}


@pytest.mark.parametrize("a, b", [("a", "%%a"), ("%%a", "ba"), ("aaa", "%%a")])
def test_patterns_overlap_through_a_run_of_wildcards(a, b):
    # The search meets a state it has seen before it finds the match: it must go on, not stop.
    assert patterns_overlap(a, b) is True
    assert patterns_overlap(b, a) is True


def test_a_mapping_document_nested_without_end_is_refused():
    deep: list[Any] = []
    inner = deep
    for _ in range(3000):
        inner.append([])
        inner = inner[0]
    rule = {"rule-type": "selection", "rule-action": "include", "object-locator": {"schema-name": "s", "table-name": "t"}, "filters": deep}
    assert message(lambda: TableMappings.from_dict({"rules": [rule]})) == (
        "table_mappings: is nested too deeply to be a DMS table-mapping document; check the file: rules nest at most four levels")


def test_a_load_order_of_2147483647_is_the_highest_accepted():
    rule = rules_of(TableMappings().include("s", "t", load_order=2_147_483_647))[0]
    assert rule["load-order"] == 2147483647
    assert message(lambda: TableMappings().include("s", "t", load_order=2_147_483_648)) == (
        "table_mappings rule 'include-s-t': load-order must be a whole number between 1 and 2147483647 (got 2147483648); "
        "choose a value in 1..2147483647")
