"""The shared checks and conversions of the table-mapping model: one error format (`<where>: <problem>;
<fix>`), choices and keys refused with the nearest valid one, JSON values as written, and `%` patterns."""

from __future__ import annotations

import difflib
import enum
import re
from typing import Any, Iterable, Mapping, NoReturn, Optional, Sequence

from ..errors import DmsConfigError
from .vocabulary import WILDCARD

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
