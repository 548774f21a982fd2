"""A task's supplemental data (`TaskData`; `SupplementalSettings` on DMS Serverless): Amazon Neptune's
graph-mapping rules. Pure Python: checks and renders what `MigrationWave.add_task(task_data=...)` is given.

DMS user guide, "Specifying supplemental data for task settings": a Neptune target needs mapping data,
supplemental to the table mapping, in one of two formats ("Specifying graph-mapping rules using Gremlin
and R2RML for Amazon Neptune as a target"): Gremlin graph-mapping JSON or an R2RML document (Turtle text).
No other engine uses it.
"""

from __future__ import annotations

import json
from typing import Any, Mapping, Optional, Union

from ._validation import fail

#: The one target engine that reads a task's supplemental data.
GRAPH_TARGET = "neptune"

TaskData = Union[Mapping[str, Any], str]

_FIX = "pass task_data={...} (Gremlin graph-mapping JSON) or an R2RML document as text"


def task_data_document(field: str, value: Optional[TaskData], target_engine: Optional[str]) -> Optional[Union[str, dict[str, Any]]]:
    """The checked supplemental data of a task into `target_engine`: None when there is none, the text
    for an R2RML document, a dict for Gremlin JSON (given as a mapping or as JSON text).

    Refused: supplemental data for a target other than Neptune, a Neptune target without it (DMS cannot
    map rows to a graph), an empty document, JSON that does not parse or is not an object, and values that
    are neither a mapping nor text.
    """
    if target_engine != GRAPH_TARGET:
        if value is not None:
            fail(field, value, f"applies only to Amazon Neptune targets (this target's engine is '{target_engine}')",
                 "drop task_data")
        return None
    if value is None:
        fail(field, None, "is required for an Amazon Neptune target: DMS converts rows to vertices and edges by these graph-mapping rules", _FIX)
    if isinstance(value, Mapping):
        if not value:
            fail(field, value, "is empty", _FIX)
        try:
            copy: dict[str, Any] = json.loads(json.dumps(value))  # a plain, JSON-serializable copy
        except (TypeError, ValueError) as error:
            fail(field, value, f"is not JSON-serializable ({error})", "use only dicts, lists, strings, numbers, booleans and None")
        return copy
    if not isinstance(value, str):
        fail(field, value, f"must be a mapping or text, not {type(value).__name__}", _FIX)
    text = value.strip()
    if not text:
        fail(field, value, "is empty", _FIX)
    if text.startswith(("{", "[")):
        try:
            parsed = json.loads(text)
        except ValueError as error:
            fail(field, value[:80], f"looks like JSON but does not parse ({error})", "fix the JSON, or pass the rules as a dict")
        if not isinstance(parsed, dict) or not parsed:
            fail(field, value[:80], "is not a non-empty JSON object", _FIX)
        return parsed
    return text  # R2RML (Turtle)


def as_task_data_property(document: Optional[Union[str, dict[str, Any]]]) -> Optional[str]:
    """`AWS::DMS::ReplicationTask.TaskData`: a string (JSON text for Gremlin rules)."""
    if document is None or isinstance(document, str):
        return document
    return json.dumps(document)


def as_supplemental_settings(field: str, document: Optional[Union[str, dict[str, Any]]]) -> Optional[dict[str, Any]]:
    """`AWS::DMS::ReplicationConfig.SupplementalSettings`: a JSON object, so R2RML text is refused there."""
    if document is None or isinstance(document, dict):
        return document
    fail(field, document[:80], "is R2RML text, but a serverless replication takes its supplemental data as a JSON object",
         "pass Gremlin graph-mapping rules as a dict, or use a replication instance")
