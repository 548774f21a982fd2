"""Typed look-ups in the construct tree.

jsii types `node.default_child` and `node.try_find_child` as `IConstruct | None`. The library knows
what it finds there (jsii hands back objects of their own classes, e.g. a `lambda_.CfnFunction` as the
default child of a `lambda_.Function`); these helpers narrow to that class and fail with the construct
path when the tree is not what the library built.

Every read of the tree is a round trip to the jsii runtime. So the library keeps what it has read (or
made) about a construct in one place, `memo(construct)`: a Python dict beside the construct, dropped
with it. `default_resource` and `optional_child` answer from it, and every `of()`-style look-up (one
part per wave, one registry per app) goes through `cached` or `adopt` rather than a cache of its own.
"""

from __future__ import annotations

import weakref
from typing import Any, Callable, Hashable, Optional, TypeVar

from aws_cdk import CfnResource, Stack
from constructs import IConstruct

T = TypeVar("T")

_MEMOS: "weakref.WeakKeyDictionary[IConstruct, dict[Hashable, Any]]" = weakref.WeakKeyDictionary()


def memo(construct: IConstruct) -> dict[Hashable, Any]:
    """What the library has noted about `construct` so far (created empty on first use). Keys are the
    noting module's own (a class, or a `(kind, id)` tuple), so modules cannot collide."""
    found = _MEMOS.get(construct)
    if found is None:
        found = _MEMOS[construct] = {}
    return found


def cached(construct: IConstruct, key: Hashable, make: Callable[[], T]) -> T:
    """`memo(construct)[key]`, made by `make()` on first use."""
    notes = memo(construct)
    if key in notes:
        return notes[key]  # type: ignore[no-any-return]
    found = notes[key] = make()
    return found


def stack_of(construct: IConstruct) -> Stack:
    """`Stack.of(construct)`, looked up once per construct."""
    return cached(construct, Stack, lambda: Stack.of(construct))


def adopt(scope: IConstruct, id: str, child: T) -> T:
    """Note `child`, just created as `scope`'s child `id`, so that `optional_child`/`child` find it without
    a look-up (call it in the child's constructor)."""
    memo(scope)[("child", id)] = child
    return child


def adopted(scope: IConstruct, id: str, kind: type[T]) -> Optional[T]:
    """The child `id` of `scope` that was `adopt`ed (it must be a `kind`), else None, without a look-up: for
    the library's own parts, whose constructors adopt themselves."""
    found = memo(scope).get(("child", id))
    if found is not None and not isinstance(found, kind):
        raise TypeError(f"{scope.node.path}/{id}: expected a {kind.__name__}, got {type(found).__name__}")
    return found


def default_resource(construct: IConstruct) -> CfnResource:
    """The CloudFormation resource that `construct` (an L2 construct) wraps: its default child (looked up
    once per construct: it is set when the construct is built)."""
    notes = memo(construct)
    found = notes.get(CfnResource)
    if found is not None:
        return found  # type: ignore[no-any-return]
    resource = construct.node.default_child
    if not isinstance(resource, CfnResource):
        raise TypeError(f"{construct.node.path}: the default child is not a CloudFormation resource (got {resource!r})")
    notes[CfnResource] = resource
    return resource


def child(scope: IConstruct, id: str, kind: type[T]) -> T:
    """The child `id` of `scope`, which must exist and be a `kind`."""
    found = optional_child(scope, id, kind)
    if found is None:
        raise TypeError(f"{scope.node.path}: no child {id!r}")
    return found


def optional_child(scope: IConstruct, id: str, kind: type[T]) -> Optional[T]:
    """The child `id` of `scope` if there is one (it must be a `kind`), else None. A child once found (or
    `adopt`ed) is remembered; an absent one is looked up again next time."""
    notes = memo(scope)
    found = notes.get(("child", id))
    if found is None:
        found = scope.node.try_find_child(id)
        if found is None:
            return None
        notes[("child", id)] = found
    if not isinstance(found, kind):
        raise TypeError(f"{scope.node.path}/{id}: expected a {kind.__name__}, got {type(found).__name__}")
    return found
