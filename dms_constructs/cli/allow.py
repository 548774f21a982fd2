"""The guard's allow-list: replacements and deletions a team has accepted, each with a written reason.

A JSON file (default `dms-guard-allow.json` in the current directory, when it exists):

    {
      "allow": [
        {"stack": "prod-Migration", "logical_id": "OrdersTasksordersA1B2C3D4",
         "property": "MigrationType",
         "reason": "orders moves to full-load-and-cdc; the cutover team stops the old task first (CHG-1234)"}
      ]
    }

`stack`, `logical_id` and `reason` are required; `property` (optional) narrows an entry to one
create-only property. An entry that no finding matches is stale and reported, so that the file
shrinks again once the change is deployed and the baseline refreshed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

DEFAULT_FILE = "dms-guard-allow.json"
MIN_REASON = 10
_REQUIRED = ("stack", "logical_id", "reason")
_KEYS = set(_REQUIRED) | {"property"}


class AllowListError(ValueError):
    """The allow-list file is malformed; the message names the entry and what to fix."""


@dataclass(frozen=True)
class AllowEntry:
    stack: str
    logical_id: str
    reason: str
    property: Optional[str] = None

    def matches(self, stack: str, logical_id: str, property: Optional[str]) -> bool:
        return (
            self.stack == stack
            and self.logical_id == logical_id
            and (self.property is None or self.property == property)
        )

    def describe(self) -> str:
        suffix = f" property {self.property}" if self.property else ""
        return f"{self.stack} {self.logical_id}{suffix}"


def load_allow_list(path: str | Path) -> list[AllowEntry]:
    """Parse and check the allow-list at `path`."""
    path = Path(path)
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise AllowListError(f"{path}: no such allow-list file") from None
    except json.JSONDecodeError as error:
        raise AllowListError(f"{path}: not JSON ({error})") from None
    if not isinstance(document, dict) or not isinstance(document.get("allow"), list):
        raise AllowListError(f'{path}: expected an object with a list "allow", e.g. {{"allow": []}}')
    entries = []
    for index, raw in enumerate(document["allow"]):
        where = f"{path}: allow[{index}]"
        if not isinstance(raw, dict):
            raise AllowListError(f"{where}: expected an object with stack, logical_id and reason (got {raw!r})")
        unknown = sorted(set(raw) - _KEYS)
        if unknown:
            raise AllowListError(f"{where}: unknown keys {unknown}; use stack, logical_id, reason and optionally property")
        for key in _REQUIRED:
            value = raw.get(key)
            if not isinstance(value, str) or not value.strip():
                raise AllowListError(f"{where}: {key} is missing or empty; every accepted replacement names its stack and logical id and says why")
        if len(raw["reason"].strip()) < MIN_REASON:
            raise AllowListError(f"{where}: reason is too short (got {raw['reason']!r}); say why the replacement is safe")
        prop = raw.get("property")
        if prop is not None and (not isinstance(prop, str) or not prop.strip()):
            raise AllowListError(f"{where}: property must be a property name when given (got {prop!r})")
        entries.append(AllowEntry(stack=raw["stack"], logical_id=raw["logical_id"], reason=raw["reason"].strip(), property=prop))
    return entries
