"""CPU per hostile document, against the goal: any document under the body limit is
accepted or refused within 50 ms of CPU.

    .venv/bin/python bench/hostile.py

Each document of tests/gateway/hostile.py's families is sent through the whole gateway (over
the in-process sandbox, as the tests run it) three times, each copy made distinct by a
trailing comment so that no cache answers; the least CPU of the three is printed, beside
an ordinary query's in the same run (this machine is shared and its speed drifts).
"""

from __future__ import annotations

import asyncio
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.conftest import ALICE
from tests.gateway.hostile import FAMILIES
from tests.gateway.stack import Stack, running_stack
from tests.graphql.test_read_path import Q4

GOAL_MS = 50.0


async def best_ms(
    stack: Stack, query: str, sent: list[int], variables: dict[str, object] | None = None
) -> tuple[float, str]:
    best = float("inf")
    outcome = ""
    for _ in range(3):
        sent[0] += 1
        started = time.process_time()
        response = await stack.graphql("bench", f"{query}\n#{sent[0]}", variables)
        best = min(best, (time.process_time() - started) * 1000)
        if response.status_code == 413:
            outcome = "413"
        else:
            errors = response.json().get("errors")
            outcome = errors[0]["extensions"]["code"] if errors else "data"
    return best, outcome


async def main() -> None:
    async with running_stack() as stack:
        answer = await stack.connect("bench", ALICE)
        answer.raise_for_status()
        sent = [0]
        ordinary, _ = await best_ms(stack, Q4, sent, {"n": 10})
        print(f"{'family':28} {'size':>8} {'bytes':>8} {'cpu ms':>7}  outcome")
        print(f"{'ordinary query (Q4, 10)':28} {'':>8} {len(Q4):>8} {ordinary:7.1f}  data")
        worst = 0.0
        for family, (make, sizes) in FAMILIES.items():
            for size in sizes:
                document = make(size)
                cpu, outcome = await best_ms(stack, document, sent)
                worst = max(worst, cpu)
                print(f"{family:28} {size:>8} {len(document):>8} {cpu:7.1f}  {outcome}")
        verdict = "within" if worst <= GOAL_MS else "OVER"
        print(
            f"\nworst {worst:.1f} ms, {verdict} the {GOAL_MS:.0f} ms goal; "
            f"{worst / ordinary:.1f}x the ordinary query"
        )


if __name__ == "__main__":
    asyncio.run(main())
