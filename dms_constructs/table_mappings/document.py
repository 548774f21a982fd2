"""The table-mapping document: the `TableMappings` builder, its cross-rule validation, and reading and
writing the DMS JSON."""

from __future__ import annotations

import json
from typing import Any, Mapping, Optional, Sequence, Union

from .vocabulary import RuleTarget, RuleType, SelectionAction, TableType, TransformAction, WILDCARD
from ._parsing import _check_keys, _fail, _plain, _strings
from .filters import SourceFilter
from .settings import DataType, LobSettings, ParallelLoad
from .rules import ObjectLocator, Rule, _undoes

# --- the document -------------------------------------------------------------------------------


class TableMappings:
    """A DMS table-mapping document, built with chained calls, e.g.::

        TableMappings().include("dmslab").exclude("dmslab", "audit_%").rename_schema("dmslab", "sales")

    Every builder method validates its rule at once and returns the builder. `validate()` (also run by
    `to_dict()`, `to_json()` and `from_dict()`) checks the rules against each other.
    """

    def __init__(self) -> None:
        self._rules: list[Rule] = []

    @property
    def rules(self) -> tuple[Rule, ...]:
        """The rules, in order."""
        return tuple(self._rules)

    def add_rule(self, rule: Rule) -> "TableMappings":
        """Add a rule after checking it and that its name and id are not taken."""
        if not isinstance(rule, Rule):
            _fail("table_mappings.add_rule", f"expects a Rule (got {rule!r})", "build one with Rule(...)")
        rule.check()
        for other in self._rules:
            if other.name == rule.name:
                _fail(f"table_mappings rule {rule.name!r}", "rule-name is already used by another rule", "give each rule a unique name (name=...)")
            if rule.rule_id is not None and other.rule_id == rule.rule_id:
                _fail(f"table_mappings rule {rule.name!r}", f"rule-id {rule.rule_id!r} is already used by rule {other.name!r}", "give each rule a unique rule-id")
        self._rules.append(rule)
        return self

    # --- selection ------------------------------------------------------------------------------

    def _select(self, action: SelectionAction, schema: str, table: str, name: Optional[str], table_type: Optional[Union[TableType, str]], **extra: Any) -> "TableMappings":
        locator = ObjectLocator(schema, table, table_type=table_type)
        return self.add_rule(Rule(RuleType.SELECTION, locator, action, rule_name=name, **extra))

    def include(
        self,
        schema: str,
        table: str = WILDCARD,
        *,
        name: Optional[str] = None,
        filters: Sequence[SourceFilter] = (),
        load_order: Optional[int] = None,
        table_type: Optional[Union[TableType, str]] = None,
    ) -> "TableMappings":
        """Migrate the tables matching `schema`.`table` (`%` wildcards; default table: all).
        `filters` (default: none) need an exact table; `load_order` (default: unset) orders initial loads;
        `table_type` (default: DMS's `table`) may select views."""
        return self._select(SelectionAction.INCLUDE, schema, table, name, table_type, filters=filters, load_order=load_order)

    def exclude(self, schema: str, table: str = WILDCARD, *, name: Optional[str] = None, table_type: Optional[Union[TableType, str]] = None) -> "TableMappings":
        """Leave out the tables matching `schema`.`table` (`%` wildcards; default table: all)."""
        return self._select(SelectionAction.EXCLUDE, schema, table, name, table_type)

    def explicit(self, schema: str, table: str, *, name: Optional[str] = None, load_order: Optional[int] = None, table_type: Optional[Union[TableType, str]] = None) -> "TableMappings":
        """Migrate exactly one table (no wildcards), even where another rule excludes it."""
        return self._select(SelectionAction.EXPLICIT, schema, table, name, table_type, load_order=load_order)

    # --- transformations ------------------------------------------------------------------------

    def transform(
        self,
        action: Union[TransformAction, str],
        target: Union[RuleTarget, str],
        schema: str,
        table: Optional[str] = None,
        column: Optional[str] = None,
        *,
        value: Optional[str] = None,
        old_value: Optional[str] = None,
        expression: Optional[str] = None,
        data_type: Optional[DataType] = None,
        tablespace: Optional[str] = None,
        name: Optional[str] = None,
    ) -> "TableMappings":
        """Any transformation; the methods below cover the common ones. `tablespace` names the table or
        index tablespace of a tablespace target. Every optional argument defaults to unset."""
        tablespace_key = {RuleTarget.TABLE_TABLESPACE: "table_tablespace_name", RuleTarget.INDEX_TABLESPACE: "index_tablespace_name"}.get(_plain(target))
        if tablespace is not None and tablespace_key is None:
            _fail(f"table_mappings {_plain(action)} rule", f"tablespace applies only to tablespace targets (got rule-target {_plain(target)!r})", "drop tablespace=")
        locator = ObjectLocator(schema, table, column, **({tablespace_key: tablespace} if tablespace_key else {}))
        return self.add_rule(Rule(
            RuleType.TRANSFORMATION, locator, _plain(action), target,
            value=value, old_value=old_value, expression=expression, data_type=data_type, rule_name=name,
        ))

    def rename_schema(self, schema: str, new_name: str, *, name: Optional[str] = None) -> "TableMappings":
        return self.transform(TransformAction.RENAME, RuleTarget.SCHEMA, schema, value=new_name, name=name)

    def rename_table(self, schema: str, table: str, new_name: str, *, name: Optional[str] = None) -> "TableMappings":
        return self.transform(TransformAction.RENAME, RuleTarget.TABLE, schema, table, value=new_name, name=name)

    def rename_column(self, schema: str, table: str, column: str, new_name: str, *, name: Optional[str] = None) -> "TableMappings":
        return self.transform(TransformAction.RENAME, RuleTarget.COLUMN, schema, table, column, value=new_name, name=name)

    def add_prefix(self, target: Union[RuleTarget, str], schema: str, table: Optional[str] = None, column: Optional[str] = None, *, prefix: str, name: Optional[str] = None) -> "TableMappings":
        return self.transform(TransformAction.ADD_PREFIX, target, schema, table, column, value=prefix, name=name)

    def remove_prefix(self, target: Union[RuleTarget, str], schema: str, table: Optional[str] = None, column: Optional[str] = None, *, prefix: str, name: Optional[str] = None) -> "TableMappings":
        return self.transform(TransformAction.REMOVE_PREFIX, target, schema, table, column, value=prefix, name=name)

    def replace_prefix(self, target: Union[RuleTarget, str], schema: str, table: Optional[str] = None, column: Optional[str] = None, *, old: str, new: str, name: Optional[str] = None) -> "TableMappings":
        return self.transform(TransformAction.REPLACE_PREFIX, target, schema, table, column, value=new, old_value=old, name=name)

    def add_suffix(self, target: Union[RuleTarget, str], schema: str, table: Optional[str] = None, column: Optional[str] = None, *, suffix: str, name: Optional[str] = None) -> "TableMappings":
        return self.transform(TransformAction.ADD_SUFFIX, target, schema, table, column, value=suffix, name=name)

    def remove_suffix(self, target: Union[RuleTarget, str], schema: str, table: Optional[str] = None, column: Optional[str] = None, *, suffix: str, name: Optional[str] = None) -> "TableMappings":
        return self.transform(TransformAction.REMOVE_SUFFIX, target, schema, table, column, value=suffix, name=name)

    def replace_suffix(self, target: Union[RuleTarget, str], schema: str, table: Optional[str] = None, column: Optional[str] = None, *, old: str, new: str, name: Optional[str] = None) -> "TableMappings":
        return self.transform(TransformAction.REPLACE_SUFFIX, target, schema, table, column, value=new, old_value=old, name=name)

    def convert_lowercase(self, target: Union[RuleTarget, str], schema: str, table: Optional[str] = None, column: Optional[str] = None, *, name: Optional[str] = None) -> "TableMappings":
        return self.transform(TransformAction.CONVERT_LOWERCASE, target, schema, table, column, name=name)

    def convert_uppercase(self, target: Union[RuleTarget, str], schema: str, table: Optional[str] = None, column: Optional[str] = None, *, name: Optional[str] = None) -> "TableMappings":
        return self.transform(TransformAction.CONVERT_UPPERCASE, target, schema, table, column, name=name)

    def remove_column(self, schema: str, table: str, column: str, *, name: Optional[str] = None) -> "TableMappings":
        return self.transform(TransformAction.REMOVE_COLUMN, RuleTarget.COLUMN, schema, table, column, name=name)

    def add_column(self, schema: str, table: str, column: str, data_type: DataType, *, expression: Optional[str] = None, name: Optional[str] = None) -> "TableMappings":
        """Add `column` of `data_type`, filled by a SQLite `expression` (default: unset, i.e. NULL)."""
        return self.transform(TransformAction.ADD_COLUMN, RuleTarget.COLUMN, schema, table, value=column, data_type=data_type, expression=expression, name=name)

    def change_data_type(self, schema: str, table: str, column: str, data_type: DataType, *, name: Optional[str] = None) -> "TableMappings":
        return self.transform(TransformAction.CHANGE_DATA_TYPE, RuleTarget.COLUMN, schema, table, column, data_type=data_type, name=name)

    # --- table settings -------------------------------------------------------------------------

    def table_settings(self, schema: str, table: str, *, parallel_load: Optional[ParallelLoad] = None, lob_settings: Optional[LobSettings] = None, name: Optional[str] = None) -> "TableMappings":
        """Parallel load and/or LOB handling for one table (exact names; both default to unset, one is needed)."""
        return self.add_rule(Rule(RuleType.TABLE_SETTINGS, ObjectLocator(schema, table), parallel_load=parallel_load, lob_settings=lob_settings, rule_name=name))

    # --- the document ---------------------------------------------------------------------------

    def selected_objects(self) -> list[tuple[str, str]]:
        """The (schema, table) patterns that include and explicit rules select, in order, without repeats."""
        patterns = [(r.object_locator.schema_name, str(r.object_locator.table_name)) for r in self._rules if r.selects and r.object_locator]
        return list(dict.fromkeys(patterns))

    def validate(self) -> "TableMappings":
        """Fail unless something is selected and every transformation and table-settings rule names
        something an include or explicit rule selects."""
        selections = [r for r in self._rules if r.selects]
        if not selections:
            _fail("table_mappings", "no include or explicit selection rule, so the task would migrate nothing", "add one, e.g. .include('my_schema')")
        # An exclude rule wins over an include rule that selects the same table; only an explicit rule
        # selects a table an exclude rule names (DMS user guide, "Selection rules and actions").
        excludes = [r for r in self._rules if r.rule_type == RuleType.SELECTION and r.rule_action == SelectionAction.EXCLUDE]
        if all(r.rule_action == SelectionAction.INCLUDE and any(_undoes(e, r) for e in excludes) for r in selections):
            undone = ", ".join(f"{r.name!r}" for r in selections)
            _fail("table_mappings", f"every table the include rules select ({undone}) is excluded again by an exclude rule, "
                  "so the task would migrate nothing", "narrow the exclude rules, or use explicit() for a table to keep")
        for rule in self._rules:
            if rule.rule_type != RuleType.SELECTION and not any(rule.matches_selection(s) for s in selections):
                locator = rule.object_locator.items() if rule.object_locator is not None else {}
                names = ", ".join(f"{k} {v!r}" for k, v in locator.items() if k in ("schema-name", "table-name"))
                _fail(f"table_mappings rule {rule.name!r}", f"object-locator ({names}) matches nothing an include or explicit rule selects", "fix the names or select those tables")
        return self

    def _rule_ids(self) -> list[str]:
        """Explicit ids as given; the others count on from the highest explicit id."""
        next_id = max((int(r.rule_id) for r in self._rules if r.rule_id is not None), default=0)
        ids = []
        for rule in self._rules:
            if rule.rule_id is None:
                next_id += 1
            ids.append(rule.rule_id or str(next_id))
        return ids

    def to_dict(self) -> dict[str, Any]:
        """The validated document as a new dict (for `AWS::DMS::ReplicationConfig`)."""
        self.validate()
        return {"rules": [rule.to_dict(rule_id) for rule, rule_id in zip(self._rules, self._rule_ids())]}

    def to_json(self) -> str:
        """The validated document as JSON in DMS key order (for `AWS::DMS::ReplicationTask`)."""
        return json.dumps(self.to_dict())

    @classmethod
    def from_dict(cls, document: Mapping[str, Any]) -> "TableMappings":
        """Read an existing mapping document; it is validated exactly like a built one."""
        if not isinstance(document, Mapping):
            _fail("table_mappings", f"document must be an object (got {type(document).__name__})", "pass {'rules': [...]}")
        try:
            _check_keys("table_mappings", "document", document, ("rules",))
            rules = _strings("table_mappings", "rules", document.get("rules"))
            mappings = cls()
            for index, raw in enumerate(rules):
                mappings.add_rule(Rule.from_dict(raw, index))
            return mappings.validate()
        except RecursionError:
            # Only a document nested far deeper than any mapping rule gets here (e.g. a filter list of lists).
            _fail("table_mappings", "is nested too deeply to be a DMS table-mapping document", "check the file: rules nest at most four levels")

    @classmethod
    def from_json(cls, text: str) -> "TableMappings":
        """Read an existing mapping file's JSON text (validated like a built document)."""
        if not isinstance(text, (str, bytes, bytearray)):
            _fail("table_mappings", f"JSON text must be a string (got {type(text).__name__})", "pass the file's contents")
        try:
            document = json.loads(text)
        except (ValueError, RecursionError) as error:
            _fail("table_mappings", f"is not valid JSON ({error})", "fix the JSON syntax")
        return cls.from_dict(document)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, TableMappings) and self._rules == other._rules

    def __repr__(self) -> str:
        return f"TableMappings({[r.name for r in self._rules]!r})"


__all__ = [
    "DATA_TYPES",
    "DataType",
    "FilterCondition",
    "FilterOperator",
    "LobMode",
    "LobSettings",
    "ObjectLocator",
    "ParallelLoad",
    "ParallelLoadType",
    "Rule",
    "RuleTarget",
    "RuleType",
    "SelectionAction",
    "SourceFilter",
    "TableMappings",
    "TableType",
    "TransformAction",
    "pattern_covers",
    "patterns_overlap",
]
