"""The read path, measured: upstream requests per GraphQL operation (counted by the
sandbox), median latency with the sandbox at 0 and 50 ms, Q1 throughput at concurrency
10, and the gateway's own CPU per operation.

Runs `bcgraph dev` (gateway + sandbox in one process, the sandbox reached in-process) under
uvicorn with uvloop/httptools in a child process, and drives it over HTTP from here.

    .venv/bin/python bench/read_path.py [--seconds 8]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx
from processes import free_port, wait_healthy

ROOT = Path(__file__).resolve().parent.parent

SERVER = """
import uvicorn
from gateway.dev import dev_server
from gateway.server import settle_garbage_collector
# The sandbox's admin API: its stats count upstream requests, its faults add latency.
server = dev_server("127.0.0.1", {port}, sandbox_admin=True)
settle_garbage_collector()  # as `bcgraph dev` and `bcgraph serve` do
uvicorn.run(server.app, host="127.0.0.1", port={port}, log_level="warning",
            loop="uvloop", http="httptools", access_log=False)
"""

QUERIES = {
    "Q1": "query($n: Int) { purchaseInvoices(first: $n) { nodes { number totalAmountIncludingTax } } }",
    "Q2": "query($n: Int) { purchaseInvoices(first: $n) { nodes { number totalAmountIncludingTax"
    " lines { nodes { description quantity } } } } }",
    "Q3": "query($n: Int) { purchaseInvoices(first: $n) { nodes { number totalAmountIncludingTax"
    " lines { nodes { description quantity } } vendor { displayName } } } }",
    "Q4": "query($n: Int) { vendors(first: $n) { nodes { displayName paymentTerm { code }"
    " purchaseInvoices(first: 5) { nodes { number lines { nodes { description } } } } } } }",
    "Q5": "{ v: vendors(first: 50) { nodes { displayName } } a: accounts(first: 50) { nodes { number } }"
    " t: taxGroups { nodes { code } } }",
    # Three levels of navigation (invoice -> lines -> item) plus the item's category.
    "Q6": "query($n: Int) { salesInvoices(first: $n) { nodes { number customer { displayName }"
    " lines { nodes { description item { number itemCategory { code } } } } } } }",
}


def start(port: int) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen([sys.executable, "-c", SERVER.format(port=port)], cwd=ROOT)
    return wait_healthy(proc, f"http://127.0.0.1:{port}", "bcgraph dev")


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def main(seconds: float) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    proc = start(port)
    limits = httpx.Limits(max_connections=20, max_keepalive_connections=20)
    try:
        async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as http:

            async def run(name: str, n: int = 50) -> dict:
                response = await http.post(
                    "/graphql", json={"query": QUERIES[name], "variables": {"n": n}}
                )
                body = response.json()
                assert "errors" not in body, body
                return body

            async def upstream(name: str, n: int) -> int:
                await http.delete("/_sandbox/stats")
                await run(name, n)
                return int((await http.get("/_sandbox/stats")).json()["httpRequests"])

            print("upstream HTTP requests per operation (sandbox stats)")
            print(f"  {'':4} {'first:10':>9} {'first:50':>9} {'first:100':>10}")
            for name in QUERIES:
                counts = [await upstream(name, n) for n in (10, 50, 100)]
                print(f"  {name:4} {counts[0]:>9} {counts[1]:>9} {counts[2]:>10}")

            async def median_ms(name: str, repeats: int = 30) -> float:
                for _ in range(3):
                    await run(name)
                samples = []
                for _ in range(repeats):
                    started = time.perf_counter()
                    await run(name)
                    samples.append((time.perf_counter() - started) * 1000)
                return statistics.median(samples)

            print("\nmedian latency, ms (first: 50)")
            print(f"  {'':4} {'sandbox 0 ms':>13} {'sandbox 50 ms':>14}")
            fast = {name: await median_ms(name) for name in ("Q1", "Q2", "Q3", "Q4", "Q6")}
            await http.put("/_sandbox/faults", json={"latency_ms": 50})
            slow = {name: await median_ms(name, 15) for name in ("Q1", "Q2", "Q3", "Q4", "Q6")}
            await http.delete("/_sandbox/faults")
            for name in fast:
                print(f"  {name:4} {fast[name]:>13.1f} {slow[name]:>14.1f}")

            done = 0
            stop = time.perf_counter() + seconds
            cpu_before = cpu_seconds(proc.pid)

            async def worker() -> None:
                nonlocal done
                while time.perf_counter() < stop:
                    await run("Q1")
                    done += 1

            started = time.perf_counter()
            await asyncio.gather(*(worker() for _ in range(10)))
            elapsed = time.perf_counter() - started
            cpu = cpu_seconds(proc.pid) - cpu_before
            print(f"\nQ1 at concurrency 10: {done / elapsed:.0f} operations/s over {elapsed:.1f}s")
            print(
                f"server process CPU per Q1 (gateway + in-process sandbox): {cpu / done * 1000:.2f} ms"
            )
    finally:
        proc.terminate()
        proc.wait(timeout=10)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=8.0)
    asyncio.run(main(parser.parse_args().seconds))
