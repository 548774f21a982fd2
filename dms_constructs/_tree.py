"""Typed look-ups in the construct tree.

jsii types `node.default_child` and `node.try_find_child` as `IConstruct | None`. The library knows
what it finds there (jsii hands back objects of their own classes, e.g. a `lambda_.CfnFunction` as the
default child of a `lambda_.Function`); these helpers narrow to that class and fail with the construct
path when the tree is not what the library built.
"""

from __future__ import annotations

from typing import Optional, TypeVar

from aws_cdk import CfnResource
from constructs import IConstruct

T = TypeVar("T")


def default_resource(construct: IConstruct) -> CfnResource:
    """The CloudFormation resource that `construct` (an L2 construct) wraps: its default child."""
    resource = construct.node.default_child
    if not isinstance(resource, CfnResource):
        raise TypeError(f"{construct.node.path}: the default child is not a CloudFormation resource (got {resource!r})")
    return resource


def child(scope: IConstruct, id: str, kind: type[T]) -> T:
    """The child `id` of `scope`, which must exist and be a `kind`."""
    found = optional_child(scope, id, kind)
    if found is None:
        raise TypeError(f"{scope.node.path}: no child {id!r}")
    return found


def optional_child(scope: IConstruct, id: str, kind: type[T]) -> Optional[T]:
    """The child `id` of `scope` if there is one (it must be a `kind`), else None."""
    found = scope.node.try_find_child(id)
    if found is not None and not isinstance(found, kind):
        raise TypeError(f"{scope.node.path}/{id}: expected a {kind.__name__}, got {type(found).__name__}")
    return found
