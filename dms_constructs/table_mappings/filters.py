"""Source filters of selection rules: `SourceFilter` (a column) and its `FilterCondition`s (AWS DMS user
guide, "Using source filters")."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping, Optional, Sequence, Union

from .vocabulary import FilterOperator, _NEGATIVE_OPERATORS, _OPERATOR_FIELDS
from ._parsing import _check_keys, _check_name, _choose, _fail, _get, _literal, _plain, _strings

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
