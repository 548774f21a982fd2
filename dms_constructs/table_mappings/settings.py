"""The structured values rules carry: `DataType` (add-column, change-data-type) and the table-settings
rules' `ParallelLoad` and `LobSettings` (AWS DMS user guide, "Table and collection settings rules and
operations")."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any, ClassVar, Mapping, Optional, Sequence, Union

from .vocabulary import DATA_TYPES, LobMode, MAX_RANGE_COLUMNS, ParallelLoadType
from ._parsing import (
    _attr,
    _boolean,
    _check_count,
    _check_keys,
    _check_strings,
    _choose,
    _fail,
    _get,
    _literal,
    _number,
    _plain,
    _strings,
)


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
