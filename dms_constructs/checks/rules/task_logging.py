"""Checks of task logging (DMS.7 / DMS.8): the logging floor of the target and source components."""

from __future__ import annotations

from typing import Any, Sequence

from .._values import UNKNOWN, as_bool, get, is_intrinsic, is_unresolved, json_document
from .._view import Resource, StackView
from ... import facts as _facts
from ._model import C, NA, NC, Options, Outcome, REPLICATION_TASK

# ---------------------------------------------------------------------------------------------------
# DMS.7 / DMS.8 - task logging
# ---------------------------------------------------------------------------------------------------
#: Severities Security Hub accepts as "at least LOGGER_SEVERITY_DEFAULT", and the components DMS.7 and
#: DMS.8 check: the facts table's logging floor (facts.py), which the task settings default to as well.
LOG_SEVERITIES_AT_LEAST_DEFAULT = _facts.LOG_SEVERITIES_AT_LEAST_DEFAULT
TARGET_LOG_COMPONENTS = _facts.TARGET_LOG_COMPONENTS
SOURCE_LOG_COMPONENTS = _facts.SOURCE_LOG_COMPONENTS


def _task_settings(resource: Resource) -> Any:
    key = "ReplicationTaskSettings" if resource.type == REPLICATION_TASK else "ReplicationSettings"
    return json_document(get(resource.properties, key))


def logging_outcome(settings: Any, components: Sequence[str]) -> Outcome:
    """Whether task settings log `components` at LOGGER_SEVERITY_DEFAULT or more detail."""
    if settings is UNKNOWN:
        return NA
    if not isinstance(settings, dict):  # missing or not JSON
        return NC
    logging = get(settings, "Logging")
    if logging is UNKNOWN:
        return NA
    if not isinstance(logging, dict):
        return NC
    enabled = as_bool(get(logging, "EnableLogging"))
    if enabled is UNKNOWN:
        return NA
    if enabled is not True:
        return NC
    log_components = get(logging, "LogComponents")
    if log_components is UNKNOWN:
        return NA
    if not isinstance(log_components, list):
        return NC
    severities: dict[str, set[str]] = {}
    unknown = False
    for component in log_components:
        if not isinstance(component, dict) or is_intrinsic(component):
            unknown = True
            continue
        cid, severity = component.get("Id"), component.get("Severity")
        if not isinstance(cid, str) or is_unresolved(cid) or not isinstance(severity, str) or is_unresolved(severity):
            unknown = True
            continue
        severities.setdefault(cid.upper(), set()).add(severity.upper())
    for wanted in components:
        if not severities.get(wanted, set()) & LOG_SEVERITIES_AT_LEAST_DEFAULT:
            return NA if unknown else NC
    return C


def _target_logging(resource: Resource, view: StackView, options: Options) -> Outcome:
    return logging_outcome(_task_settings(resource), TARGET_LOG_COMPONENTS)


def _source_logging(resource: Resource, view: StackView, options: Options) -> Outcome:
    return logging_outcome(_task_settings(resource), SOURCE_LOG_COMPONENTS)
