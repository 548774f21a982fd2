"""What DMS table mappings are made of: rule types, actions, targets, filter operators, table types,
parallel-load types and LOB modes, and which JSON keys and parameters each rule type and action takes."""

from __future__ import annotations

import enum


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
