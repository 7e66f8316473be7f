"""scripts/bootstrap as a first run meets it: it says what it is doing before each slow
step. A real first install takes a minute or more from PyPI, so the interpreter here is a
stand-in that logs what it was asked to do to the same stderr, in order."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Stands in for python3 and for .venv/bin/python: `-m venv DIR` makes DIR/bin/python (a
# copy of this script); anything else is logged and succeeds.
STAND_IN = """#!/usr/bin/env bash
if [ "$1 $2" = "-m venv" ]; then
  mkdir -p "$3/bin" && cp "$0" "$3/bin/python" && echo "STEP venv" >&2
else
  echo "STEP $*" >&2
fi
"""


def bootstrap(workdir: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", "scripts/bootstrap"],
        cwd=workdir,
        env={**os.environ, "PYTHON": str(workdir / "python3")},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_first_run_says_what_it_does_before_each_slow_step(tmp_path: Path) -> None:
    (tmp_path / "scripts").mkdir()
    shutil.copy(ROOT / "scripts" / "bootstrap", tmp_path / "scripts" / "bootstrap")
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    stand_in = tmp_path / "python3"
    stand_in.write_text(STAND_IN)
    stand_in.chmod(0o755)

    first = bootstrap(tmp_path)
    assert first.returncode == 0, first.stderr
    lines = first.stderr.splitlines()
    steps = [i for i, line in enumerate(lines) if line.startswith("STEP ")]
    said = [i for i, line in enumerate(lines) if line.startswith("bcgraph: ")]
    assert "creating .venv" in lines[said[0]] and said[0] < steps[0]  # before the venv
    install = next(i for i in steps if "-e .[dev]" in lines[i])
    announced = [i for i in said if "installing" in lines[i]]
    assert announced and announced[0] < install and "first run" in lines[announced[0]]

    # Up to date: nothing to do, nothing said.
    again = bootstrap(tmp_path)
    assert again.returncode == 0 and again.stderr == ""

    # pyproject.toml changed: an update, announced as one.
    with (tmp_path / "pyproject.toml").open("a") as f:
        f.write("\n# changed\n")
    update = bootstrap(tmp_path)
    assert update.returncode == 0
    assert "updating .venv" in update.stderr.splitlines()[0]
