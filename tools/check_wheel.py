"""Fail unless the built wheel holds what a user needs: LICENSE, py.typed and every file of the package
tracked in git (the custom-resource handlers included), and declares dependency ranges, not pins.

    python tools/check_wheel.py build/dist/dms_constructs-<version>-py3-none-any.whl
"""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(wheel: str) -> int:
    names = set(zipfile.ZipFile(wheel).namelist())
    tracked = subprocess.run(["git", "ls-files", "dms_constructs"], cwd=ROOT, check=True, capture_output=True,
                             text=True).stdout.split()
    problems = [f"missing {name}" for name in tracked if name not in names]
    if not any(n.endswith(".dist-info/licenses/LICENSE") for n in names):
        problems.append("missing the LICENSE (dist-info/licenses/LICENSE)")
    if "dms_constructs/py.typed" not in names:
        problems.append("missing dms_constructs/py.typed")
    (metadata,) = [n for n in names if n.endswith(".dist-info/METADATA")]
    text = zipfile.ZipFile(wheel).read(metadata).decode()
    pinned = [line for line in text.splitlines() if line.startswith("Requires-Dist:") and "==" in line.split(";")[0]]
    problems += [f"pinned dependency: {line}" for line in pinned]
    for problem in problems:
        print(f"{wheel}: {problem}")
    if not problems:
        print(f"{wheel}: LICENSE, py.typed and all {len(tracked)} package files; dependency ranges only")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
