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

from .vocabulary import (  # noqa: F401
    DATA_TYPES as DATA_TYPES,
    FilterOperator as FilterOperator,
    LobMode as LobMode,
    MAX_LOAD_ORDER as MAX_LOAD_ORDER,
    MAX_RANGE_COLUMNS as MAX_RANGE_COLUMNS,
    ParallelLoadType as ParallelLoadType,
    RuleTarget as RuleTarget,
    RuleType as RuleType,
    SelectionAction as SelectionAction,
    TableType as TableType,
    TransformAction as TransformAction,
    WILDCARD as WILDCARD,
    _ACTION_PARAMS as _ACTION_PARAMS,
    _ACTION_TARGETS as _ACTION_TARGETS,
    _BEFORE_IMAGE_DEF_KEYS as _BEFORE_IMAGE_DEF_KEYS,
    _HEAD_KEYS as _HEAD_KEYS,
    _LOCATOR_KEYS as _LOCATOR_KEYS,
    _LOCATOR_ORDER as _LOCATOR_ORDER,
    _NAMING_TARGETS as _NAMING_TARGETS,
    _NEGATIVE_OPERATORS as _NEGATIVE_OPERATORS,
    _OPERATOR_FIELDS as _OPERATOR_FIELDS,
    _PARAM_KEYS as _PARAM_KEYS,
    _PRIMARY_KEY_DEF_KEYS as _PRIMARY_KEY_DEF_KEYS,
    _RULE_KEYS as _RULE_KEYS,
    _TABLE_LEVEL_COLUMN_ACTIONS as _TABLE_LEVEL_COLUMN_ACTIONS,
)
from ._parsing import (  # noqa: F401
    _attr as _attr,
    _boolean as _boolean,
    _check_count as _check_count,
    _check_keys as _check_keys,
    _check_name as _check_name,
    _check_strings as _check_strings,
    _choose as _choose,
    _fail as _fail,
    _get as _get,
    _literal as _literal,
    _number as _number,
    _plain as _plain,
    _strings as _strings,
    _values as _values,
    pattern_covers as pattern_covers,
    patterns_overlap as patterns_overlap,
)
from .filters import (  # noqa: F401
    FilterCondition as FilterCondition,
    SourceFilter as SourceFilter,
)
from .settings import (  # noqa: F401
    DataType as DataType,
    LobSettings as LobSettings,
    ParallelLoad as ParallelLoad,
)
from .rules import (  # noqa: F401
    ObjectLocator as ObjectLocator,
    Rule as Rule,
    _undoes as _undoes,
)
from .document import (  # noqa: F401
    TableMappings as TableMappings,
    __all__ as __all__,
)

__all__ = [
    "DATA_TYPES",
    "DataType",
    "FilterCondition",
    "FilterOperator",
    "LobMode",
    "LobSettings",
    "MAX_LOAD_ORDER",
    "MAX_RANGE_COLUMNS",
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
    "WILDCARD",
    "pattern_covers",
    "patterns_overlap",
]
