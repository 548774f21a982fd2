"""`dms-constructs baseline CDK_OUT DEST`: the reduced cloud assembly that `guard` compares against.

It keeps what the guard reads and nothing else, so that a refreshed baseline's diff shows only DMS
state: each assembly's manifest (stack artifacts and nested assemblies only) and each stack's template
reduced to the DMS resources, the secrets and keys they use, and whatever their create-only properties
refer to (transitively), which the guard needs to see a replacement cascade. Each resource keeps its type,
condition, properties and deletion policies, and of its metadata only the construct path.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from .assembly import NESTED, STACK, AssemblyError, StackTemplate, read_assembly
from .guard import tracked
from .references import references
from .schemas import create_only_properties, values_at

NOTE = "dms-constructs baseline: reduced to the resources `dms-constructs guard` compares; refresh with `make baseline`"


def reduce_template(stack: StackTemplate) -> dict[str, Any]:
    """The stack's template with only the resources the guard compares or follows."""
    resources = stack.resources
    keep = set(tracked(resources))
    frontier = set(keep)
    while frontier:
        following: set[str] = set()
        for lid in frontier:
            resource = resources[lid]
            props = resource.get("Properties") or {}
            for path in create_only_properties(resource.get("Type", ""), stack.region or "us-east-1"):
                for value in values_at(props, path).values():
                    for ref in references(value):
                        if ref in resources and ref not in keep:
                            keep.add(ref)
                            following.add(ref)
        frontier = following
    reduced: dict[str, Any] = {"Description": NOTE, "Resources": {}}
    for lid, resource in resources.items():  # template order, so refreshes diff line by line
        if lid in keep:
            reduced["Resources"][lid] = _reduce_resource(resource)
    return reduced


_KEPT = ("Type", "Condition", "Properties", "DeletionPolicy", "UpdateReplacePolicy")


def _reduce_resource(resource: dict[str, Any]) -> dict[str, Any]:
    """What the guard compares (DependsOn and most metadata are left out: they replace nothing)."""
    result = {k: resource[k] for k in _KEPT if k in resource}
    path = (resource.get("Metadata") or {}).get("aws:cdk:path")
    if path:
        result["Metadata"] = {"aws:cdk:path": path}
    return result


def write_baseline(source: str | Path, dest: str | Path) -> list[StackTemplate]:
    """Write the reduced assembly of `source` (a cdk.out) into `dest`, replacing an earlier baseline."""
    source, dest = Path(source), Path(dest)
    if not (source / "manifest.json").is_file():
        raise AssemblyError(f"{source}: no manifest.json: synthesize first (make synth)")
    if dest.exists() and any(dest.iterdir()) and not (dest / "manifest.json").is_file():
        raise AssemblyError(f"{dest}: exists and is not a baseline (no manifest.json); choose an empty or new directory")
    stacks = read_assembly(source)
    if dest.exists():
        shutil.rmtree(dest)
    _write_manifest(source, source, dest)
    for stack in stacks.values():
        _write_json(dest / stack.template_file, reduce_template(stack))
    return list(stacks.values())


def _write_manifest(directory: Path, root: Path, dest_root: Path) -> None:
    manifest = json.loads((directory / "manifest.json").read_text(encoding="utf-8"))
    artifacts = {}
    for artifact_id, artifact in (manifest.get("artifacts") or {}).items():
        kind, props = artifact.get("type"), artifact.get("properties") or {}
        if kind == NESTED:
            _write_manifest(directory / props.get("directoryName", artifact_id), root, dest_root)
            artifacts[artifact_id] = {"type": kind, "properties": {k: v for k, v in props.items() if k in ("directoryName", "displayName")}}
        elif kind == STACK:
            entry = {"type": kind, "environment": artifact.get("environment"), "properties": {k: v for k, v in props.items() if k in ("templateFile", "stackName")}}
            if artifact.get("displayName"):
                entry["displayName"] = artifact["displayName"]
            artifacts[artifact_id] = entry
    relative = directory.relative_to(root)
    _write_json(dest_root / relative / "manifest.json", {"version": manifest.get("version"), "artifacts": artifacts})


def _write_json(path: Path, document: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, indent=1) + "\n", encoding="utf-8")
