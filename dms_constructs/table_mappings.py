"""Table mappings: a typed builder for the AWS DMS table-mapping document, validated before deploy.

Pure Python (no CDK import). Rules keep the order they are added in. Rules without an explicit id get
"1", "2", ... in that order (after the highest id already used), and rules without a name get one derived
from the rule, e.g. `include-dmslab-customers`; so the same calls always give the same document.
Existing mapping files load with `TableMappings.from_json` / `from_dict` into the same model and pass
the same validation.

Reference: AWS DMS user guide, "Selection rules and actions", "Using source filters", "Transformation
rules and actions" and "Table and collection settings rules and operations".
"""

from __future__ import annotations

import difflib
import enum
import json
import re
from dataclasses import dataclass
from typing import Any, Callable, ClassVar, Iterable, Mapping, NoReturn, Optional, Sequence, Union

from .errors import DmsConfigError

WILDCARD = "%"
MAX_LOAD_ORDER = 2_147_483_647
MAX_RANGE_COLUMNS = 10


class RuleType(str, enum.Enum):
    """The rule types this library builds and reads."""

    SELECTION = "selection"
    TRANSFORMATION = "transformation"
    TABLE_SETTINGS = "table-settings"


class SelectionAction(str, enum.Enum):
    """`include`/`exclude` take `%` wildcards; `explicit` names exactly one table."""

    INCLUDE = "include"
    EXCLUDE = "exclude"
    EXPLICIT = "explicit"


class RuleTarget(str, enum.Enum):
    """The object a transformation changes (tablespace targets are Oracle only)."""

    SCHEMA = "schema"
    TABLE = "table"
    COLUMN = "column"
    TABLE_TABLESPACE = "table-tablespace"
    INDEX_TABLESPACE = "index-tablespace"


class TransformAction(str, enum.Enum):
    """Every DMS transformation rule-action."""

    RENAME = "rename"
    ADD_PREFIX = "add-prefix"
    REMOVE_PREFIX = "remove-prefix"
    REPLACE_PREFIX = "replace-prefix"
    ADD_SUFFIX = "add-suffix"
    REMOVE_SUFFIX = "remove-suffix"
    REPLACE_SUFFIX = "replace-suffix"
    CONVERT_LOWERCASE = "convert-lowercase"
    CONVERT_UPPERCASE = "convert-uppercase"
    ADD_COLUMN = "add-column"
    INCLUDE_COLUMN = "include-column"
    REMOVE_COLUMN = "remove-column"
    CHANGE_DATA_TYPE = "change-data-type"
    DEFINE_PRIMARY_KEY = "define-primary-key"
    ADD_BEFORE_IMAGE_COLUMNS = "add-before-image-columns"
    DATA_MASKING_DIGITS_MASK = "data-masking-digits-mask"
    DATA_MASKING_DIGITS_RANDOMIZE = "data-masking-digits-randomize"
    DATA_MASKING_HASH_MASK = "data-masking-hash-mask"


class FilterOperator(str, enum.Enum):
    """Source filter operators; `ste` is DMS's alias of `lte`."""

    LTE = "lte"
    STE = "ste"
    GTE = "gte"
    EQ = "eq"
    NOTEQ = "noteq"
    BETWEEN = "between"
    NOTBETWEEN = "notbetween"
    NULL = "null"
    NOTNULL = "notnull"


class TableType(str, enum.Enum):
    """What a selection rule matches. DMS default: `table`."""

    TABLE = "table"
    VIEW = "view"
    ALL = "all"


class ParallelLoadType(str, enum.Enum):
    """How a table-settings rule segments one table for a parallel full load."""

    PARTITIONS_AUTO = "partitions-auto"
    SUBPARTITIONS_AUTO = "subpartitions-auto"
    PARTITIONS_LIST = "partitions-list"
    RANGES = "ranges"
    NONE = "none"


class LobMode(str, enum.Enum):
    """Per-table LOB handling. DMS default: `limited`."""

    LIMITED = "limited"
    UNLIMITED = "unlimited"
    NONE = "none"


# The DMS data types that add-column and change-data-type accept.
DATA_TYPES = (
    "bytes", "date", "time", "datetime", "int1", "int2", "int4", "int8", "numeric", "real4", "real8", "string",
    "uint1", "uint2", "uint4", "uint8", "wstring", "blob", "nclob", "clob", "boolean", "set", "list", "map", "tuple",
)

_NAMING_TARGETS = (RuleTarget.SCHEMA, RuleTarget.TABLE, RuleTarget.COLUMN)
# Which targets each action applies to.
_ACTION_TARGETS: dict[str, tuple[RuleTarget, ...]] = {
    TransformAction.RENAME: tuple(RuleTarget),
    **{a: _NAMING_TARGETS for a in (
        TransformAction.ADD_PREFIX, TransformAction.REMOVE_PREFIX, TransformAction.REPLACE_PREFIX,
        TransformAction.ADD_SUFFIX, TransformAction.REMOVE_SUFFIX, TransformAction.REPLACE_SUFFIX,
        TransformAction.CONVERT_LOWERCASE, TransformAction.CONVERT_UPPERCASE,
    )},
    TransformAction.DEFINE_PRIMARY_KEY: (RuleTarget.TABLE,),
    **{a: (RuleTarget.COLUMN,) for a in (
        TransformAction.ADD_COLUMN, TransformAction.INCLUDE_COLUMN, TransformAction.REMOVE_COLUMN,
        TransformAction.CHANGE_DATA_TYPE, TransformAction.ADD_BEFORE_IMAGE_COLUMNS,
        TransformAction.DATA_MASKING_DIGITS_MASK, TransformAction.DATA_MASKING_DIGITS_RANDOMIZE,
        TransformAction.DATA_MASKING_HASH_MASK,
    )},
}
# The parameters each action needs, and those it may also take.
_ACTION_PARAMS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    TransformAction.RENAME: (("value",), ("expression",)),
    TransformAction.REPLACE_PREFIX: (("value", "old-value"), ()),
    TransformAction.REPLACE_SUFFIX: (("value", "old-value"), ()),
    TransformAction.ADD_COLUMN: (("value", "data-type"), ("expression",)),
    TransformAction.CHANGE_DATA_TYPE: (("data-type",), ()),
    TransformAction.DEFINE_PRIMARY_KEY: (("primary-key-def",), ()),
    TransformAction.ADD_BEFORE_IMAGE_COLUMNS: (("before-image-def",), ()),
    TransformAction.DATA_MASKING_DIGITS_MASK: ((), ("value",)),
    **{a: (("value",), ()) for a in (
        TransformAction.ADD_PREFIX, TransformAction.REMOVE_PREFIX, TransformAction.ADD_SUFFIX, TransformAction.REMOVE_SUFFIX,
    )},
}
_PARAM_KEYS = ("value", "old-value", "expression", "data-type", "primary-key-def", "before-image-def")
# Column actions whose object-locator names the table only (the column is new, or all columns are meant).
_TABLE_LEVEL_COLUMN_ACTIONS = (TransformAction.ADD_COLUMN, TransformAction.ADD_BEFORE_IMAGE_COLUMNS)
_NEGATIVE_OPERATORS = (FilterOperator.NOTEQ, FilterOperator.NOTBETWEEN, FilterOperator.NOTNULL)
_OPERATOR_FIELDS: dict[str, tuple[str, ...]] = {
    **{o: ("value",) for o in (FilterOperator.LTE, FilterOperator.STE, FilterOperator.GTE, FilterOperator.EQ, FilterOperator.NOTEQ)},
    FilterOperator.BETWEEN: ("start-value", "end-value"),
    FilterOperator.NOTBETWEEN: ("start-value", "end-value"),
    FilterOperator.NULL: (),
    FilterOperator.NOTNULL: (),
}

# JSON keys per rule type, in the order they are written (after rule-type, rule-id, rule-name).
_HEAD_KEYS = ("rule-type", "rule-id", "rule-name")
_RULE_KEYS: dict[str, tuple[str, ...]] = {
    RuleType.SELECTION: ("rule-action", "object-locator", "load-order", "filters"),
    RuleType.TRANSFORMATION: ("rule-action", "rule-target", "object-locator", *_PARAM_KEYS),
    RuleType.TABLE_SETTINGS: ("object-locator", "parallel-load", "lob-settings"),
}
_LOCATOR_ORDER = ("schema-name", "table-name", "table-tablespace-name", "index-tablespace-name", "column-name", "data-type", "table-type")
_LOCATOR_KEYS: dict[str, tuple[str, ...]] = {
    RuleType.SELECTION: ("schema-name", "table-name", "table-type"),
    RuleType.TRANSFORMATION: ("schema-name", "table-name", "table-tablespace-name", "index-tablespace-name", "column-name", "data-type"),
    RuleType.TABLE_SETTINGS: ("schema-name", "table-name"),
}
_PRIMARY_KEY_DEF_KEYS = ("name", "origin", "columns")
_BEFORE_IMAGE_DEF_KEYS = ("column-prefix", "column-suffix", "column-filter")


# --- small helpers ------------------------------------------------------------------------------


def _fail(where: str, problem: str, fix: str) -> NoReturn:
    """Raise the one error format of this module: `<where>: <problem>; <fix>`."""
    raise DmsConfigError(f"{where}: {problem}; {fix}")


def _plain(value: Any) -> Any:
    """Enum members as their string values, lists as tuples; everything else unchanged."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, list):
        return tuple(value)
    return value


def _attr(key: str) -> str:
    """The attribute holding a JSON key: `object-locator` -> `object_locator`."""
    return key.replace("-", "_")


def _values(choices: Iterable[Any]) -> str:
    return ", ".join(str(_plain(c)) for c in choices)


def _choose(where: str, field: str, value: Any, choices: Iterable[Any]) -> str:
    """`value` if it is one of `choices`, else an error naming the field and listing the choices."""
    choices = tuple(choices)
    if value is None:
        _fail(where, f"missing {field}", f"use one of: {_values(choices)}")
    if not isinstance(value, str) or value not in [_plain(c) for c in choices]:
        _fail(where, f"unknown {field} {value!r}", f"use one of: {_values(choices)}")
    return value


def _check_keys(where: str, what: str, raw: Mapping[str, Any], allowed: Sequence[str], known: Sequence[str] = (), context: str = "") -> None:
    """Refuse keys DMS does not take here: a `known` key used out of its `context`, or an unknown one
    (suggesting the nearest valid key)."""
    for key in raw:
        if key in known and key not in allowed:
            _fail(where, f"{what} key {key!r} does not apply to {context}", f"remove {key}")
        if key not in allowed:
            close = difflib.get_close_matches(str(key), allowed, n=1)
            fix = f"did you mean {close[0]!r}?" if close else f"use only: {', '.join(allowed)}"
            _fail(where, f"unknown {what} key {key!r}", fix)


def _check_name(where: str, field: str, value: Any) -> None:
    if not isinstance(value, str) or not value:
        _fail(where, f"{field} must be a non-empty string (got {value!r})", f"give {field} a name")


def _check_count(where: str, field: str, value: Any, low: int, high: Optional[int] = None) -> None:
    """Fail unless `value` is a whole number in low..high (None passes)."""
    if value is None:
        return
    if high is not None:
        bounds, fix = f"between {low} and {high}", f"choose a value in {low}..{high}"
    else:
        bounds, fix = f"of at least {low}", f"choose a value of at least {low}"
    if isinstance(value, bool) or not isinstance(value, int) or value < low or (high is not None and value > high):
        _fail(where, f"{field} must be a whole number {bounds} (got {value!r})", fix)


def _number(value: Any) -> Any:
    """A JSON number written as a digit string becomes an int and '' becomes None; anything else is
    returned for the checks to refuse."""
    if isinstance(value, str) and re.fullmatch(r"[0-9]+", value):
        return int(value)
    return None if value == "" else value


def _literal(value: Any) -> Any:
    """Filter and boundary values are strings in DMS; numbers are written as their text."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return value


def _boolean(value: Any) -> Any:
    """A JSON boolean written as 'true' or 'false' becomes a bool; anything else is returned for the
    checks to refuse."""
    if isinstance(value, str) and value in ("true", "false"):
        return value == "true"
    return value


def _get(raw: Mapping[str, Any], key: str) -> Any:
    """`raw[key]`, None when absent: a document value as written, which check() refuses if wrong."""
    return raw.get(key)


def _strings(where: str, field: str, value: Any, *, convert: bool = False) -> tuple[Any, ...]:
    """A JSON list as a tuple (numbers as text when `convert`), failing for anything but a list."""
    if not isinstance(value, list):
        _fail(where, f"{field} must be a list (got {value!r})", f"write {field} as a JSON array")
    return tuple(_literal(v) if convert else v for v in value)


def _check_strings(where: str, field: str, items: Any, *, low: int = 1, high: Optional[int] = None) -> None:
    """Fail unless `items` is a tuple of low..high non-empty strings."""
    if not isinstance(items, tuple) or not all(isinstance(i, str) and i for i in items):
        _fail(where, f"{field} must be a list of non-empty strings (got {items!r})", f"list the {field} by name")
    if len(items) < low or (high is not None and len(items) > high):
        bounds = f"{low}..{high}" if high is not None else f"at least {low}"
        _fail(where, f"{field} must have {bounds} entries (got {len(items)})", f"give {bounds} {field}")


def patterns_overlap(a: str, b: str) -> bool:
    """True when some name matches both patterns, where `%` matches any run of characters (including
    none) and everything else matches itself, case-sensitively, as in DMS object locators."""
    seen: set[tuple[int, int]] = set()
    todo = [(0, 0)]
    while todo:
        i, j = todo.pop()
        if (i, j) in seen:
            continue
        seen.add((i, j))
        if i == len(a) and j == len(b):
            return True
        x = a[i] if i < len(a) else None
        y = b[j] if j < len(b) else None
        if x == WILDCARD:
            todo.append((i + 1, j))  # a's % matches nothing more
        if y == WILDCARD:
            todo.append((i, j + 1))
        if x is not None and y is not None:
            if x == WILDCARD and y != WILDCARD:
                todo.append((i, j + 1))  # a's % takes b's next character
            elif y == WILDCARD and x != WILDCARD:
                todo.append((i + 1, j))
            elif x == y != WILDCARD:
                todo.append((i + 1, j + 1))
    return False


def pattern_covers(general: str, specific: str) -> bool:
    """True when every name that `specific` matches also matches `general` (`%` wildcards, case-sensitive).
    Sound for refusing mappings: `specific`'s own `%` is read as a character no literal of `general`
    equals, so only `general`'s wildcards can absorb it."""
    regex = ".*".join(re.escape(part) for part in general.split(WILDCARD))
    return re.fullmatch(regex, specific, flags=re.DOTALL) is not None


# --- value types --------------------------------------------------------------------------------


@dataclass(frozen=True)
class FilterCondition:
    """One condition of a source filter. Build with the class methods, e.g. `FilterCondition.gte("100")`
    or `FilterCondition.between("2020-01-01", "2021-01-01")`; numbers are written as text."""

    operator: Union[FilterOperator, str]
    value: Optional[str] = None
    start: Optional[str] = None
    end: Optional[str] = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "operator", _plain(self.operator))

    @classmethod
    def lte(cls, value: Any) -> "FilterCondition":
        return cls(FilterOperator.LTE, value=_literal(value))

    @classmethod
    def ste(cls, value: Any) -> "FilterCondition":
        return cls(FilterOperator.STE, value=_literal(value))

    @classmethod
    def gte(cls, value: Any) -> "FilterCondition":
        return cls(FilterOperator.GTE, value=_literal(value))

    @classmethod
    def eq(cls, value: Any) -> "FilterCondition":
        return cls(FilterOperator.EQ, value=_literal(value))

    @classmethod
    def noteq(cls, value: Any) -> "FilterCondition":
        return cls(FilterOperator.NOTEQ, value=_literal(value))

    @classmethod
    def between(cls, start: Any, end: Any) -> "FilterCondition":
        return cls(FilterOperator.BETWEEN, start=_literal(start), end=_literal(end))

    @classmethod
    def notbetween(cls, start: Any, end: Any) -> "FilterCondition":
        return cls(FilterOperator.NOTBETWEEN, start=_literal(start), end=_literal(end))

    @classmethod
    def null(cls) -> "FilterCondition":
        return cls(FilterOperator.NULL)

    @classmethod
    def notnull(cls) -> "FilterCondition":
        return cls(FilterOperator.NOTNULL)

    def _fields(self) -> dict[str, Any]:
        return {"value": self.value, "start-value": self.start, "end-value": self.end}

    def check(self, where: str) -> None:
        """Fail unless the operator is known and has exactly the values it needs, as strings."""
        operator = _choose(where, "filter-operator", self.operator, FilterOperator)
        needs = _OPERATOR_FIELDS[operator]
        given = {k: v for k, v in self._fields().items() if v is not None}
        missing = [k for k in needs if k not in given]
        if missing:
            _fail(where, f"operator {operator!r} needs {' and '.join(missing)}", f"use FilterCondition.{operator}(...)")
        extra = [k for k in given if k not in needs]
        if extra:
            _fail(where, f"operator {operator!r} takes no {' or '.join(extra)}", f"remove {' and '.join(extra)}")
        for key, value in given.items():
            if not isinstance(value, str):
                _fail(where, f"{key} must be a string (got {value!r})", f"write it as text, e.g. {str(value)!r}")

    def to_dict(self) -> dict[str, Any]:
        return {"filter-operator": self.operator, **{k: v for k, v in self._fields().items() if v is not None}}

    @classmethod
    def from_dict(cls, raw: Any, where: str) -> "FilterCondition":
        if not isinstance(raw, Mapping):
            _fail(where, f"filter condition must be an object (got {raw!r})", "write {'filter-operator': ..., 'value': ...}")
        _check_keys(where, "filter condition", raw, ("filter-operator", "value", "start-value", "end-value"))
        return cls(
            _get(raw, "filter-operator"),
            value=_literal(raw.get("value")),
            start=_literal(raw.get("start-value")),
            end=_literal(raw.get("end-value")),
        )


@dataclass(frozen=True)
class SourceFilter:
    """A source filter on one column of an include rule: a row passes when any of `conditions` holds
    (several filters on one rule must all pass). A negative operator (noteq, notbetween, notnull) must
    be the filter's only condition."""

    column: str
    conditions: Sequence[FilterCondition]

    def __post_init__(self) -> None:
        object.__setattr__(self, "conditions", _plain(self.conditions))

    def check(self, where: str) -> None:
        _check_name(where, "filter column-name", self.column)
        where = f"{where} filter on column {self.column!r}"
        conditions = self.conditions
        if not isinstance(conditions, tuple) or not conditions or not all(isinstance(c, FilterCondition) for c in conditions):
            _fail(where, f"filter-conditions must be a non-empty list of FilterCondition (got {conditions!r})", "add e.g. FilterCondition.eq('x')")
        for condition in conditions:
            condition.check(where)
        negative = [c.operator for c in conditions if c.operator in _NEGATIVE_OPERATORS]
        if negative and len(conditions) > 1:
            _fail(where, f"negative operator {negative[0]!r} must be the filter's only condition (got {len(conditions)} conditions)", "move it into a filter of its own")

    def to_dict(self) -> dict[str, Any]:
        return {"filter-type": "source", "column-name": self.column, "filter-conditions": [c.to_dict() for c in self.conditions]}

    @classmethod
    def from_dict(cls, raw: Any, where: str) -> "SourceFilter":
        if not isinstance(raw, Mapping):
            _fail(where, f"filter must be an object (got {raw!r})", "write {'filter-type': 'source', 'column-name': ..., 'filter-conditions': [...]}")
        _check_keys(where, "filter", raw, ("filter-type", "column-name", "filter-conditions"))
        if raw.get("filter-type") != "source":
            _fail(where, f"unknown filter-type {raw.get('filter-type')!r}", "use 'source'")
        conditions = _strings(where, "filter-conditions", raw.get("filter-conditions"))
        return cls(_get(raw, "column-name"), tuple(FilterCondition.from_dict(c, where) for c in conditions))


@dataclass(frozen=True)
class DataType:
    """A DMS data type for add-column and change-data-type, e.g. `DataType("string", length=50)` or
    `DataType("numeric", precision=10, scale=2)`. Default for length, precision and scale: unset."""

    type: str
    length: Optional[int] = None
    precision: Optional[int] = None
    scale: Optional[int] = None

    def check(self, where: str) -> None:
        if self.type not in DATA_TYPES:
            close = difflib.get_close_matches(str(self.type).lower(), DATA_TYPES, n=1)
            fix = f"did you mean {close[0]!r}?" if close else f"use one of: {', '.join(DATA_TYPES)}"
            _fail(where, f"unknown data-type {self.type!r}", fix)
        _check_count(where, "data-type length", self.length, 1)
        _check_count(where, "data-type precision", self.precision, 1)
        _check_count(where, "data-type scale", self.scale, 0)
        if self.scale is not None and self.precision is not None and self.scale > self.precision:
            _fail(where, f"data-type scale {self.scale} exceeds its precision {self.precision}", "use a scale <= precision")

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in (("type", self.type), ("length", self.length), ("precision", self.precision), ("scale", self.scale)) if v is not None}

    @classmethod
    def from_dict(cls, raw: Any, where: str) -> "DataType":
        if not isinstance(raw, Mapping):
            _fail(where, f"data-type must be an object (got {raw!r})", "write {'type': 'string', 'length': 50}")
        _check_keys(where, "data-type", raw, ("type", "length", "precision", "scale"))
        return cls(_get(raw, "type"), _number(raw.get("length")), _number(raw.get("precision")), _number(raw.get("scale")))


@dataclass(frozen=True)
class ParallelLoad:
    """How to segment one table for a parallel full load. Build with the class methods:
    `ParallelLoad.partitions_auto()`, `.subpartitions_auto()`, `.partitions_list([...])`,
    `.ranges(columns, boundaries)` or `.none()`. The `partitions-auto` options for MongoDB and DocumentDB
    sources (`number_of_partitions`, ...) default to unset."""

    type: Union[ParallelLoadType, str]
    partitions: Sequence[str] = ()
    subpartitions: Sequence[str] = ()
    columns: Sequence[str] = ()
    boundaries: Sequence[Sequence[str]] = ()
    number_of_partitions: Optional[int] = None
    collection_count_from_metadata: Optional[bool] = None
    max_records_skip_per_page: Optional[int] = None
    batch_size: Optional[int] = None

    _LISTS = ("partitions", "subpartitions", "columns", "boundaries")
    _OPTIONS = ("number-of-partitions", "collection-count-from-metadata", "max-records-skip-per-page", "batch-size")
    _ALLOWED: ClassVar[dict[str, tuple[str, ...]]] = {
        ParallelLoadType.PARTITIONS_AUTO: _OPTIONS,
        ParallelLoadType.PARTITIONS_LIST: ("partitions", "subpartitions"),
        ParallelLoadType.RANGES: ("columns", "boundaries"),
    }

    def __post_init__(self) -> None:
        object.__setattr__(self, "type", _plain(self.type))
        for key in self._LISTS:
            object.__setattr__(self, key, _plain(getattr(self, key)))
        if isinstance(self.boundaries, tuple):
            object.__setattr__(self, "boundaries", tuple(_plain(b) for b in self.boundaries))

    @classmethod
    def partitions_auto(cls) -> "ParallelLoad":
        return cls(ParallelLoadType.PARTITIONS_AUTO)

    @classmethod
    def subpartitions_auto(cls) -> "ParallelLoad":
        return cls(ParallelLoadType.SUBPARTITIONS_AUTO)

    @classmethod
    def partitions_list(cls, partitions: Sequence[str] = (), subpartitions: Sequence[str] = ()) -> "ParallelLoad":
        return cls(ParallelLoadType.PARTITIONS_LIST, partitions=tuple(partitions), subpartitions=tuple(subpartitions))

    @classmethod
    def ranges(cls, columns: Sequence[str], boundaries: Sequence[Sequence[Any]]) -> "ParallelLoad":
        """Segments by column values: each boundary is the upper bound of one segment, one value per column."""
        return cls(ParallelLoadType.RANGES, columns=tuple(columns), boundaries=tuple(tuple(_literal(v) for v in b) for b in boundaries))

    @classmethod
    def none(cls) -> "ParallelLoad":
        return cls(ParallelLoadType.NONE)

    def _items(self) -> dict[str, Any]:
        return {_key: getattr(self, _attr(_key)) for _key in (*self._LISTS, *self._OPTIONS)}

    def check(self, where: str) -> None:
        kind = _choose(where, "parallel-load type", self.type, ParallelLoadType)
        allowed = self._ALLOWED.get(kind, ())
        for key, value in self._items().items():
            if value not in (None, ()) and key not in allowed:
                _fail(where, f"parallel-load {key} does not apply to type {kind!r}", f"remove {key}")
        if kind == ParallelLoadType.PARTITIONS_LIST:
            if not self.partitions and not self.subpartitions:
                _fail(where, "parallel-load type 'partitions-list' lists no partitions", "give partitions (or Oracle subpartitions)")
            for key in ("partitions", "subpartitions"):
                if getattr(self, key):
                    _check_strings(where, f"parallel-load {key}", getattr(self, key))
        if kind == ParallelLoadType.RANGES:
            _check_strings(where, "parallel-load columns", self.columns, high=MAX_RANGE_COLUMNS)
            if len(set(self.columns)) != len(self.columns):
                _fail(where, f"parallel-load columns repeat a column (got {list(self.columns)!r})", "list each column once")
            if not isinstance(self.boundaries, tuple) or not self.boundaries:
                _fail(where, f"parallel-load type 'ranges' needs boundaries (got {self.boundaries!r})", "give one upper-bound row per segment, e.g. [['1000'], ['2000']]")
            for row in self.boundaries:
                if not isinstance(row, tuple) or len(row) != len(self.columns) or not all(isinstance(v, str) for v in row):
                    _fail(where, f"parallel-load boundary {row!r} needs one text value per column {list(self.columns)!r}", "give each boundary one value per column")
        for key in ("number-of-partitions", "max-records-skip-per-page", "batch-size"):
            _check_count(where, f"parallel-load {key}", getattr(self, _attr(key)), 1)
        if self.collection_count_from_metadata not in (None, True, False):
            _fail(where, f"parallel-load collection-count-from-metadata must be true or false (got {self.collection_count_from_metadata!r})", "use True or False")

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"type": self.type}
        for key, value in self._items().items():
            if value in (None, ()):
                continue
            if key == "boundaries":
                value = [list(row) for row in value]
            elif key in self._LISTS:
                value = list(value)
            elif key == "collection-count-from-metadata":
                value = "true" if value else "false"
            out[key] = value
        return out

    @classmethod
    def from_dict(cls, raw: Any, where: str) -> "ParallelLoad":
        if not isinstance(raw, Mapping):
            _fail(where, f"parallel-load must be an object (got {raw!r})", "write {'type': 'partitions-auto'}")
        _check_keys(where, "parallel-load", raw, ("type", *cls._LISTS, *cls._OPTIONS))
        lists = {k: _strings(where, f"parallel-load {k}", raw[k], convert=k == "boundaries") for k in cls._LISTS if k in raw}
        if "boundaries" in lists:
            lists["boundaries"] = tuple(_strings(where, "parallel-load boundary", row, convert=True) for row in lists["boundaries"])
        return cls(
            _get(raw, "type"),
            **{_attr(k): v for k, v in lists.items()},
            number_of_partitions=_number(raw.get("number-of-partitions")),
            collection_count_from_metadata=_boolean(raw.get("collection-count-from-metadata")),
            max_records_skip_per_page=_number(raw.get("max-records-skip-per-page")),
            batch_size=_number(raw.get("batch-size")),
        )


@dataclass(frozen=True)
class LobSettings:
    """LOB handling for one table. `mode` default: unset, which DMS treats as `limited`; limited mode
    needs `bulk_max_size_kb` > 0 (LOBs are truncated to it). `unlimited` with 0 is standard full LOB mode."""

    mode: Optional[Union[LobMode, str]] = None
    bulk_max_size_kb: Optional[int] = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "mode", _plain(self.mode))

    def check(self, where: str) -> None:
        if self.mode is not None:
            _choose(where, "lob-settings mode", self.mode, LobMode)
        _check_count(where, "lob-settings bulk-max-size", self.bulk_max_size_kb, 0)
        if self.mode in (None, LobMode.LIMITED) and not self.bulk_max_size_kb:
            _fail(where, f"limited LOB mode needs a bulk-max-size above 0 KB (got {self.bulk_max_size_kb!r})", "set bulk_max_size_kb, e.g. 64")

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.mode is not None:
            out["mode"] = self.mode
        if self.bulk_max_size_kb is not None:
            out["bulk-max-size"] = str(self.bulk_max_size_kb)  # DMS documents it as a string
        return out

    @classmethod
    def from_dict(cls, raw: Any, where: str) -> "LobSettings":
        if not isinstance(raw, Mapping):
            _fail(where, f"lob-settings must be an object (got {raw!r})", "write {'mode': 'limited', 'bulk-max-size': '64'}")
        _check_keys(where, "lob-settings", raw, ("mode", "bulk-max-size"))
        return cls(raw.get("mode"), _number(raw.get("bulk-max-size")))


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
