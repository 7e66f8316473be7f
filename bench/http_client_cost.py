"""What one BC call costs the gateway's process in its HTTP client, and the alternatives.

bench/compare.py's profile once put about a third of the gateway's CPU per Q1 in
httpx/httpcore/anyio; this measurement is why BC calls now go over aiohttp
(gateway/bc/wire.py). It isolates the HTTP client: the GET the gateway sends for Q1 (50 invoices,
`$select`, `$top=51`) and the decode it does (gateway.bc.codec, Decimals), issued from a
fresh process per variant at concurrency 10 with at most 5 in flight (the governor's cap
per BC connection), against a sandbox of its own:

- httpx as installed (httpcore asks `sniffio` which event loop runs, on every pool
  operation; without the `sniffio` package that is a failing import, a sys.path search,
  each time);
- httpx with that lookup short-circuited (`sys.modules["sniffio"] = None`: the import fails
  at once and httpcore assumes asyncio), which is what installing `sniffio` buys;
- aiohttp, the gateway's wire to BC.

Reports calls/s, CPU milliseconds per call, p50/p99/max latency and, for httpx, how often
httpcore's pool had to go round again (ConnectionNotAvailable) per call.

    .venv/bin/python bench/http_client_cost.py [--seconds 4]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent

VARIANTS = {
    "httpx": "httpx 0.28 as installed",
    "httpx-no-sniffio": "httpx, sniffio lookup short-circuited",
    "aiohttp": "aiohttp",
}

# Runs in a child process per variant, so one variant's imports cannot speed up another.
CHILD = r"""
import asyncio, json, sys, time
variant, url, token, seconds, connections, in_flight = sys.argv[1:7]
seconds, connections, in_flight = float(seconds), int(connections), int(in_flight)
if variant == "httpx-no-sniffio":
    sys.modules["sniffio"] = None
import uvloop
from gateway.bc.codec import decode_json
retries = [0]
params = {"$select": "id,number,totalAmountIncludingTax", "$top": "51"}
headers = {"Authorization": "Bearer " + token, "Accept": "application/json"}

async def main():
    if variant == "aiohttp":
        import aiohttp
        session = aiohttp.ClientSession(headers=headers)
        async def get():
            async with session.get(url, params=params) as r:
                r.raise_for_status()
                return decode_json(await r.read())
        close = session.close
    else:
        import httpx
        from httpcore._exceptions import ConnectionNotAvailable
        # httpcore's pool hands a request a connection another request already took; the
        # loser gets ConnectionNotAvailable and goes round the pool again. Counted here.
        def counting_init(self, *args):
            retries[0] += 1
            Exception.__init__(self, *args)
        ConnectionNotAvailable.__init__ = counting_init
        client = httpx.AsyncClient(headers=headers)
        async def get():
            r = await client.get(url, params=params)
            r.raise_for_status()
            return decode_json(r.content)
        close = client.aclose
    assert len((await get())["value"]) == 51
    gate = asyncio.Semaphore(in_flight)
    samples = []
    async def worker(stop, record):
        while time.perf_counter() < stop:
            started = time.perf_counter()
            async with gate:
                await get()
            if record:
                samples.append(time.perf_counter() - started)
    # Warm-up: pools filled, code paths hot.
    stop = time.perf_counter() + 1
    await asyncio.gather(*(worker(stop, False) for _ in range(connections)))
    retries[0] = 0
    cpu = time.process_time()
    began = time.perf_counter()
    stop = began + seconds
    await asyncio.gather(*(worker(stop, True) for _ in range(connections)))
    elapsed = time.perf_counter() - began
    cpu = time.process_time() - cpu
    await close()
    samples.sort()
    print(json.dumps({
        "calls_per_s": len(samples) / elapsed,
        "cpu_ms_per_call": cpu / len(samples) * 1000,
        "p50_ms": samples[len(samples) // 2] * 1000,
        "p99_ms": samples[int(len(samples) * 0.99)] * 1000,
        "max_ms": samples[-1] * 1000,
        "pool_retries_per_call": None if variant == "aiohttp" else retries[0] / len(samples),
    }))

uvloop.run(main())
"""


def installed(module: str) -> bool:
    probe = subprocess.run([sys.executable, "-c", f"import {module}"], capture_output=True)
    return probe.returncode == 0


def measure(
    api_root: str, token: str, company: str, *, seconds: float = 4, connections: int = 10
) -> dict[str, Any]:
    """Each available variant's numbers against a running sandbox."""
    url = f"{api_root}/companies({company})/purchaseInvoices"
    results: dict[str, Any] = {"sniffio_installed": installed("sniffio"), "variants": {}}
    for variant, label in VARIANTS.items():
        if variant == "aiohttp" and not installed("aiohttp"):
            continue
        out = subprocess.run(
            [sys.executable, "-c", CHILD, variant, url, token, str(seconds), str(connections), "5"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        results["variants"][variant] = {"label": label, **json.loads(out)}
    return results


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=4.0)
    args = parser.parse_args()
    sys.path.insert(0, str(BENCH))
    from compare import start_sandbox

    with start_sandbox() as sandbox:
        results = measure(sandbox.api_root, sandbox.token, sandbox.company, seconds=args.seconds)
    print(f"sniffio installed: {results['sniffio_installed']}")
    print(
        f"  {'':40} {'calls/s':>8} {'CPU ms/call':>12} {'p50':>6} {'p99':>6} {'max':>6}"
        f" {'pool retries/call':>18}"
    )
    for r in results["variants"].values():
        retries = r["pool_retries_per_call"]
        print(
            f"  {r['label']:40} {r['calls_per_s']:>8.0f} {r['cpu_ms_per_call']:>12.3f}"
            f" {r['p50_ms']:>6.1f} {r['p99_ms']:>6.1f} {r['max_ms']:>6.0f}"
            f" {'-' if retries is None else f'{retries:.2f}':>18}"
        )


if __name__ == "__main__":
    main()
