"""Helpers for reading synthesized templates in tests."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterator


def resources(template: dict, type_: str) -> dict[str, dict]:
    """Resources of one CloudFormation type, by logical id."""
    return {k: v for k, v in template.get("Resources", {}).items() if v["Type"] == type_}


def tag_map(resource: dict) -> dict[str, str]:
    """A resource's Tags property as a dict."""
    return {t["Key"]: t["Value"] for t in resource.get("Properties", {}).get("Tags", [])}


def walk(value: Any) -> Iterator[Any]:
    """Every value nested in a JSON document."""
    yield value
    if isinstance(value, dict):
        for v in value.values():
            yield from walk(v)
    elif isinstance(value, list):
        for v in value:
            yield from walk(v)


def create_moto_task(client: Any, identifier: str = "w-a") -> str:
    """A replication task in moto's DMS (status `ready`), for the custom-resource handler tests; its ARN."""
    return client.create_replication_task(
        ReplicationTaskIdentifier=identifier,
        SourceEndpointArn="arn:aws:dms:eu-west-1:123456789012:endpoint:SRC",
        TargetEndpointArn="arn:aws:dms:eu-west-1:123456789012:endpoint:TGT",
        ReplicationInstanceArn="arn:aws:dms:eu-west-1:123456789012:rep:RI",
        MigrationType="full-load-and-cdc",
        TableMappings='{"rules": []}',
    )["ReplicationTask"]["ReplicationTaskArn"]


def task_status(client: Any, arn: str) -> str:
    """The task's status as DMS reports it."""
    return client.describe_replication_tasks(Filters=[{"Name": "replication-task-arn", "Values": [arn]}])["ReplicationTasks"][0]["Status"]


def cfn_lint(*args: str) -> tuple[int, str]:
    """`cfn-lint *args` run in this process: cfn-lint's own command-line entry point, so the same configuration
    (its config files, regions, rules) and the same exit code as the command (non-zero on any error, warning or
    informational finding), without starting a second interpreter and importing cfn-lint again (about 1 s each
    time). Returns (exit code, what it printed)."""
    import contextlib
    import io
    import logging
    import sys

    from cfnlint.runner import main

    logger = logging.getLogger("cfnlint")
    handlers, level, argv = list(logger.handlers), logger.level, sys.argv
    out = io.StringIO()
    sys.argv = ["cfn-lint", *args]
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
            main()
    except SystemExit as exit:
        code = exit.code
    else:
        raise AssertionError(f"cfn-lint returned without an exit code; it printed: {out.getvalue()}")
    finally:
        sys.argv = argv
        logger.handlers[:] = handlers  # the command configures cfn-lint's logging for itself: undone
        logger.setLevel(level)
    if code is None or isinstance(code, int):
        return code or 0, out.getvalue()
    return 1, f"{out.getvalue()}{code}"  # sys.exit("message"): exit code 1, the message on stderr



_LAMBDA_IMPORT = """
import importlib, json, sys
sys.path.insert(0, sys.argv[1])  # the Lambda runtime's task root: the unzipped asset
importlib.import_module(sys.argv[2])
print(json.dumps({name: getattr(module, "__file__", None) for name, module in sys.modules.items()
                  if name in sys.argv[2:] or name.split(".")[0] == "dms_constructs"}))
"""


def lambda_import(asset: Path, handler_module: str, *also: str) -> dict[str, str]:
    """Import `handler_module` (e.g. `start_once.handler`) from the unzipped Lambda asset `asset` as the Python
    runtime does: a fresh interpreter (`-I`: not this checkout, no environment) with the asset's root first on
    `sys.path`. Returns {module name: file} for the handler, the modules named in `also`, and any module of
    dms_constructs it loaded (which a deployed function cannot)."""
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-I", "-c", _LAMBDA_IMPORT, str(asset), handler_module, *also],
                          capture_output=True, text=True, check=True, cwd=asset)
    return json.loads(done.stdout)
