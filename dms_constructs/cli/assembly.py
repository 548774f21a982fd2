"""Read the stacks of a cloud assembly: a `cdk.out` directory with its `manifest.json`, nested Stage
assemblies (`assembly-*/`) included. Also accepted: a directory of `*.template.json` files without a
manifest, or one template file (stack name = file name without `.template.json`)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator, Optional

STACK = "aws:cloudformation:stack"
NESTED = "cdk:cloud-assembly"
UNKNOWN_ENVIRONMENT = "aws://unknown-account/unknown-region"


class AssemblyError(ValueError):
    """The path is not a cloud assembly (or a template) that can be read."""


@dataclass(frozen=True)
class StackTemplate:
    """One stack of an assembly.

    :param name: the CloudFormation stack name.
    :param environment: `aws://<account>/<region>`.
    :param template: the template as parsed JSON.
    :param template_file: the template's path relative to the assembly root.
    :param display_name: the stack's construct path, e.g. `prod/Migration`.
    """

    name: str
    environment: str
    template: dict[str, Any]
    template_file: str
    display_name: str = ""

    @property
    def key(self) -> tuple[str, str]:
        """What identifies a deployed stack: its environment and name."""
        return (self.environment, self.name)

    @property
    def region(self) -> Optional[str]:
        region = self.environment.rsplit("/", 1)[-1]
        return None if region.startswith("unknown") else region

    @property
    def resources(self) -> dict[str, dict[str, Any]]:
        resources = self.template.get("Resources")
        return resources if isinstance(resources, dict) else {}


def read_assembly(path: str | Path) -> dict[tuple[str, str], StackTemplate]:
    """The stacks under `path`, by `(environment, stack name)`."""
    root = Path(path)
    if root.is_file():
        stacks = [_plain(root, root.parent)]
    elif (root / "manifest.json").is_file():
        stacks = list(_from_manifest(root, root))
    elif root.is_dir():
        stacks = [_plain(f, root) for f in sorted(root.rglob("*.template.json"))]
        if not stacks:
            raise AssemblyError(f"{root}: no manifest.json and no *.template.json files: not a cloud assembly")
    else:
        raise AssemblyError(f"{root}: no such file or directory")
    result: dict[tuple[str, str], StackTemplate] = {}
    for stack in stacks:
        if stack.key in result:
            raise AssemblyError(f"{root}: stack {stack.name} ({stack.environment}) appears twice")
        result[stack.key] = stack
    return result


def _from_manifest(directory: Path, root: Path) -> Iterator[StackTemplate]:
    manifest = _load(directory / "manifest.json")
    for artifact_id, artifact in (manifest.get("artifacts") or {}).items():
        kind, props = artifact.get("type"), artifact.get("properties") or {}
        if kind == NESTED:
            nested = directory / props.get("directoryName", artifact_id)
            if not (nested / "manifest.json").is_file():
                raise AssemblyError(f"{nested}: nested assembly {artifact_id} has no manifest.json")
            yield from _from_manifest(nested, root)
        elif kind == STACK:
            template_path = directory / props["templateFile"]
            yield StackTemplate(
                name=props.get("stackName") or artifact_id,
                environment=artifact.get("environment") or UNKNOWN_ENVIRONMENT,
                template=_load(template_path),
                template_file=template_path.relative_to(root).as_posix(),
                display_name=artifact.get("displayName") or artifact_id,
            )


def _plain(path: Path, root: Path) -> StackTemplate:
    name = path.name.removesuffix(".json").removesuffix(".template")
    return StackTemplate(name=name, environment=UNKNOWN_ENVIRONMENT, template=_load(path), template_file=path.relative_to(root).as_posix(), display_name=name)


def _load(path: Path) -> dict[str, Any]:
    try:
        with path.open(encoding="utf-8") as handle:
            document = json.load(handle)
    except FileNotFoundError:
        raise AssemblyError(f"{path}: missing") from None
    except json.JSONDecodeError as error:
        raise AssemblyError(f"{path}: not JSON ({error})") from None
    if not isinstance(document, dict):
        raise AssemblyError(f"{path}: not a JSON object")
    return document
