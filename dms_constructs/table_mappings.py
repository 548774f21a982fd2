"""Table mappings: a typed builder for the DMS table-mapping document, validated before deploy.

No CDK import. Rules keep the order they are added in; rule ids are assigned 1, 2, 3, ... in that
order, so the same calls always give the same document. Existing mapping files load with
`TableMappings.from_json` and pass the same validation.
"""

from __future__ import annotations

import copy
import json
import re
from dataclasses import dataclass
from typing import Any, Iterable, Mapping, Optional, Sequence

from .errors import DmsConfigError

SELECTION_ACTIONS = ("include", "exclude", "explicit")
FILTER_OPERATORS = ("ste", "gte", "eq", "noteq", "between", "notbetween", "null", "notnull")
# Which transformation actions apply to which targets (DMS user guide, "Transformation rules and actions").
_AFFIXES = ("add-prefix", "remove-prefix", "replace-prefix", "add-suffix", "remove-suffix", "replace-suffix")
_NAMING = ("rename", "convert-lowercase", "convert-uppercase", *_AFFIXES)
TRANSFORMATIONS: dict[str, tuple[str, ...]] = {
    "schema": _NAMING,
    "table": (*_NAMING, "define-primary-key"),
    "column": (*_NAMING, "remove-column", "add-column", "change-data-type", "include-column"),
}
DATA_TYPES = (
    "boolean", "bytes", "date", "time", "datetime", "int1", "int2", "int4", "int8", "numeric", "real4", "real8",
    "string", "uint1", "uint2", "uint4", "uint8", "wstring", "blob", "nclob", "clob",
)
PARALLEL_LOAD_TYPES = ("partitions-auto", "partitions-list", "ranges", "none")
LOB_MODES = ("limited", "unlimited", "none")
RULE_TYPES = ("selection", "transformation", "table-settings")


def _fail(field: str, value: Any, problem: str, fix: str) -> None:
    raise DmsConfigError(f"{field}: {problem} (got {value!r}); {fix}")


@dataclass(frozen=True)
class FilterCondition:
    """One condition of a source filter: `operator` with `value`, or `start`/`end` for (not)between."""

    operator: str
    value: Optional[str] = None
    start: Optional[str] = None
    end: Optional[str] = None

    def to_dict(self) -> dict[str, str]:
        out = {"filter-operator": self.operator}
        for key, value in (("value", self.value), ("start", self.start), ("end", self.end)):
            if value is not None:
                out[key] = value
        return out


@dataclass(frozen=True)
class SourceFilter:
    """A source filter on one column: rows pass when any condition holds."""

    column: str
    conditions: Sequence[FilterCondition]

    def to_dict(self) -> dict[str, Any]:
        return {
            "filter-type": "source",
            "column-name": self.column,
            "filter-conditions": [c.to_dict() for c in self.conditions],
        }


@dataclass(frozen=True)
class DataType:
    """A DMS data type for add-column / change-data-type: `string` and `wstring` need `length`,
    `numeric` needs `precision` and `scale`."""

    type: str
    length: Optional[int] = None
    precision: Optional[int] = None
    scale: Optional[int] = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"type": self.type}
        for key, value in (("length", self.length), ("precision", self.precision), ("scale", self.scale)):
            if value is not None:
                out[key] = value
        return out


def _to_regex(pattern: str) -> re.Pattern[str]:
    return re.compile("^" + ".*".join(re.escape(part) for part in pattern.split("%")) + "$", re.DOTALL)


def _overlaps(a: str, b: str) -> bool:
    """Whether two `%`-wildcard patterns can match a common name (sound for the cases DMS users write)."""
    if "%" not in a and "%" not in b:
        return a == b
    return bool(_to_regex(a).match(b.replace("%", "")) or _to_regex(b).match(a.replace("%", "")))


class TableMappings:
    """A DMS table-mapping document built from typed rules.

    Example::

        TableMappings().include("dmslab", "%").exclude("dmslab", "audit_%").rename_schema("dmslab", "sales")
    """

    def __init__(self) -> None:
        self._rules: list[dict[str, Any]] = []

    # --- selection ------------------------------------------------------------------------------

    def include(self, schema: str, table: str = "%", *, name: Optional[str] = None, filters: Sequence[SourceFilter] = (), load_order: Optional[int] = None) -> "TableMappings":
        """Migrate tables matching `schema`.`table` (`%` is a wildcard), optionally filtered by rows."""
        return self._selection("include", schema, table, name, filters, load_order)

    def exclude(self, schema: str, table: str = "%", *, name: Optional[str] = None) -> "TableMappings":
        """Leave out tables matching `schema`.`table`."""
        return self._selection("exclude", schema, table, name, (), None)

    def explicit(self, schema: str, table: str, *, name: Optional[str] = None, filters: Sequence[SourceFilter] = ()) -> "TableMappings":
        """Migrate exactly one table (no wildcards)."""
        return self._selection("explicit", schema, table, name, filters, None)

    def _selection(self, action: str, schema: str, table: str, name: Optional[str], filters: Sequence[SourceFilter], load_order: Optional[int]) -> "TableMappings":
        rule: dict[str, Any] = {
            "rule-type": "selection",
            "rule-name": name or f"{action}-{schema}-{table}",
            "object-locator": {"schema-name": schema, "table-name": table},
            "rule-action": action,
        }
        if filters:
            rule["filters"] = [f.to_dict() for f in filters]
        if load_order is not None:
            rule["load-order"] = load_order
        return self._add(rule)

    # --- transformations ------------------------------------------------------------------------

    def transform(self, target: str, action: str, *, schema: str, table: Optional[str] = None, column: Optional[str] = None, value: Optional[str] = None, old_value: Optional[str] = None, expression: Optional[str] = None, data_type: Optional[DataType] = None, name: Optional[str] = None) -> "TableMappings":
        """Any transformation rule; the typed helpers below cover the common ones."""
        locator = {"schema-name": schema}
        if table is not None:
            locator["table-name"] = table
        if column is not None:
            locator["column-name"] = column
        rule: dict[str, Any] = {
            "rule-type": "transformation",
            "rule-name": name or "-".join(p for p in (action, target, schema, table, column) if p),
            "rule-target": target,
            "object-locator": locator,
            "rule-action": action,
        }
        for key, item in (("value", value), ("old-value", old_value), ("expression", expression)):
            if item is not None:
                rule[key] = item
        if data_type is not None:
            rule["data-type"] = data_type.to_dict()
        return self._add(rule)

    def rename_schema(self, schema: str, new_name: str, *, name: Optional[str] = None) -> "TableMappings":
        return self.transform("schema", "rename", schema=schema, value=new_name, name=name)

    def rename_table(self, schema: str, table: str, new_name: str, *, name: Optional[str] = None) -> "TableMappings":
        return self.transform("table", "rename", schema=schema, table=table, value=new_name, name=name)

    def rename_column(self, schema: str, table: str, column: str, new_name: str, *, name: Optional[str] = None) -> "TableMappings":
        return self.transform("column", "rename", schema=schema, table=table, column=column, value=new_name, name=name)

    def convert_case(self, target: str, *, lower: bool = True, schema: str, table: Optional[str] = None, column: Optional[str] = None, name: Optional[str] = None) -> "TableMappings":
        action = "convert-lowercase" if lower else "convert-uppercase"
        return self.transform(target, action, schema=schema, table=table, column=column, name=name)

    def add_prefix(self, target: str, prefix: str, *, schema: str, table: Optional[str] = None, column: Optional[str] = None, name: Optional[str] = None) -> "TableMappings":
        return self.transform(target, "add-prefix", schema=schema, table=table, column=column, value=prefix, name=name)

    def remove_column(self, schema: str, table: str, column: str, *, name: Optional[str] = None) -> "TableMappings":
        return self.transform("column", "remove-column", schema=schema, table=table, column=column, name=name)

    def add_column(self, schema: str, table: str, column: str, *, expression: str, data_type: DataType, name: Optional[str] = None) -> "TableMappings":
        return self.transform("column", "add-column", schema=schema, table=table, value=column, expression=expression, data_type=data_type, name=name)

    def change_data_type(self, schema: str, table: str, column: str, data_type: DataType, *, name: Optional[str] = None) -> "TableMappings":
        return self.transform("column", "change-data-type", schema=schema, table=table, column=column, data_type=data_type, name=name)

    # --- table settings -------------------------------------------------------------------------

    def parallel_load(self, schema: str, table: str, load_type: str, *, partitions: Sequence[str] = (), columns: Sequence[str] = (), boundaries: Sequence[Sequence[str]] = (), name: Optional[str] = None) -> "TableMappings":
        """Load one table in parallel: `partitions-auto`, `partitions-list` (with `partitions`), or
        `ranges` (with `columns` and `boundaries`)."""
        load: dict[str, Any] = {"type": load_type}
        if partitions:
            load["partitions"] = list(partitions)
        if columns:
            load["columns"] = list(columns)
        if boundaries:
            load["boundaries"] = [list(b) for b in boundaries]
        return self._table_settings(schema, table, name or f"parallel-load-{schema}-{table}", {"parallel-load": load})

    def lob_settings(self, schema: str, table: str, mode: str, *, bulk_max_size_kb: Optional[int] = None, name: Optional[str] = None) -> "TableMappings":
        """LOB handling for one table: `limited` (with `bulk_max_size_kb`), `unlimited` or `none`."""
        lob: dict[str, Any] = {"mode": mode}
        if bulk_max_size_kb is not None:
            lob["bulk-max-size"] = bulk_max_size_kb
        return self._table_settings(schema, table, name or f"lob-settings-{schema}-{table}", {"lob-settings": lob})

    def _table_settings(self, schema: str, table: str, name: str, body: dict[str, Any]) -> "TableMappings":
        rule = {"rule-type": "table-settings", "rule-name": name, "object-locator": {"schema-name": schema, "table-name": table}}
        rule.update(body)
        return self._add(rule)

    # --- document -------------------------------------------------------------------------------

    def _add(self, rule: dict[str, Any]) -> "TableMappings":
        rule = {"rule-id": str(len(self._rules) + 1), **rule}
        _check_rule(rule)
        if any(r["rule-name"] == rule["rule-name"] for r in self._rules):
            _fail(f"table_mappings rule '{rule['rule-name']}'", rule["rule-name"], "duplicates another rule's name", "give every rule its own name (name=...)")
        self._rules.append(rule)
        return self

    def selected_objects(self) -> list[tuple[str, str]]:
        """The (schema, table) patterns that include or explicit rules select."""
        return [
            (r["object-locator"]["schema-name"], r["object-locator"]["table-name"])
            for r in self._rules
            if r["rule-type"] == "selection" and r["rule-action"] in ("include", "explicit")
        ]

    def validate(self) -> "TableMappings":
        """Check the document as a whole: something selected, unique ids and names, and every
        transformation or table setting matching a selected table."""
        selected = self.selected_objects()
        if not selected:
            _fail("table_mappings", [r["rule-name"] for r in self._rules], "selects no table (no include or explicit rule)", "add a selection rule, e.g. TableMappings().include('my_schema', '%')")
        seen_ids: set[str] = set()
        seen_names: set[str] = set()
        for rule in self._rules:
            label = f"table_mappings rule '{rule['rule-name']}'"
            if rule["rule-id"] in seen_ids:
                _fail(label, rule["rule-id"], "duplicates another rule's rule-id", "give every rule its own rule-id")
            if rule["rule-name"] in seen_names:
                _fail(label, rule["rule-name"], "duplicates another rule's name", "give every rule its own rule-name")
            seen_ids.add(rule["rule-id"])
            seen_names.add(rule["rule-name"])
            if rule["rule-type"] != "selection":
                locator = rule["object-locator"]
                schema, table = locator["schema-name"], locator.get("table-name", "%")
                if not any(_overlaps(schema, s) and _overlaps(table, t) for s, t in selected):
                    _fail(label, f"{schema}.{table}", "matches nothing that the selection rules include", "fix the object-locator or include the table")
        return self

    def to_dict(self) -> dict[str, Any]:
        """The validated mapping document (a fresh dict each call)."""
        self.validate()
        return {"rules": copy.deepcopy(self._rules)}

    def to_json(self) -> str:
        """The validated mapping document as deterministic JSON."""
        return json.dumps(self.to_dict(), sort_keys=True, separators=(",", ":"))

    @staticmethod
    def from_dict(document: Mapping[str, Any]) -> "TableMappings":
        """Load an existing mapping document; it is validated exactly like a built one."""
        if not isinstance(document, Mapping) or not isinstance(document.get("rules"), list):
            _fail("table_mappings", type(document).__name__, "is not a mapping document", "pass {'rules': [...]}")
        mappings = TableMappings()
        for raw in document["rules"]:
            if not isinstance(raw, Mapping):
                _fail("table_mappings rule", raw, "is not an object", "each rule is a JSON object")
            rule = copy.deepcopy(dict(raw))
            rule["rule-id"] = str(rule.get("rule-id", ""))
            _check_rule(rule)
            mappings._rules.append(rule)
        return mappings.validate()

    @staticmethod
    def from_json(text: str) -> "TableMappings":
        """Load an existing mapping file's JSON text."""
        try:
            document = json.loads(text)
        except json.JSONDecodeError as err:
            raise DmsConfigError(f"table_mappings: is not valid JSON ({err.msg} at line {err.lineno}); fix the file") from None
        return TableMappings.from_dict(document)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, TableMappings) and self._rules == other._rules

    def __repr__(self) -> str:
        return f"TableMappings({len(self._rules)} rules)"


def _check_rule(rule: Mapping[str, Any]) -> None:
    name = rule.get("rule-name")
    label = f"table_mappings rule '{name}'"
    if not isinstance(name, str) or not name.strip():
        _fail("table_mappings rule", rule.get("rule-id"), "has no rule-name", "give every rule a non-empty rule-name")
    if not re.fullmatch(r"[1-9][0-9]*", str(rule.get("rule-id", ""))):
        _fail(label, rule.get("rule-id"), "has a rule-id that is not a positive number", "use rule ids '1', '2', ...")
    rule_type = rule.get("rule-type")
    if rule_type not in RULE_TYPES:
        _fail(label, rule_type, "has an unknown rule-type", f"use one of: {', '.join(RULE_TYPES)}")
    locator = rule.get("object-locator")
    if not isinstance(locator, Mapping) or not _text(locator.get("schema-name")):
        _fail(label, locator, "has no object-locator with a schema-name", "add 'object-locator': {'schema-name': ..., 'table-name': ...}")
    if rule_type in ("selection", "table-settings") and not _text(locator.get("table-name")):
        _fail(label, locator, "has no table-name in its object-locator", "add 'table-name' (use '%' for all tables)")
    {"selection": _check_selection, "transformation": _check_transformation, "table-settings": _check_table_settings}[rule_type](label, rule)


def _text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _check_selection(label: str, rule: Mapping[str, Any]) -> None:
    action = rule.get("rule-action")
    if action not in SELECTION_ACTIONS:
        _fail(label, action, "has an unknown rule-action", f"use one of: {', '.join(SELECTION_ACTIONS)}")
    locator = rule["object-locator"]
    if action == "explicit" and ("%" in locator["schema-name"] or "%" in locator["table-name"]):
        _fail(label, f"{locator['schema-name']}.{locator['table-name']}", "uses a wildcard in an explicit rule", "name one schema and table, or use include")
    for source_filter in rule.get("filters", []):
        _check_filter(label, source_filter)
    load_order = rule.get("load-order")
    if load_order is not None and (isinstance(load_order, bool) or not isinstance(load_order, int) or load_order < 0):
        _fail(label, load_order, "has a load-order that is not a whole number >= 0", "use e.g. load_order=1")


def _check_filter(label: str, source_filter: Any) -> None:
    if not isinstance(source_filter, Mapping) or source_filter.get("filter-type") != "source" or not _text(source_filter.get("column-name")):
        _fail(label, source_filter, "has a filter without filter-type 'source' and a column-name", "use SourceFilter(column, conditions)")
    conditions = source_filter.get("filter-conditions")
    if not isinstance(conditions, list) or not conditions:
        _fail(label, source_filter.get("column-name"), "has a filter without conditions", "add at least one FilterCondition")
    for condition in conditions:
        operator = condition.get("filter-operator") if isinstance(condition, Mapping) else None
        if operator not in FILTER_OPERATORS:
            _fail(label, operator, "has an unknown filter-operator", f"use one of: {', '.join(FILTER_OPERATORS)}")
        needs = {"between": ("start", "end"), "notbetween": ("start", "end"), "null": (), "notnull": ()}.get(operator, ("value",))
        missing = [k for k in needs if k not in condition]
        extra = [k for k in ("value", "start", "end") if k in condition and k not in needs]
        if missing or extra:
            wanted = " and ".join(needs) if needs else "no value"
            _fail(label, condition, f"has a '{operator}' condition with the wrong fields", f"give it {wanted}")


def _check_transformation(label: str, rule: Mapping[str, Any]) -> None:
    target, action = rule.get("rule-target"), rule.get("rule-action")
    if target not in TRANSFORMATIONS:
        _fail(label, target, "has an unknown rule-target", f"use one of: {', '.join(TRANSFORMATIONS)}")
    if action not in TRANSFORMATIONS[target]:
        _fail(label, action, f"has a rule-action that does not apply to a {target}", f"use one of: {', '.join(TRANSFORMATIONS[target])}")
    locator = rule["object-locator"]
    if target in ("table", "column") and not _text(locator.get("table-name")):
        _fail(label, locator, f"has no table-name in the object-locator of a {target} rule", "add 'table-name'")
    if target == "column" and action != "add-column" and not _text(locator.get("column-name")):
        _fail(label, locator, "has no column-name in the object-locator of a column rule", "add 'column-name'")
    needs = {"rename": ("value",), "add-prefix": ("value",), "add-suffix": ("value",), "remove-prefix": ("value",), "remove-suffix": ("value",), "replace-prefix": ("value", "old-value"), "replace-suffix": ("value", "old-value"), "add-column": ("value", "expression", "data-type"), "change-data-type": ("data-type",)}.get(action, ())
    for key in needs:
        if key not in rule:
            _fail(label, action, f"needs '{key}'", f"add '{key}' to the rule")
    if "data-type" in rule:
        _check_data_type(label, rule["data-type"])


def _check_data_type(label: str, data_type: Any) -> None:
    kind = data_type.get("type") if isinstance(data_type, Mapping) else None
    if kind not in DATA_TYPES:
        _fail(label, kind, "has an unknown data type", f"use one of: {', '.join(DATA_TYPES)}")
    if kind in ("string", "wstring") and not (isinstance(data_type.get("length"), int) and data_type["length"] > 0):
        _fail(label, data_type, f"has a {kind} without a positive length", "add length, e.g. DataType('string', length=50)")
    if kind == "numeric" and not all(isinstance(data_type.get(k), int) for k in ("precision", "scale")):
        _fail(label, data_type, "has a numeric without precision and scale", "add them, e.g. DataType('numeric', precision=10, scale=2)")


def _check_table_settings(label: str, rule: Mapping[str, Any]) -> None:
    load, lob = rule.get("parallel-load"), rule.get("lob-settings")
    if load is None and lob is None:
        _fail(label, sorted(rule), "has neither parallel-load nor lob-settings", "add one of them")
    if load is not None:
        kind = load.get("type") if isinstance(load, Mapping) else None
        if kind not in PARALLEL_LOAD_TYPES:
            _fail(label, kind, "has an unknown parallel-load type", f"use one of: {', '.join(PARALLEL_LOAD_TYPES)}")
        if kind == "partitions-list" and not load.get("partitions"):
            _fail(label, kind, "lists no partitions", "add partitions=[...]")
        if kind == "ranges":
            columns, boundaries = load.get("columns") or [], load.get("boundaries") or []
            if not columns or not boundaries or any(len(b) != len(columns) for b in boundaries):
                _fail(label, load, "needs columns and boundaries with one value per column", "e.g. columns=['id'], boundaries=[['1000'], ['2000']]")
    if lob is not None:
        mode = lob.get("mode") if isinstance(lob, Mapping) else None
        if mode not in LOB_MODES:
            _fail(label, mode, "has an unknown lob-settings mode", f"use one of: {', '.join(LOB_MODES)}")
