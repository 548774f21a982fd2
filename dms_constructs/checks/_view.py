"""One stack's resources as CloudFormation sees them: type, resolved properties and dependencies.

Two sources, one shape:

* `TemplateView` reads the template CDK has just written (during `app.synth()` the validation context
  names every stack's template). It is exact: property overrides, `DependsOn` and tags are all there.
* `RenderedView` renders the L1 constructs themselves (`renderProperties(cfnProperties)`, resolved by the
  stack), for `validate_scope()` on a tree that has no written template. It cannot see raw overrides
  (`add_property_override`), and tags added with `Tags.of()` appear only once aspects have run
  (after `app.synth()`).
"""

from __future__ import annotations

import json
from collections import deque
from typing import Any, Iterable, Optional, cast

from aws_cdk import CfnResource, Stack

from ._values import is_unresolved, referenced_logical_ids


class Resource:
    """One resource: logical id, type, resolved properties and direct `DependsOn`."""

    __slots__ = ("logical_id", "type", "properties", "depends_on")

    def __init__(self, logical_id: str, type_: str, properties: Any, depends_on: Iterable[str]) -> None:
        self.logical_id = logical_id
        self.type = type_
        self.properties = properties if isinstance(properties, dict) else {}
        self.depends_on = frozenset(depends_on)

    def __repr__(self) -> str:
        return f"Resource({self.logical_id!r}, {self.type!r})"


class StackView:
    """Base: lookups shared by both sources."""

    def __init__(self) -> None:
        self._edges: dict[str, frozenset[str]] = {}

    # -- implemented by the two sources ---------------------------------------------------------
    def logical_ids(self) -> dict[str, str]:
        """logical id -> resource type, for every resource of the stack."""
        raise NotImplementedError

    def resource(self, logical_id: str) -> Optional[Resource]:
        raise NotImplementedError

    # -- shared ------------------------------------------------------------------------------------
    def resources_of_type(self, *types: str) -> list[Resource]:
        wanted = set(types)
        found = (self.resource(lid) for lid, t in self.logical_ids().items() if t in wanted)
        return [r for r in found if r is not None]

    def edges(self, logical_id: str) -> frozenset[str]:
        """Resources `logical_id` waits for: `DependsOn` plus the ones its properties reference."""
        if logical_id not in self._edges:
            resource = self.resource(logical_id)
            if resource is None:
                self._edges[logical_id] = frozenset()
            else:
                known = self.logical_ids()
                refs = {r for r in referenced_logical_ids(resource.properties) if r in known}
                self._edges[logical_id] = frozenset((set(resource.depends_on) | refs) - {logical_id})
        return self._edges[logical_id]

    def depends_on_any(self, logical_id: str, targets: set[str]) -> bool:
        """Whether CloudFormation creates one of `targets` before `logical_id` (transitively)."""
        seen = {logical_id}
        queue = deque([logical_id])
        while queue:
            for nxt in self.edges(queue.popleft()):
                if nxt in targets:
                    return True
                if nxt not in seen:
                    seen.add(nxt)
                    queue.append(nxt)
        return False


class TemplateView(StackView):
    """A stack read from its synthesized template file."""

    def __init__(self, template_path: str) -> None:
        super().__init__()
        with open(template_path, encoding="utf-8") as handle:
            template = json.load(handle)
        resources = template.get("Resources") or {}
        self._resources = resources if isinstance(resources, dict) else {}
        self._cache: dict[str, Optional[Resource]] = {}

    def logical_ids(self) -> dict[str, str]:
        return {lid: r.get("Type", "") for lid, r in self._resources.items() if isinstance(r, dict)}

    def construct_path(self, logical_id: str) -> Optional[str]:
        """The path of the construct that wrote `logical_id` (CDK's `aws:cdk:path` metadata), if written."""
        raw = self._resources.get(logical_id)
        metadata = raw.get("Metadata") if isinstance(raw, dict) else None
        path = metadata.get("aws:cdk:path") if isinstance(metadata, dict) else None
        return path if isinstance(path, str) and path else None

    def resource(self, logical_id: str) -> Optional[Resource]:
        if logical_id not in self._cache:
            raw = self._resources.get(logical_id)
            if not isinstance(raw, dict):
                self._cache[logical_id] = None
            else:
                depends = raw.get("DependsOn") or []
                depends = [depends] if isinstance(depends, str) else [d for d in depends if isinstance(d, str)]
                self._cache[logical_id] = Resource(logical_id, raw.get("Type", ""), raw.get("Properties") or {}, depends)
        return self._cache[logical_id]


def _cfn_resource(construct: object) -> Optional[CfnResource]:
    """`construct` as a CfnResource when it is one (jsii's `is_cfn_resource` is a check, not a TypeGuard)."""
    return cast(CfnResource, construct) if CfnResource.is_cfn_resource(construct) else None


class RenderedView(StackView):
    """A stack rendered from its L1 constructs (no template on disk)."""

    def __init__(self, stack: Stack) -> None:
        super().__init__()
        self._stack = stack
        self._path = stack.node.path
        self._nodes: Optional[dict[str, CfnResource]] = None
        self._types: dict[str, str] = {}
        self._cache: dict[str, Optional[Resource]] = {}

    def logical_id_of(self, node: CfnResource) -> str:
        return str(self._stack.resolve(node.logical_id))

    def _index(self) -> dict[str, CfnResource]:
        if self._nodes is None:
            nodes: dict[str, CfnResource] = {}
            for construct in self._stack.node.find_all():
                resource = _cfn_resource(construct)
                if resource is not None and self._owns(resource):
                    lid = self.logical_id_of(resource)
                    nodes[lid] = resource
                    self._types[lid] = resource.cfn_resource_type
            self._nodes = nodes
        return self._nodes

    def _owns(self, construct: Any) -> bool:
        return Stack.of(construct).node.path == self._path

    def logical_ids(self) -> dict[str, str]:
        self._index()
        return dict(self._types)

    def resource(self, logical_id: str) -> Optional[Resource]:
        if logical_id not in self._cache:
            node = self._index().get(logical_id)
            self._cache[logical_id] = None if node is None else self.render(node, logical_id)
        return self._cache[logical_id]

    def render(self, node: CfnResource, logical_id: Optional[str] = None) -> Resource:
        logical_id = logical_id or self.logical_id_of(node)
        cached = self._cache.get(logical_id)
        if cached is not None:
            return cached
        try:
            # the order CDK uses: resolve first (tokens become intrinsics the L1 validators accept), then render
            properties = node._render_properties(self._stack.resolve(node._cfn_properties))
        except Exception:  # an exotic L1 that cannot render outside synthesis: treat as unknown
            properties = {"__unrenderable__": {"Fn::Unknown": True}}
        resource = Resource(logical_id, node.cfn_resource_type, properties, self._dependencies(node))
        self._cache[logical_id] = resource
        return resource

    def _dependencies(self, node: CfnResource) -> set[str]:
        """Resource-level dependencies, plus construct-level ones (`node.add_dependency`) that CDK turns
        into `DependsOn` only while synthesizing, so the view is right before and after `app.synth()`."""
        found: set[str] = set()
        for dep in node.obtain_dependencies():
            resource = _cfn_resource(dep)
            if resource is not None and self._owns(resource):
                found.add(self.logical_id_of(resource))
        current: Any = node
        while current is not None and not Stack.is_stack(current):
            for target in current.node.dependencies:
                for construct in target.node.find_all():
                    if CfnResource.is_cfn_resource(construct) and self._owns(construct):
                        found.add(self.logical_id_of(construct))
            current = current.node.scope
        found.discard(self.logical_id_of(node))
        return {f for f in found if not is_unresolved(f)}
