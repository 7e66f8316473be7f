"""The sandbox's seed, timed: building every demo company's rows (what `bcgraph dev` and
each test sandbox start from; sandboxes share one memoised build per directory), and a
seeded sandbox's start. Best of five, so a shared machine's noise shows less.

    .venv/bin/python bench/seed.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sandbox.app import create_sandbox
from sandbox.directory import default_directory
from sandbox.seed import build_seed
from sandbox.settings import SandboxSettings


def best(run: object, times: int = 5) -> float:
    samples = []
    for _ in range(times):
        started = time.perf_counter()
        run()  # type: ignore[operator]
        samples.append(time.perf_counter() - started)
    return min(samples)


def main() -> None:
    directory = default_directory()
    seeds = build_seed(directory)
    rows = sum(len(r) for s in seeds for r in s.rows.values())
    print(f"seed: {len(seeds)} companies, {rows} rows")
    print(f"build_seed: {best(lambda: build_seed(directory)) * 1000:.0f} ms (best of 5)")
    settings = SandboxSettings(directory=directory, db_path=":memory:")
    print(f"seeded sandbox start: {best(lambda: create_sandbox(settings)) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
