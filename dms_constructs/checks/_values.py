"""Reading resolved CloudFormation values, where anything CDK could not resolve at synth is *unknown*.

Every helper returns `UNKNOWN` instead of guessing when a value (or the object holding it) is an
intrinsic function, so a rule can skip the resource: an unresolved token never produces a finding.
"""

from __future__ import annotations

import fnmatch
import json
import re
from typing import Any, Iterator


class _Sentinel:
    def __init__(self, name: str) -> None:
        self._name = name

    def __repr__(self) -> str:
        return self._name

    def __bool__(self) -> bool:  # a sentinel is never a usable value
        return False


#: The property (or a key on the path to it) is absent.
MISSING: Any = _Sentinel("MISSING")
#: The value is a deploy-time value (an intrinsic function or an unresolved token).
UNKNOWN: Any = _Sentinel("UNKNOWN")
#: The value is present but is not what CloudFormation expects (e.g. settings that are not JSON).
INVALID: Any = _Sentinel("INVALID")

_TOKEN_MARKERS = ("${Token[", "#{Token[", "[TOKEN.")


def is_intrinsic(value: Any) -> bool:
    """`{"Ref": ...}`, `{"Fn::...": ...}` or `{"Condition": ...}`: only known at deploy time."""
    if not isinstance(value, dict) or len(value) != 1:
        return False
    key: str = next(iter(value))
    return key == "Ref" or key == "Condition" or key.startswith("Fn::")


def is_unresolved(value: Any) -> bool:
    """An intrinsic, or a string that still carries a CDK token marker (nothing should, after resolve)."""
    if is_intrinsic(value):
        return True
    if isinstance(value, str):
        return any(marker in value for marker in _TOKEN_MARKERS)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        # CDK number tokens are huge negative doubles around -1.8881545897087e+289
        return value < -1e289
    return False


def get(container: Any, *path: str) -> Any:
    """`container[path[0]][path[1]]...`, or MISSING when a key is absent, or UNKNOWN when a step is a token."""
    current = container
    for key in path:
        if is_unresolved(current):
            return UNKNOWN
        if not isinstance(current, dict):
            return INVALID
        if key not in current or current[key] is None:
            return MISSING
        current = current[key]
    return UNKNOWN if is_unresolved(current) else current


def as_bool(value: Any) -> Any:
    """True/False for a boolean (CloudFormation also accepts "true"/"false"); MISSING, UNKNOWN or INVALID otherwise."""
    if value is MISSING or value is UNKNOWN or value is INVALID:
        return value
    if is_unresolved(value):
        return UNKNOWN
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    return INVALID


def as_str(value: Any) -> Any:
    """A string as is; MISSING for absent or empty; UNKNOWN for tokens; INVALID for other types."""
    if value is MISSING or value is UNKNOWN or value is INVALID:
        return value
    if is_unresolved(value):
        return UNKNOWN
    if isinstance(value, str):
        return value if value != "" else MISSING
    return INVALID


def json_document(value: Any) -> Any:
    """A JSON object given either as an object or as a JSON string (ReplicationTaskSettings is a string,
    ReplicationConfig.ReplicationSettings an object). MISSING, UNKNOWN or INVALID otherwise."""
    if value is MISSING or value is UNKNOWN or value is INVALID:
        return value
    if is_unresolved(value):
        return UNKNOWN
    if isinstance(value, str):
        if not value.strip():
            return MISSING
        try:
            value = json.loads(value)
        except ValueError:
            return INVALID
    if isinstance(value, dict):
        return value
    return INVALID


def join_to_text(value: Any, pseudo: dict[str, str] | None = None) -> Any:
    """A string, or an `Fn::Join`/`Fn::Sub` of strings and pseudo parameters, as text with each pseudo
    parameter replaced by `pseudo[name]` (default: `{AWS::Region}` style placeholders). UNKNOWN when
    any other intrinsic is involved."""
    pseudo = pseudo or {}

    def pseudo_text(name: str) -> Any:
        if name.startswith("AWS::"):
            return pseudo.get(name, "{" + name + "}")
        return UNKNOWN

    if isinstance(value, str):
        return UNKNOWN if is_unresolved(value) else value
    if not is_intrinsic(value):
        return UNKNOWN
    key, arg = next(iter(value.items()))
    if key == "Ref" and isinstance(arg, str):
        return pseudo_text(arg)
    if key == "Fn::Join" and isinstance(arg, list) and len(arg) == 2 and isinstance(arg[0], str):
        parts = arg[1]
        if not isinstance(parts, list):
            return UNKNOWN
        texts = [join_to_text(part, pseudo) for part in parts]
        if any(t is UNKNOWN for t in texts):
            return UNKNOWN
        return arg[0].join(texts)
    if key == "Fn::Sub":
        template, variables = (arg, {}) if isinstance(arg, str) else (arg[0], arg[1]) if (
            isinstance(arg, list) and len(arg) == 2 and isinstance(arg[0], str) and isinstance(arg[1], dict)
        ) else (None, None)
        if template is None or variables is None:
            return UNKNOWN
        unknown = False

        def substitute(match: re.Match[str]) -> str:
            nonlocal unknown
            name = match.group(1)
            if name in variables:
                text = join_to_text(variables[name], pseudo)
            else:
                text = pseudo_text(name)
            if text is UNKNOWN:
                unknown = True
                return ""
            return str(text)

        result = re.sub(r"\$\{([^!}][^}]*)\}", substitute, template)
        return UNKNOWN if unknown else result
    return UNKNOWN


def contains_text(value: Any, needle: str) -> bool:
    """True when `needle` appears in a literal string anywhere inside `value` (including intrinsic arguments)."""
    return any(isinstance(v, str) and needle in v for v in walk(value))


def walk(value: Any) -> Iterator[Any]:
    """Every value nested in a JSON document, the document first."""
    yield value
    if isinstance(value, dict):
        for v in value.values():
            yield from walk(v)
    elif isinstance(value, list):
        for v in value:
            yield from walk(v)


_SUB_REF = re.compile(r"\$\{([A-Za-z0-9]+)(?:\.[^}]*)?\}")


def referenced_logical_ids(value: Any) -> set[str]:
    """Logical ids that `Ref`, `Fn::GetAtt` or `Fn::Sub` name anywhere inside `value` (CloudFormation
    orders creation by these implicit dependencies as it does by `DependsOn`)."""
    found: set[str] = set()
    for v in walk(value):
        if not isinstance(v, dict):
            continue
        ref = v.get("Ref")
        if isinstance(ref, str) and not ref.startswith("AWS::"):
            found.add(ref)
        att = v.get("Fn::GetAtt")
        if isinstance(att, list) and att and isinstance(att[0], str):
            found.add(att[0])
        elif isinstance(att, str):
            found.add(att.split(".", 1)[0])
        sub = v.get("Fn::Sub")
        template = sub if isinstance(sub, str) else sub[0] if isinstance(sub, list) and sub and isinstance(sub[0], str) else None
        if template:
            found.update(m.group(1) for m in _SUB_REF.finditer(template) if not m.group(1).startswith("AWS"))
    return found


def action_matches(pattern: Any, action: str) -> Any:
    """Whether an IAM action pattern (`*`, `secretsmanager:Get*`...) covers `action`; UNKNOWN for tokens."""
    if is_unresolved(pattern) or not isinstance(pattern, str):
        return UNKNOWN
    return fnmatch.fnmatchcase(action.lower(), pattern.lower())


def as_list(value: Any) -> Any:
    """A list as is, a single value (or a string-valued `Fn::Join`/`Fn::Sub`) as a one-item list, [] for
    absent; UNKNOWN for other tokens (they may stand for a list)."""
    if value is None or value is MISSING:
        return []
    if is_intrinsic(value) and next(iter(value)) in ("Fn::Join", "Fn::Sub"):
        return [value]  # these always produce one string
    if is_unresolved(value):
        return UNKNOWN
    return value if isinstance(value, list) else [value]
