"""The `dms-constructs` command line (argparse subcommands). Exit codes: 0 fine, 1 the guard found a
replacement or deletion, 2 bad usage or input (unreadable assembly, malformed allow-list)."""

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
    return parser


def main(argv: Optional[Sequence[str]] = None) -> int:
    args = build_parser().parse_args(argv)
    from .allow import AllowListError
    from .assembly import AssemblyError
    from .schemas import SchemaUnavailable

    try:
        return args.run(args)
    except (AssemblyError, AllowListError, SchemaUnavailable) as error:
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


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
