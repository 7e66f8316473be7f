"""The gateway's own CPU per read operation, through graphql-core's executor and through the
compiled path (gateway/compiled/), in one run, with the response bytes compared.

BC's answers are recorded once from the in-process sandbox and then replayed, so the
time measured is the gateway's alone (the BC client, JSON parsing of BC's rows, GraphQL
execution, encoding the response), not the sandbox's. The HTTP layer in front of the
schema (Starlette, authentication, Strawberry's view) is left out: both executors share it.

    .venv/bin/python bench/compiled.py [--ops 400] [--profile Q1] [--executor compiled]
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import pstats
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import orjson

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from gateway.bc.batch import BatchSession
from gateway.bc.client import BCClient
from gateway.bc.config import BCClientConfig
from gateway.bc.session import BCSession
from gateway.bc.types import BCTarget
from gateway.bc.urls import api_root
from gateway.bc.wire import create_wire
from resolvers.context import Context, Upstream
from resolvers.cursors import CursorKeys
from sandbox.app import create_sandbox
from sandbox.directory import CONTOSO_TENANT
from sandbox.settings import SandboxSettings
from schema import build_schema

BASE_URL = "http://sandbox.test"
USER = "alice@contoso.example"
QUERIES = {
    "Q1": "query($n: Int) { purchaseInvoices(first: $n) { nodes { number"
    " totalAmountIncludingTax } } }",
    "Q2": "query($n: Int) { purchaseInvoices(first: $n) { nodes { number totalAmountIncludingTax"
    " lines { nodes { description quantity } } } } }",
    "Q3": "query($n: Int) { purchaseInvoices(first: $n) { nodes { number totalAmountIncludingTax"
    " lines { nodes { description quantity } } vendor { displayName } } } }",
}


class Replay(httpx.AsyncBaseTransport):
    """BC's answers: the sandbox's the first time a request is seen, the same bytes after."""

    def __init__(self, app: Any) -> None:
        self._live = httpx.ASGITransport(app=app)
        self._seen: dict[tuple[str, str, bytes], tuple[int, list[tuple[bytes, bytes]], bytes]] = {}

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        body = await request.aread()
        key = (request.method, str(request.url), body)
        if key not in self._seen:
            response = await self._live.handle_async_request(request)
            content = await response.aread()
            self._seen[key] = (response.status_code, list(response.headers.raw), content)
        status, headers, content = self._seen[key]
        return httpx.Response(status, headers=headers, content=content)


class Bench:
    def __init__(self, client: BCClient, target: BCTarget, company: str) -> None:
        self.client, self.target, self.company = client, target, company
        self.keys = CursorKeys.derive(["bench"])

    async def run(self, schema: Any, query: str, variables: dict[str, Any]) -> bytes:
        session = BatchSession(self.client, self.target)
        upstream = Upstream(self.company, BCSession(session.send, self.target.api_root))
        context = Context.fixed(USER, upstream, self.keys)
        try:
            result = await schema.execute(query, variable_values=variables, context_value=context)
        finally:
            await session.aclose()
        body: dict[str, Any] = {"data": result.data}
        if result.errors:
            body["errors"] = [e.formatted for e in result.errors]
        return orjson.dumps(body)


async def setup() -> Bench:
    sandbox = create_sandbox(SandboxSettings(public_url=BASE_URL))
    token = sandbox.state.sandbox.identity.issue_access_token(user=USER)

    async def access_token() -> str:
        return str(token)

    transport = Replay(sandbox)
    root = api_root(BASE_URL, CONTOSO_TENANT, "production")
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=sandbox)) as admin:
        companies = await admin.get(
            f"{root}/companies", headers={"Authorization": f"Bearer {token}"}
        )
    company = sorted(companies.json()["value"], key=lambda c: c["name"])[0]["id"]
    client = BCClient(create_wire(BCClientConfig(), transport=transport))
    return Bench(client, BCTarget(key=USER, api_root=root, access_token=access_token), company)


async def cpu_ms(bench: Bench, schema: Any, name: str, ops: int) -> float:
    variables = {"n": 50}
    for _ in range(20):
        await bench.run(schema, QUERIES[name], variables)
    samples = []
    for _ in range(5):
        started = time.process_time()
        for _ in range(ops // 5):
            await bench.run(schema, QUERIES[name], variables)
        samples.append((time.process_time() - started) * 1000 / (ops // 5))
    return statistics.median(samples)


async def main(args: argparse.Namespace) -> None:
    bench = await setup()
    schemas = {
        "graphql-core": build_schema(plans=0),
        "compiled": build_schema(),
    }
    if args.profile:
        schema = schemas[args.executor]
        query = QUERIES[args.profile]
        for _ in range(50):
            await bench.run(schema, query, {"n": 50})
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(args.ops):
            await bench.run(schema, query, {"n": 50})
        profiler.disable()
        stats = pstats.Stats(profiler).sort_stats(args.sort)
        stats.print_stats(40)
        return
    print(f"gateway CPU per operation, ms (first: 50, median of 5 x {args.ops // 5})")
    print(f"  {'':4} {'graphql-core':>13} {'compiled':>9} {'ratio':>6}  same bytes")
    for name, query in QUERIES.items():
        answers = {k: await bench.run(s, query, {"n": 50}) for k, s in schemas.items()}
        same = answers["graphql-core"] == answers["compiled"]
        # Alternate executors per round so that a busy machine weighs on both alike.
        ms = {k: await cpu_ms(bench, s, name, args.ops) for k, s in schemas.items()}
        ratio = ms["compiled"] / ms["graphql-core"]
        print(
            f"  {name:4} {ms['graphql-core']:>13.3f} {ms['compiled']:>9.3f} {ratio:>6.2f}  {same}"
        )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ops", type=int, default=400)
    parser.add_argument("--profile", choices=sorted(QUERIES), help="cProfile one query instead")
    parser.add_argument("--executor", choices=["graphql-core", "compiled"], default="compiled")
    parser.add_argument("--sort", default="tottime", choices=["tottime", "cumulative"])
    asyncio.run(main(parser.parse_args()))
