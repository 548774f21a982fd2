"""Which resources a CloudFormation value refers to: `Ref`, `Fn::GetAtt` and `Fn::Sub` anywhere in it,
including inside `Fn::Join`, `Fn::Select`, `Fn::If`, ... (pure Python, no CDK)."""

from __future__ import annotations

import re
from typing import Any, Iterator

# `${Name}` or `${Name.Attribute}` in an `Fn::Sub` string; `${!Literal}` is an escape, not a reference.
_SUB = re.compile(r"\$\{(?!!)([^}.]+)(?:\.[^}]*)?\}")


def references(value: Any) -> Iterator[str]:
    """The logical ids (or parameter names) that `value` refers to, in document order; pseudo
    parameters (`AWS::Region`, ...) excluded."""
    if isinstance(value, dict):
        if len(value) == 1:
            (key, arg), = value.items()
            if key == "Ref" and isinstance(arg, str):
                if not arg.startswith("AWS::"):
                    yield arg
                return
            if key == "Fn::GetAtt":
                target = arg[0] if isinstance(arg, list) and arg else arg.split(".", 1)[0] if isinstance(arg, str) else None
                if isinstance(target, str):
                    yield target
                if isinstance(arg, list):
                    yield from (r for a in arg[1:] for r in references(a))
                return
            if key == "Fn::Sub":
                text, variables = (arg[0], arg[1] if len(arg) > 1 else {}) if isinstance(arg, list) else (arg, {})
                if isinstance(text, str):
                    for name in _SUB.findall(text):
                        if name not in variables and not name.startswith("AWS::"):
                            yield name
                if isinstance(variables, dict):
                    for v in variables.values():
                        yield from references(v)
                return
        for v in value.values():
            yield from references(v)
    elif isinstance(value, list):
        for v in value:
            yield from references(v)
