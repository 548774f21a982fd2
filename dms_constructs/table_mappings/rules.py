"""One table-mapping rule: its `ObjectLocator` and the `Rule` itself, checked on its own (selection,
transformation and table-settings rules), written and read as DMS JSON."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any, Callable, Mapping, Optional, Sequence, Union

from .vocabulary import (
    MAX_LOAD_ORDER,
    RuleTarget,
    RuleType,
    SelectionAction,
    TableType,
    TransformAction,
    WILDCARD,
    _ACTION_PARAMS,
    _ACTION_TARGETS,
    _BEFORE_IMAGE_DEF_KEYS,
    _HEAD_KEYS,
    _LOCATOR_KEYS,
    _LOCATOR_ORDER,
    _PARAM_KEYS,
    _PRIMARY_KEY_DEF_KEYS,
    _RULE_KEYS,
    _TABLE_LEVEL_COLUMN_ACTIONS,
)
from ._parsing import (
    _attr,
    _check_count,
    _check_keys,
    _check_name,
    _check_strings,
    _choose,
    _fail,
    _get,
    _number,
    _plain,
    _strings,
    _values,
    pattern_covers,
    patterns_overlap,
)
from .filters import SourceFilter
from .settings import DataType, LobSettings, ParallelLoad


@dataclass(frozen=True)
class ObjectLocator:
    """What a rule applies to. Names are case-sensitive and may use `%` wildcards (except where the rule
    needs exact names). Each field defaults to unset."""

    schema_name: str
    table_name: Optional[str] = None
    column_name: Optional[str] = None
    table_type: Optional[Union[TableType, str]] = None
    table_tablespace_name: Optional[str] = None
    index_tablespace_name: Optional[str] = None
    data_type: Optional[str] = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "table_type", _plain(self.table_type))

    def items(self) -> dict[str, Any]:
        """The set fields, by JSON key, in DMS order."""
        return {k: getattr(self, _attr(k)) for k in _LOCATOR_ORDER if getattr(self, _attr(k)) is not None}

    def to_dict(self) -> dict[str, Any]:
        return self.items()

    @classmethod
    def from_dict(cls, raw: Any, where: str, rule_type: str) -> "ObjectLocator":
        if not isinstance(raw, Mapping):
            _fail(where, f"object-locator must be an object (got {raw!r})", "write {'schema-name': ..., 'table-name': ...}")
        _check_keys(where, "object-locator", raw, _LOCATOR_KEYS[rule_type], _LOCATOR_ORDER, f"{rule_type} rules")
        return cls(**{_attr(k): _get(raw, k) for k in _LOCATOR_KEYS[rule_type]})


# --- rules --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    """One table-mapping rule. The builder methods of `TableMappings` make these; build one directly for
    rules without a builder method (e.g. define-primary-key) and add it with `TableMappings.add_rule`.
    `rule_id` and `rule_name` default to the derived ones (see the module docstring)."""

    rule_type: Union[RuleType, str]
    object_locator: Optional[ObjectLocator] = None
    rule_action: Optional[str] = None
    rule_target: Optional[Union[RuleTarget, str]] = None
    value: Optional[str] = None
    old_value: Optional[str] = None
    expression: Optional[str] = None
    data_type: Optional[DataType] = None
    primary_key_def: Optional[Mapping[str, Any]] = None
    before_image_def: Optional[Mapping[str, Any]] = None
    load_order: Optional[int] = None
    filters: Sequence[SourceFilter] = ()
    parallel_load: Optional[ParallelLoad] = None
    lob_settings: Optional[LobSettings] = None
    rule_name: Optional[str] = None
    rule_id: Optional[str] = None

    def __post_init__(self) -> None:
        for name in ("rule_type", "rule_action", "rule_target", "filters"):
            object.__setattr__(self, name, _plain(getattr(self, name)))

    @property
    def name(self) -> str:
        """`rule_name`, or one derived from the rule: action, target (where the action has several),
        then the locator names, e.g. `include-dmslab-customers` or `rename-table-dmslab-orders`."""
        if self.rule_name is not None:
            return self.rule_name
        if self.rule_type == RuleType.TABLE_SETTINGS:
            parts: list[Any] = ["table-settings"]
        else:
            parts = [self.rule_action]
            # A malformed action (e.g. `{}` from a mapping file) is named as it is; check() refuses it.
            action = self.rule_action if isinstance(self.rule_action, str) else ""
            if self.rule_type == RuleType.TRANSFORMATION and len(_ACTION_TARGETS.get(action, ())) != 1:
                parts.append(self.rule_target)
        if isinstance(self.object_locator, ObjectLocator):
            parts += [v for k, v in self.object_locator.items().items() if k not in ("data-type", "table-type")]
        if self.rule_action == TransformAction.ADD_COLUMN:
            parts.append(self.value)
        return "-".join(str(p) for p in parts)

    @property
    def selects(self) -> bool:
        """True for include and explicit selection rules."""
        return self.rule_type == RuleType.SELECTION and self.rule_action in (SelectionAction.INCLUDE, SelectionAction.EXPLICIT)

    def check(self) -> None:
        """Fail unless this rule is valid on its own (the document checks rules against each other)."""
        rule_type = _choose(f"table_mappings rule {self.rule_name!r}" if self.rule_name else "table_mappings rule", "rule-type", self.rule_type, RuleType)
        where = f"table_mappings rule {self.name!r}"
        if self.rule_name is not None:
            _check_name(where, "rule-name", self.rule_name)
        if self.rule_id is not None and not (isinstance(self.rule_id, str) and re.fullmatch(r"[0-9]+", self.rule_id)):
            _fail(where, f"rule-id must be a string of digits (got {self.rule_id!r})", "use e.g. '1'")
        for key in _RULE_KEYS[RuleType.TRANSFORMATION] + _RULE_KEYS[RuleType.SELECTION] + _RULE_KEYS[RuleType.TABLE_SETTINGS]:
            if key not in _RULE_KEYS[rule_type] and getattr(self, _attr(key)) not in (None, ()):
                _fail(where, f"{key} does not apply to {rule_type} rules", f"remove {key}")
        locator = self._check_locator(where, rule_type)
        checks: dict[str, Callable[[str, ObjectLocator], None]] = {
            RuleType.SELECTION: self._check_selection,
            RuleType.TRANSFORMATION: self._check_transformation,
            RuleType.TABLE_SETTINGS: self._check_table_settings,
        }
        checks[rule_type](where, locator)

    def _check_locator(self, where: str, rule_type: str) -> ObjectLocator:
        locator = self.object_locator
        if locator is None:
            _fail(where, "missing object-locator", "add {'schema-name': ..., 'table-name': ...}")
        if not isinstance(locator, ObjectLocator):
            _fail(where, f"object-locator must be an ObjectLocator (got {locator!r})", "use ObjectLocator(schema_name, ...)")
        for key, value in locator.items().items():
            if key not in _LOCATOR_KEYS[rule_type]:
                _fail(where, f"object-locator {key} does not apply to {rule_type} rules", f"remove {key}")
            if key == "table-type":
                _choose(where, "object-locator table-type", value, TableType)
            else:
                _check_name(where, f"object-locator {key}", value)
        if locator.schema_name is None:
            _fail(where, "missing object-locator schema-name", "name the schema (use '%' for all)")
        if rule_type != RuleType.TRANSFORMATION:
            self._require(where, locator, "table-name", "use '%' for all tables")
        return locator

    @staticmethod
    def _require(where: str, locator: ObjectLocator, key: str, fix: str) -> None:
        if getattr(locator, _attr(key)) is None:
            _fail(where, f"missing object-locator {key}", fix)

    @staticmethod
    def _require_exact(where: str, locator: ObjectLocator, why: str, fix: str) -> None:
        for key in ("schema-name", "table-name"):
            value = getattr(locator, _attr(key))
            if value is not None and WILDCARD in value:
                _fail(where, f"{why}, but {key} {value!r} contains the wildcard '%'", fix)

    def _check_selection(self, where: str, locator: ObjectLocator) -> None:
        action = _choose(where, "rule-action", self.rule_action, SelectionAction)
        if action == SelectionAction.EXPLICIT:
            self._require_exact(where, locator, "explicit rules take exact names", "name one table, or use include()")
        if self.load_order is not None and action == SelectionAction.EXCLUDE:
            _fail(where, "load-order applies only to include and explicit rules", "remove load_order")
        _check_count(where, "load-order", self.load_order, 1, MAX_LOAD_ORDER)
        if self.filters:
            if action != SelectionAction.INCLUDE:
                _fail(where, f"filters apply only to include rules (this one is {action!r})", "use include() for a filtered table")
            self._require_exact(where, locator, "filters need exact names", "name one table in a rule of its own")
            if not isinstance(self.filters, tuple) or not all(isinstance(f, SourceFilter) for f in self.filters):
                _fail(where, f"filters must be a list of SourceFilter (got {self.filters!r})", "use SourceFilter(column, conditions)")
            for source_filter in self.filters:
                source_filter.check(where)

    def _check_transformation(self, where: str, locator: ObjectLocator) -> None:
        action = _choose(where, "rule-action", self.rule_action, TransformAction)
        target = _choose(where, "rule-target", self.rule_target, RuleTarget)
        targets = _ACTION_TARGETS[action]
        if target not in targets:
            _fail(where, f"rule-action {action!r} does not apply to rule-target {target!r}", f"use rule-target {_values(targets)}")
        if target != RuleTarget.SCHEMA:
            self._require(where, locator, "table-name", "use '%' for all tables")
        if target == RuleTarget.COLUMN and action not in _TABLE_LEVEL_COLUMN_ACTIONS:
            self._require(where, locator, "column-name", "name the column (use '%' for all)")
        if target in (RuleTarget.TABLE_TABLESPACE, RuleTarget.INDEX_TABLESPACE):
            self._require(where, locator, f"{target}-name", f"name the {target}")
        if action == TransformAction.DEFINE_PRIMARY_KEY:
            self._require_exact(where, locator, "define-primary-key takes exact names", "name one table")
        needed, optional = _ACTION_PARAMS.get(action, ((), ()))
        for key in _PARAM_KEYS:
            value = getattr(self, _attr(key))
            if value is None and key in needed:
                _fail(where, f"rule-action {action!r} needs {key}", f"add {key}")
            if value is not None and key not in needed + optional:
                _fail(where, f"{key} does not apply to rule-action {action!r}", f"remove {key}")
        for key in ("value", "old-value", "expression"):
            if getattr(self, _attr(key)) is not None:
                _check_name(where, key, getattr(self, _attr(key)))
        if self.data_type is not None:
            if not isinstance(self.data_type, DataType):
                _fail(where, f"data-type must be a DataType (got {self.data_type!r})", "use DataType('string', length=50)")
            self.data_type.check(where)
        if self.primary_key_def is not None:
            self._check_primary_key_def(where, self.primary_key_def)
        if self.before_image_def is not None:
            self._check_before_image_def(where, self.before_image_def)

    @staticmethod
    def _check_primary_key_def(where: str, definition: Any) -> None:
        if not isinstance(definition, Mapping):
            _fail(where, f"primary-key-def must be an object (got {definition!r})", "write {'name': ..., 'columns': [...]}")
        _check_keys(where, "primary-key-def", definition, _PRIMARY_KEY_DEF_KEYS)
        _check_name(where, "primary-key-def name", definition.get("name"))
        _check_strings(where, "primary-key-def columns", _plain(definition.get("columns")))
        if "origin" in definition:
            _choose(where, "primary-key-def origin", definition["origin"], ("primary-key", "unique-index"))

    @staticmethod
    def _check_before_image_def(where: str, definition: Any) -> None:
        if not isinstance(definition, Mapping):
            _fail(where, f"before-image-def must be an object (got {definition!r})", "write {'column-prefix': 'BI_', 'column-filter': 'pk-only'}")
        _check_keys(where, "before-image-def", definition, _BEFORE_IMAGE_DEF_KEYS)
        for key in ("column-prefix", "column-suffix"):
            if key in definition and not isinstance(definition[key], str):
                _fail(where, f"before-image-def {key} must be a string (got {definition[key]!r})", "write it as text")
        if definition.get("column-prefix", "BI_") == "" and definition.get("column-suffix", "") == "":
            _fail(where, "before-image-def sets both column-prefix and column-suffix to ''", "give a prefix or a suffix")
        if "column-filter" in definition:
            _choose(where, "before-image-def column-filter", definition["column-filter"], ("pk-only", "non-lob", "all"))

    def _check_table_settings(self, where: str, locator: ObjectLocator) -> None:
        self._require_exact(where, locator, "table-settings rules take exact names", "name one table")
        if self.parallel_load is None and self.lob_settings is None:
            _fail(where, "table-settings rule sets neither parallel-load nor lob-settings", "give parallel_load=... or lob_settings=...")
        for key, cls in (("parallel-load", ParallelLoad), ("lob-settings", LobSettings)):
            value = getattr(self, _attr(key))
            if value is not None:
                if not isinstance(value, cls):
                    _fail(where, f"{key} must be a {cls.__name__} (got {value!r})", f"use {cls.__name__}(...)")
                value.check(where)

    def matches_selection(self, selection: "Rule") -> bool:
        """Whether this rule's locator can name something that `selection` selects (schema, then table
        unless this is a schema-level transformation)."""
        mine, theirs = self.object_locator, selection.object_locator
        if mine is None or theirs is None:
            return False
        if not patterns_overlap(mine.schema_name, theirs.schema_name):
            return False
        return mine.table_name is None or patterns_overlap(mine.table_name, str(theirs.table_name))

    def to_dict(self, rule_id: str) -> dict[str, Any]:
        """The rule as DMS JSON, with `rule_id` (the document assigns ids)."""
        out: dict[str, Any] = {"rule-type": self.rule_type, "rule-id": rule_id, "rule-name": self.name}
        for key in _RULE_KEYS[self.rule_type]:
            value = getattr(self, _attr(key))
            if value in (None, ()):
                continue
            if key == "filters":
                value = [f.to_dict() for f in value]
            elif key in ("primary-key-def", "before-image-def"):
                value = json.loads(json.dumps(value))
            elif hasattr(value, "to_dict"):
                value = value.to_dict()
            out[key] = value
        return out

    @classmethod
    def from_dict(cls, raw: Any, index: int) -> "Rule":
        """A rule from DMS JSON (`index` names it in errors until its name is known)."""
        where = f"table_mappings rules[{index}]"
        if not isinstance(raw, Mapping):
            _fail(where, f"rule must be an object (got {raw!r})", "write each rule as a JSON object")
        if isinstance(raw.get("rule-name"), str) and raw["rule-name"]:
            where = f"table_mappings rule {raw['rule-name']!r}"
        rule_type = _choose(where, "rule-type", raw.get("rule-type"), RuleType)
        _check_keys(where, "rule", raw, _HEAD_KEYS + _RULE_KEYS[rule_type], sum(_RULE_KEYS.values(), ()), f"{rule_type} rules")
        parsers: dict[str, Callable[[Any], Any]] = {
            "rule-id": lambda v: str(int(v)) if isinstance(_number(v), int) and not isinstance(v, bool) else v,
            "object-locator": lambda v: ObjectLocator.from_dict(v, where, rule_type),
            "load-order": _number,
            "filters": lambda v: tuple(SourceFilter.from_dict(f, where) for f in _strings(where, "filters", v)),
            "data-type": lambda v: DataType.from_dict(v, where),
            "parallel-load": lambda v: ParallelLoad.from_dict(v, where),
            "lob-settings": lambda v: LobSettings.from_dict(v, where),
        }
        values = {_attr(k): parsers.get(k, lambda v: v)(v) for k, v in raw.items() if k != "rule-type"}
        return cls(rule_type, **values)


def _undoes(exclude: Rule, include: Rule) -> bool:
    """Whether `exclude` removes every table `include` selects (same or wider names, same table type)."""
    mine, theirs = exclude.object_locator, include.object_locator
    if mine is None or theirs is None or mine.table_type not in (None, theirs.table_type, TableType.ALL):
        return False
    return pattern_covers(mine.schema_name, theirs.schema_name) and pattern_covers(str(mine.table_name), str(theirs.table_name))
