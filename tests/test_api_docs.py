"""Every public name of `dms_constructs.__all__` is documented, and every optional constructor parameter
states its default ("Default: ..."), so that `make docs` (pdoc) renders a complete API reference."""

from __future__ import annotations

import dataclasses
import enum
import inspect
import re

import dms_constructs

# Modules whose public names are not (yet) documented: none.
EXEMPT_MODULES: tuple[str, ...] = ()
_CONSTRUCT_PARAMS = {"self", "scope", "id", "args", "kwargs"}


def _public():
    for name in dms_constructs.__all__:
        if name == "__version__":
            continue
        obj = getattr(dms_constructs, name)
        if getattr(obj, "__module__", "").startswith(EXEMPT_MODULES):
            continue
        yield name, obj


def _own_members(cls):
    for attr, value in vars(cls).items():
        if attr.startswith("_"):
            continue
        if isinstance(value, (staticmethod, classmethod)):
            value = value.__func__
        if inspect.isfunction(value) or isinstance(value, property):
            yield attr, value


def _undocumented() -> list[str]:
    missing = []
    for name, obj in _public():
        if not (inspect.isclass(obj) or inspect.isfunction(obj)):
            continue  # constants: documented where they are defined
        if not (obj.__doc__ or "").strip():
            missing.append(name)
        if inspect.isclass(obj) and not issubclass(obj, enum.Enum):
            missing += [f"{name}.{attr}" for attr, member in _own_members(obj) if not (member.__doc__ or "").strip()]
    return missing


def _defaults_undocumented() -> list[str]:
    missing = []
    for name, obj in _public():
        if not inspect.isclass(obj) or issubclass(obj, enum.Enum):
            continue
        docs = (obj.__doc__ or "") + (vars(obj).get("__init__").__doc__ or "" if "__init__" in vars(obj) else "")
        if "__init__" not in vars(obj) and not dataclasses.is_dataclass(obj):
            continue  # no constructor of its own (e.g. built by factory methods)
        for param in inspect.signature(obj).parameters.values():
            if param.name in _CONSTRUCT_PARAMS or param.default is inspect.Parameter.empty:
                continue
            # The text of ":param name:" up to the next ":param" (or the end) must say "Default:".
            block = re.search(rf":param {param.name}:(.*?)(?=\n\s*:param |\Z)", docs, re.S)
            if not block or "Default:" not in block.group(1):
                missing.append(f"{name}({param.name}=...)")
    return missing


def test_every_public_name_is_documented():
    assert _undocumented() == []


def test_every_optional_constructor_parameter_states_its_default():
    assert _defaults_undocumented() == []


def test_the_check_sees_a_missing_docstring_and_a_missing_default():
    class Bare:
        def method(self):
            pass

    @dataclasses.dataclass
    class Props:
        """Props.

        :param documented: a thing. Default: none.
        """

        documented: int = 1
        undocumented: int = 2

    assert [a for a, m in _own_members(Bare) if not (m.__doc__ or "").strip()] == ["method"]
    dms_constructs.__dict__["_Probe"] = Props
    try:
        dms_constructs.__all__.append("_Probe")
        assert _defaults_undocumented()[-1:] == ["_Probe(undocumented=...)"]
    finally:
        dms_constructs.__all__.remove("_Probe")
        del dms_constructs.__dict__["_Probe"]
