"""What gateway.bc saves upstream, and what exact decimals cost client-side.

1. Upstream requests (and wall time, with a simulated BC latency) for 50 by-id lookups done
   (a) one request each, (b) coalesced by a BatchSession into `$batch`, (c) as
   `id eq … or …` filters chunked under the URL limit. Counts come from the sandbox's
   `/_sandbox/stats`; the sandbox runs in process behind httpx.ASGITransport.
2. Time to parse one 50-row purchaseInvoices answer (and the same with lines expanded):
   the codec the client uses (stdlib json, parse_float=Decimal) next to float-only parsers
   and, when installed, msgspec with float_hook=Decimal.

    .venv/bin/python bench/bc_client.py [--latency-ms 20] [--rounds 300]
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import json
import time
import timeit
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import httpx
import orjson

from gateway.bc import odata, urls
from gateway.bc.batch import BatchSession
from gateway.bc.client import BCClient, create_http_client
from gateway.bc.codec import decode_json
from gateway.bc.config import BCClientConfig
from gateway.bc.types import BCRequest, BCTarget
from sandbox.app import create_sandbox
from sandbox.directory import CONTOSO_TENANT
from sandbox.settings import SandboxSettings

BASE = "http://sandbox.test"
CRONUS_US = "824820a2-508c-ed11-aada-000d3a298ab3"
LOOKUPS = 50


async def lookups(latency_ms: float) -> list[tuple[str, int, int, float]]:
    app = create_sandbox(SandboxSettings(public_url=BASE, admin_enabled=True))
    token = app.state.sandbox.identity.issue_access_token(user="alice@contoso.example")

    async def access_token() -> str:
        return token

    config = BCClientConfig()
    http = create_http_client(config, httpx.ASGITransport(app=app))
    admin = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=BASE)
    client = BCClient(http, config)
    target = BCTarget("alice", urls.api_root(BASE, CONTOSO_TENANT, "production"), access_token)
    vendors = urls.company(CRONUS_US).child("vendors")
    listed = await client.send(target, BCRequest("GET", str(vendors), {"$select": "id"}))
    ids = [row["id"] for row in listed.body["value"]][:LOOKUPS]
    assert len(ids) == LOOKUPS, "the seed has fewer vendors than lookups"
    select = {"$select": "id,number,displayName,balance"}

    def by_id(vendor_id: str) -> BCRequest:
        return BCRequest("GET", str(urls.company(CRONUS_US).child("vendors", vendor_id)), select)

    async def one_each() -> None:
        await asyncio.gather(*(client.send(target, by_id(i)) for i in ids))

    async def batched() -> None:
        async with BatchSession(client, target) as session:
            await asyncio.gather(*(session.send(by_id(i)) for i in ids))

    async def filtered() -> None:
        path = str(vendors)
        base_len = len(target.api_root) + 1 + len(path) + 1 + odata.encoded_length(select) + 1
        chunks = odata.chunked_ids_filter(ids, config.max_url_length, base_len=base_len)
        found = await asyncio.gather(
            *(
                client.send(target, BCRequest("GET", path, {**select, **chunk.render_params()}))
                for chunk in chunks
            )
        )
        assert sum(len(r.body["value"]) for r in found) == LOOKUPS

    results = []
    await admin.put("/_sandbox/faults", json={"latency_ms": latency_ms})
    for name, run in (
        ("(a) one request per id", one_each),
        ("(b) coalesced into $batch", batched),
        ("(c) `id eq … or …` filter", filtered),
    ):
        await admin.delete("/_sandbox/stats")
        started = time.perf_counter()
        await run()
        elapsed = time.perf_counter() - started
        stats = (await admin.get("/_sandbox/stats")).json()
        results.append((name, stats["httpRequests"], stats["batchOperations"], elapsed))
    await client.aclose()
    await http.aclose()
    await admin.aclose()
    return results


async def sample_bodies() -> dict[str, bytes]:
    app = create_sandbox(SandboxSettings(public_url=BASE))
    token = app.state.sandbox.identity.issue_access_token(user="alice@contoso.example")
    root = urls.api_root(BASE, CONTOSO_TENANT, "production")
    path = f"{root}/{urls.company(CRONUS_US).child('purchaseInvoices')}"
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), headers={"Authorization": f"Bearer {token}"}
    ) as http:
        plain = await http.get(path, params={"$top": "50"})
        expanded = await http.get(path, params={"$top": "50", "$expand": "purchaseInvoiceLines"})
    return {"50 invoices": plain.content, "50 invoices + lines": expanded.content}


def parsers() -> dict[str, Callable[[bytes], Any]]:
    found: dict[str, Callable[[bytes], Any]] = {
        "gateway.bc.codec (json, Decimal)": decode_json,
        "json, float (inexact)": json.loads,
        "orjson, float (inexact)": orjson.loads,
    }
    try:
        import msgspec  # type: ignore[import-not-found]

        decoder = msgspec.json.Decoder(float_hook=Decimal)
        found["msgspec, float_hook=Decimal"] = decoder.decode
    except ImportError:
        pass
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--latency-ms", type=float, default=20.0, help="simulated BC latency")
    parser.add_argument("--rounds", type=int, default=300, help="parses per timing")
    args = parser.parse_args()

    print(f"{LOOKUPS} by-id lookups, sandbox latency {args.latency_ms:g} ms per request")
    print(f"  {'variant':<30} {'HTTP requests':>13} {'batch ops':>10} {'wall ms':>9}")
    for name, requests, operations, elapsed in asyncio.run(lookups(args.latency_ms)):
        print(f"  {name:<30} {requests:>13} {operations:>10} {elapsed * 1000:>9.1f}")

    print("\nparsing one answer, microseconds (best of 5 runs)")
    bodies = asyncio.run(sample_bodies())
    header = "".join(f"{f'{k} ({len(b) // 1024} KiB)':>32}" for k, b in bodies.items())
    print(f"  {'parser':<34}{header}")
    for name, fn in parsers().items():
        cells = []
        for body in bodies.values():
            fn(body)  # warm up
            timer = functools.partial(fn, body)
            best = min(timeit.repeat(timer, number=args.rounds, repeat=5))
            cells.append(f"{best / args.rounds * 1e6:>32.0f}")
        print(f"  {name:<34}" + "".join(cells))
    sample = decode_json(bodies["50 invoices"])["value"][0]["totalAmountIncludingTax"]
    print(f"\n  a total as the client sees it: {sample!r}")


if __name__ == "__main__":
    main()
