"""No module over 400 lines in the packages bcgraph ships.

A module past that is split by what it holds (one noun per module); this test is how the
rule stays kept, naming every file over it and its length.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("gateway", "resolvers", "schema", "bcmodel", "sandbox")
MAX_LINES = 400


def _line_counts() -> dict[str, int]:
    counts = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            name = path.relative_to(ROOT).as_posix()
            counts[name] = len(path.read_text(encoding="utf-8").splitlines())
    return counts


def test_no_module_is_over_400_lines() -> None:
    counts = _line_counts()
    assert counts, f"no modules found under {ROOT}"
    over = {name: lines for name, lines in counts.items() if lines > MAX_LINES}
    assert not over, "over 400 lines, split by what they hold: " + ", ".join(
        f"{name} ({lines})" for name, lines in sorted(over.items())
    )
