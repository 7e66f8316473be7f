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


# What bootstrap and the stand-in run, and nothing else: npm is there only when a test
# puts it there.
TOOLS = ("bash", "cat", "cp", "cut", "dirname", "grep", "mkdir", "sha256sum")


def bootstrap(workdir: Path, *, npm: bool = False) -> subprocess.CompletedProcess[str]:
    tools = workdir / "tools"
    if not tools.exists():
        tools.mkdir()
        for tool in TOOLS:
            found = shutil.which(tool)
            assert found, tool
            (tools / tool).symlink_to(found)
    fake_npm = tools / "npm"
    if npm and not fake_npm.exists():
        fake_npm.write_text("#!/usr/bin/env bash\nexit 0\n")
        fake_npm.chmod(0o755)
    elif not npm and fake_npm.exists():
        fake_npm.unlink()
    return subprocess.run(
        ["bash", "scripts/bootstrap"],
        cwd=workdir,
        env={**os.environ, "PATH": str(tools), "PYTHON": str(workdir / "python3")},
        capture_output=True,
        text=True,
        timeout=60,
    )


def copy_of_bootstrap(tmp_path: Path) -> Path:
    (tmp_path / "scripts").mkdir()
    shutil.copy(ROOT / "scripts" / "bootstrap", tmp_path / "scripts" / "bootstrap")
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    stand_in = tmp_path / "python3"
    stand_in.write_text(STAND_IN)
    stand_in.chmod(0o755)
    return tmp_path


def test_first_run_says_what_it_does_before_each_slow_step(tmp_path: Path) -> None:
    copy_of_bootstrap(tmp_path)
    first = bootstrap(tmp_path)
    assert first.returncode == 0, first.stderr
    lines = first.stderr.splitlines()
    steps = [i for i, line in enumerate(lines) if line.startswith("STEP ")]
    said = [i for i, line in enumerate(lines) if line.startswith("bcgraph: ")]
    assert "creating .venv" in lines[said[0]] and said[0] < steps[0]  # before the venv
    install = next(i for i in steps if "-e .[dev]" in lines[i])
    announced = [i for i in said if "installing" in lines[i]]
    assert announced and announced[0] < install and "first run" in lines[announced[0]]
    # No npm: GraphiQL's files are not fetched, and nothing is said about them.
    assert "graphiql" not in first.stderr.lower()

    # Up to date: nothing to do, nothing said.
    again = bootstrap(tmp_path)
    assert again.returncode == 0 and again.stderr == ""

    # pyproject.toml changed: an update, announced as one.
    with (tmp_path / "pyproject.toml").open("a") as f:
        f.write("\n# changed\n")
    update = bootstrap(tmp_path)
    assert update.returncode == 0
    assert "updating .venv" in update.stderr.splitlines()[0]


def test_with_npm_graphiqls_files_are_fetched_while_installing_and_said_so(
    tmp_path: Path,
) -> None:
    copy_of_bootstrap(tmp_path)
    first = bootstrap(tmp_path, npm=True)
    assert first.returncode == 0, first.stderr
    lines = first.stderr.splitlines()
    fetch = lines.index("STEP -m gateway.graphiql_assets")
    # Said before the fetch starts (pip's own lines pass through a filter process, so
    # they may land on either side of it).
    assert any("fetching GraphiQL's files with npm" in line for line in lines[:fetch])
    # Installed already: no network, no fetch (an offline laptop must not wait on npm).
    again = bootstrap(tmp_path, npm=True)
    assert again.returncode == 0 and again.stderr == ""
