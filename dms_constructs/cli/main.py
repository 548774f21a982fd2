"""The `dms-constructs` command line (argparse subcommands: guard, baseline, runbook). Exit codes: 0 fine,
1 the guard found a replacement or deletion, 2 bad usage or input (unreadable assembly, malformed allow-list,
no waves in the stage asked for)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Optional, Sequence

from .._version import __version__

USAGE_ERROR = 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="dms-constructs", description="Checks on synthesized dms-constructs apps (no AWS account needed).")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    guard = commands.add_parser(
        "guard",
        help="fail when deploying AFTER would replace or delete a DMS resource of BEFORE",
        description=(
            "Compare two cloud assemblies (cdk.out directories, Stages included). Exit 1 when AFTER would replace "
            "or delete a DMS resource, or a secret or key one uses; in-place updates and additions are info."
        ),
    )
    guard.add_argument("before", help="the deployed state: a cdk.out or a baseline written by `dms-constructs baseline`")
    guard.add_argument("after", help="the assembly to deploy, e.g. cdk.out")
    guard.add_argument("--allow", metavar="FILE", help="allow-list of accepted replacements (default: ./dms-guard-allow.json when it exists)")
    guard.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
    guard.add_argument("--quiet", action="store_true", help="hide info lines (in-place updates, additions)")
    guard.set_defaults(run=_guard)

    baseline = commands.add_parser(
        "baseline",
        help="write the reduced assembly that `guard` compares against",
        description="Write CDK_OUT's manifests and templates, reduced to what the guard compares, into DEST (replacing it).",
    )
    baseline.add_argument("cdk_out", help="a synthesized cloud assembly")
    baseline.add_argument("dest", help="the baseline directory, e.g. tests/baseline")
    baseline.set_defaults(run=_baseline)

    runbook = commands.add_parser(
        "runbook",
        help="write one Markdown runbook per stage from a synthesized assembly",
        description=(
            "Write <OUTPUT>/<stage>.md for each stage whose stacks hold migration waves: what each wave migrates, "
            "source -> target, network path, capacity, a Mermaid diagram, source prerequisites and the steps with "
            "the wave's identifiers (test connections, assess, start, watch, validate, cut over, roll back, clean up)."
        ),
    )
    runbook.add_argument("--assembly", default="cdk.out", help="the synthesized cloud assembly (default: cdk.out)")
    runbook.add_argument("--stage", help="one stage, e.g. prod (default: every stage with waves)")
    runbook.add_argument("--output", help="directory for the runbooks (default: <assembly>/runbooks)")
    runbook.set_defaults(run=_runbook)
    return parser


def main(argv: Optional[Sequence[str]] = None) -> int:
    args = build_parser().parse_args(argv)
    from .allow import AllowListError
    from .assembly import AssemblyError
    from .runbook import RunbookError
    from .schemas import SchemaUnavailable

    try:
        return int(args.run(args))
    except (AssemblyError, AllowListError, SchemaUnavailable, RunbookError) as error:
        print(f"dms-constructs {args.command}: {error}", file=sys.stderr)
        return USAGE_ERROR


def _guard(args: argparse.Namespace) -> int:
    from .allow import DEFAULT_FILE, load_allow_list
    from .assembly import read_assembly
    from .guard import compare
    from .report import render_json, render_text

    allow_path = args.allow or (DEFAULT_FILE if Path(DEFAULT_FILE).is_file() else None)
    entries = load_allow_list(allow_path) if allow_path else []
    report = compare(read_assembly(args.before), read_assembly(args.after), entries)
    print(render_json(report) if args.format == "json" else render_text(report, show_info=not args.quiet))
    return report.exit_code


def _baseline(args: argparse.Namespace) -> int:
    from .baseline import write_baseline

    stacks = write_baseline(args.cdk_out, args.dest)
    print(f"dms-constructs baseline: wrote {len(stacks)} stacks to {args.dest}; review the diff before committing it")
    return 0


def _runbook(args: argparse.Namespace) -> int:
    from .runbook import DEFAULT_OUTPUT, write_runbooks

    output = args.output or str(Path(args.assembly) / DEFAULT_OUTPUT)
    for path in write_runbooks(args.assembly, output, args.stage):
        print(f"dms-constructs runbook: wrote {path}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
