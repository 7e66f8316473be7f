"""bench/compare.png from bench/compare.py's results: Q1 throughput per system, CPU per Q1
(the gateway's own and the sandbox's), and median latency at 0 and 50 ms."""

from __future__ import annotations

import statistics
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
CHART = BENCH / "compare.png"
SYSTEMS = ("bcgraph", "Mesh")
WHAT_IF = "bcgraph over httpx"
NAMES = ("Q1", "Q2", "Q3")


def write_chart(results: dict[str, Any]) -> bool:
    try:
        import matplotlib

        matplotlib.use("Agg")  # files only, no display
        import matplotlib.pyplot as plt
    except ImportError:
        return False
    colors = {"bcgraph": "#2a7ab9", "Mesh": "#e5a33b", WHAT_IF: "#7fb3d9"}
    loaded = list(results["throughput"])  # bcgraph, Mesh and bcgraph over httpx if measured
    short = {WHAT_IF: "bcgraph\nover httpx"}
    fig, axes = plt.subplots(1, 3, figsize=(15, 4.6))

    ax = axes[0]
    rounds = results["throughput"]
    for i, system in enumerate(loaded):
        values = [r["rps"] for r in rounds[system]]
        mean = statistics.mean(values)
        ax.bar(i, mean, color=colors[system], width=0.6)
        ax.scatter([i] * len(values), values, color="black", s=12, zorder=3)
        ax.text(i, mean / 2, f"{mean:.0f}", ha="center", va="center", color="white")
    ax.set_xticks(range(len(loaded)), [short.get(x, x) for x in loaded])
    ax.set_ylabel("operations/s")
    ax.set_title(
        f"Q1 throughput, concurrency {results['settings']['connections']}\n"
        f"bcgraph/Mesh {results['ratio']:.2f}x"
        + (f", over httpx {results['what_if_ratio']:.2f}x" if "what_if_ratio" in results else "")
        + " (dots: rounds)"
    )

    ax = axes[1]
    parts = ("server_cpu_ms_per_op", "sandbox_cpu_ms_per_op")
    for i, system in enumerate(loaded):
        server, sandbox = (statistics.mean(r[p] for r in rounds[system]) for p in parts)
        ax.bar(i, server, color=colors[system], width=0.6)
        label = "sandbox process" if i == 0 else None
        ax.bar(i, sandbox, bottom=server, color="#999999", width=0.6, label=label)
        ax.text(i, server / 2, f"{server:.2f}", ha="center", va="center", color="white")
    ax.set_xticks(range(len(loaded)), [short.get(x, x) for x in loaded])
    ax.set_ylabel("CPU ms per Q1")
    ax.set_title("CPU per Q1 under load (colour: the gateway's own process)")
    ax.legend(loc="upper right")

    ax = axes[2]
    lat = results["latency_ms"]
    width = 0.2
    bars = [(system, delay) for delay in ("0", "50") for system in SYSTEMS]
    for j, (system, delay) in enumerate(bars):
        xs = [k + (j - 1.5) * width for k in range(len(NAMES))]
        ax.bar(
            xs,
            [lat[system][n][delay] for n in NAMES],
            width,
            color=colors[system],
            alpha=1.0 if delay == "0" else 0.55,
            label=f"{system}, BC {delay} ms",
        )
    ax.set_xticks(range(len(NAMES)), NAMES)
    ax.set_ylabel("median ms")
    ax.set_title("Latency (first: 50), BC at 0 and 50 ms")
    # Headroom above the tallest bar for the legend.
    tallest = max(lat[s][n][d] for s in SYSTEMS for n in NAMES for d in ("0", "50"))
    ax.set_ylim(0, 1.4 * tallest)
    ax.legend(fontsize=8, ncol=2, loc="upper left")

    m = results["machine"]
    fig.suptitle(f"bcgraph vs GraphQL Mesh on one sandbox — {m['date']}, {m['cores']} cores")
    fig.tight_layout()
    fig.savefig(CHART, dpi=110)
    plt.close(fig)
    return True
