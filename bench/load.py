"""Load: a mixed read/write workload at concurrency 50 against one gateway process, then
against two sharing Redis, both over ONE sandbox process with BC's per-user limits on
(5 requests at once, 100 connections, 6,000 per 5 minutes).

Prints, per run: operations and errors, throughput, p50/p99 latency, upstream requests per
operation (counted by the sandbox), the RSS of every process, and what the sandbox saw per
BC user: the peak of requests processed at once (BC's limit is 5) and the 429s it sent.

    .venv/bin/python bench/load.py [--seconds 60] [--concurrency 50] [--users 5]
                                   [--bc-latency-ms 0]

Each process is a child running uvicorn (uvloop, httptools): the sandbox, and one or two
gateways made with gateway.app.create_app, their connections (encrypted) in one Redis
namespace so that a user connected through one replica is served by either. Every worker
is one of `--users` gateway users, each with a BC login of its own, the workers spread
over them evenly: with 50 workers over 5 users each BC user has 10 operations in flight, and
the gateway's governor has to hold that user's calls to BC at 5 (per process: two replicas
each hold their own 5, and the sandbox queues the rest as BC does).

`peakConcurrencyByUser` cannot pass 5 with the sandbox's limits on (it queues beyond 5, as
BC does); what shows the governor failing is a 429 (more than 100 queued, or more than
6,000 requests in 5 minutes for one user) or latency piling up in the sandbox's queue.
The machine's load average is printed with each run: other processes on a shared machine
take CPU from all of these.

The gateway's own per-user rate limit (an operator setting) is off here: this measures the
gateway and BC's limits, not a quota picked for a deployment. Each run starts with the
sandbox's counters and its rate windows reset.

Needs Redis (BCGRAPH_BENCH_REDIS_URL, default redis://127.0.0.1:6379/0).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import subprocess
import sys
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import aiohttp
import httpx
from processes import free_port, wait_healthy

from gateway.auth import UserTokenConfig, mint_user_token
from gateway.connections import generate_key
from sandbox.directory import CONTOSO_TENANT, FABRIKAM_TENANT

ROOT = Path(__file__).resolve().parent.parent

REDIS_URL = os.environ.get("BCGRAPH_BENCH_REDIS_URL", "redis://127.0.0.1:6379/0")
SECRET = "bench-load-user-token-secret-0123456789abcdef"  # a bench-only key

# Extra BC logins: the default directory has three; a load of 50 needs more to be a load
# of many users rather than a test of three users' quotas.
DIRECTORY = """
import dataclasses
from sandbox.directory import User, default_directory, CONTOSO_TENANT, FABRIKAM_TENANT
def directory(count):
    base = default_directory()
    extra = tuple(
        User(
            f"10ad0000-0000-4000-8000-{i:012d}",
            f"load{i}@" + ("contoso" if i % 2 == 0 else "fabrikam") + ".example",
            f"Load {i}",
            CONTOSO_TENANT if i % 2 == 0 else FABRIKAM_TENANT,
        )
        for i in range(count)
    )
    return dataclasses.replace(base, users=base.users + extra)
"""

SANDBOX = """
import uvicorn
from sandbox.app import create_sandbox
from sandbox.settings import SandboxSettings, WebhookSettings
app = create_sandbox(SandboxSettings(public_url="{url}", admin_enabled=True,
                                     directory=directory({users}),
                                     webhooks=WebhookSettings(delay_seconds=2.0)))
uvicorn.run(app, host="127.0.0.1", port={port}, log_level="warning",
            loop="uvloop", http="httptools", access_log=False)
"""

GATEWAY = """
import uvicorn
from gateway.app import create_app
from gateway.auth import UserTokenConfig
from gateway.connections import ConnectionStoreConfig
from gateway.limits.config import LimitsConfig
from gateway.oauth import OAuthConfig
from gateway.pubsub import PubSubConfig
from gateway.settings import Settings
settings = Settings(
    public_url="{url}",
    oauth=OAuthConfig(redirect_url="{url}/oauth/callback").resolve("{sandbox}"),
    user_tokens=UserTokenConfig(hs256_secret="{secret}"),
    store=ConnectionStoreConfig(url="{redis}", encryption_keys=("{key}",), namespace="{namespace}"),
    limits=LimitsConfig(rate_per_second=0),
    pubsub=PubSubConfig(url="{redis}"),  # as replicas are deployed (no live events here)
    graphiql=False,
    log_level="warning",
)
uvicorn.run(create_app(settings), host="127.0.0.1", port={port}, log_level="warning",
            loop="uvloop", http="httptools", access_log=False)
"""

LIST = "{ purchaseInvoices(first: 20) { nodes { number totalAmountIncludingTax } } }"
NESTED = (
    "{ purchaseInvoices(first: 10) { nodes { number vendor { displayName }"
    " lines { nodes { description quantity } } } } }"
)
VENDORS = "{ vendors(first: 20) { nodes { id number displayName paymentTerm { code } } } }"
BY_ID = "query($id: UUID!) { vendor(id: $id) { displayName balance } }"
CREATE = "mutation($n: String) { createVendor(input: {displayName: $n}) { id etag } }"
UPDATE = (
    "mutation($id: UUID!, $e: String, $c: String) {"
    " updateVendor(id: $id, etag: $e, input: {city: $c}) { id etag } }"
)
# (name, weight): about 80% reads, 20% writes.
MIX = [("list", 35), ("nested", 20), ("vendors", 15), ("by_id", 10), ("create", 10), ("update", 10)]


def spawn(code: str, url: str) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT)
    return wait_healthy(proc, url, f"the process for {url}")


def stop(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


def rss_mib(pid: int) -> tuple[float, float]:
    """(current, peak) resident set size of a process, MiB."""
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, rest = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            values[name] = int(rest.split()[0]) / 1024
    return values["VmRSS"], values["VmHWM"]


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@dataclass
class Worker:
    user: str  # gateway user id
    login: str  # BC login
    base: str  # the replica it talks to
    vendor_ids: list[str] = field(default_factory=list)
    # Vendors this worker created, with their current etag: only it updates them.
    mine: dict[str, str] = field(default_factory=dict)


@dataclass
class Result:
    name: str
    seconds: float
    latencies: list[float] = field(default_factory=list)
    by_kind: Counter[str] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    stats: dict[str, Any] = field(default_factory=dict)
    rss: dict[str, tuple[float, float]] = field(default_factory=dict)
    cpu: dict[str, float] = field(default_factory=dict)
    load: str = ""


async def connect(http: httpx.AsyncClient, base: str, worker: Worker) -> None:
    """The browser's part of the connect flow (the sandbox auto-consents)."""
    token = mint_user_token(UserTokenConfig(hs256_secret=SECRET), worker.user, ttl=3600)
    start = await http.get(
        f"{base}/connect/start",
        params={"login_hint": worker.login},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert start.status_code == 302, start.text
    authorize = await http.get(start.headers["location"])
    assert authorize.status_code == 302, authorize.text
    callback = urlsplit(authorize.headers["location"])
    done = await http.get(f"{base}{callback.path}?{callback.query}")
    assert done.status_code == 200, done.text


async def drive(
    workers: list[Worker], seconds: float, sandbox: str, pids: dict[str, int], name: str
) -> Result:
    # The load generator shares the machine's 2 cores with what it measures: over httpx it
    # took a whole core and was the bottleneck; aiohttp costs about a third per call
    # (bench/http_client_cost.py). Idle connections expire before uvicorn's keep-alive
    # timeout (5 s) closes them: else a request sent on a connection the server is closing
    # at that moment fails here, a race between this client and uvicorn.
    connector = aiohttp.TCPConnector(limit=len(workers), keepalive_timeout=4)
    result = Result(name, seconds)
    tokens = {
        w.user: mint_user_token(UserTokenConfig(hs256_secret=SECRET), w.user, ttl=3600)
        for w in workers
    }
    kinds = [k for k, weight in MIX for _ in range(weight)]
    async with (
        httpx.AsyncClient(timeout=60) as http,
        aiohttp.ClientSession(
            connector=connector, timeout=aiohttp.ClientTimeout(total=60)
        ) as session,
    ):

        async def op(worker: Worker, kind: str, rng: random.Random) -> dict[str, Any]:
            variables: dict[str, Any] = {}
            if kind == "by_id":
                variables = {"id": rng.choice(worker.vendor_ids)}
            elif kind == "create":
                variables = {"n": f"load-{uuid.uuid4().hex[:12]}"}
            elif kind == "update":
                if not worker.mine:
                    kind, variables = "create", {"n": f"load-{uuid.uuid4().hex[:12]}"}
                else:
                    vendor = rng.choice(list(worker.mine))
                    city = f"C{rng.randrange(999)}"
                    variables = {"id": vendor, "e": worker.mine[vendor], "c": city}
            query = {
                "list": LIST,
                "nested": NESTED,
                "vendors": VENDORS,
                "by_id": BY_ID,
                "create": CREATE,
                "update": UPDATE,
            }[kind]
            async with session.post(
                f"{worker.base}/graphql",
                json={"query": query, "variables": variables},
                headers={"Authorization": f"Bearer {tokens[worker.user]}"},
            ) as response:
                status = response.status
                body: dict[str, Any] = await response.json(content_type=None)
            if status != 200 or body.get("errors"):
                raise RuntimeError(f"{kind}: {status} {json.dumps(body)[:300]}")
            data = body["data"]
            if kind in ("create", "update"):
                record = data["createVendor" if kind == "create" else "updateVendor"]
                worker.mine[record["id"]] = record["etag"]
            result.by_kind[kind] += 1
            return data

        # Warm up: every worker learns some vendor ids (and every replica parses the
        # documents once) before the clock starts.
        for worker in workers:
            data = await op(worker, "vendors", random.Random(0))
            worker.vendor_ids = [n["id"] for n in data["vendors"]["nodes"]]
        result.by_kind.clear()
        await http.delete(f"{sandbox}/_sandbox/stats")  # counters and BC's rate windows
        cpu_before = {k: cpu_seconds(pid) for k, pid in pids.items()}
        load_before = os.getloadavg()[0]
        began = time.perf_counter()
        stop_at = began + seconds

        async def work(index: int, worker: Worker) -> None:
            rng = random.Random(index)
            while time.perf_counter() < stop_at:
                kind = rng.choice(kinds)
                started = time.perf_counter()
                try:
                    await op(worker, kind, rng)
                except (RuntimeError, aiohttp.ClientError, TimeoutError) as error:
                    at = started - began
                    result.errors.append(f"{at:.1f} s, {kind}: {type(error).__name__}: {error}")
                result.latencies.append(time.perf_counter() - started)

        await asyncio.gather(*(work(i, w) for i, w in enumerate(workers)))
        result.seconds = time.perf_counter() - began
        result.load = f"{load_before:.1f}/{os.getloadavg()[0]:.1f}"
        result.stats = (await http.get(f"{sandbox}/_sandbox/stats")).json()
        result.cpu = {k: cpu_seconds(pid) - cpu_before[k] for k, pid in pids.items()}
        result.rss = {k: rss_mib(pid) for k, pid in pids.items()}
    return result


def report(result: Result, users: dict[str, str]) -> None:
    ops = len(result.latencies)
    ordered = sorted(result.latencies)
    stats = result.stats
    throttled = sum(r["count"] for r in stats["requests"] if r["status"] == 429)
    upstream = stats["httpRequests"]
    peaks = stats["peakConcurrencyByUser"]
    by_user: Counter[str] = Counter()
    print(f"\n== {result.name} (load average before/after: {result.load})")
    print(f"  operations        {ops} in {result.seconds:.1f} s ({dict(result.by_kind)})")
    print(f"  errors            {len(result.errors)}")
    for error in result.errors[:5]:
        print(f"    {error}")
    print(f"  throughput        {ops / result.seconds:.0f} operations/s")
    print(
        f"  latency           p50 {statistics.median(ordered) * 1000:.1f} ms,"
        f" p99 {ordered[int(0.99 * (ops - 1))] * 1000:.1f} ms,"
        f" max {ordered[-1] * 1000:.0f} ms"
    )
    print(
        f"  upstream          {upstream} HTTP requests ({upstream / ops:.2f} per operation),"
        f" {stats['batchOperations']} operations inside $batch"
    )
    print(f"  sandbox 429s      {throttled}")
    peak = max((v for k, v in peaks.items() if k in users), default=0)
    print(f"  peak concurrency  {peak} per BC user at most (BC's limit: 5) over {len(peaks)} users")
    for row in stats["requests"]:
        if row["status"] >= 400:
            by_user[f"{row['method']} {row['entitySet']} {row['status']}"] += row["count"]
    if by_user:
        print(f"  upstream failures {dict(by_user)}")
    for name, (now, peak_rss) in result.rss.items():
        cpu = result.cpu.get(name, 0.0)
        print(
            f"  {name:17} RSS {now:.0f} MiB (peak {peak_rss:.0f}),"
            f" CPU {cpu:.1f} s = {cpu / result.seconds * 100:.0f}% of one core"
        )


async def main(seconds: float, concurrency: int, user_count: int, latency_ms: float) -> None:
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except Exception as error:
        raise SystemExit(f"Redis is needed at {REDIS_URL}: {error}") from None
    namespace = f"bench_{uuid.uuid4().hex[:10]}"
    key = generate_key()
    sandbox_port = free_port()
    sandbox = f"http://127.0.0.1:{sandbox_port}"
    # BC logins: load0..N-1, alternating Contoso and Fabrikam.
    logins = [
        f"load{i}@" + ("contoso" if i % 2 == 0 else "fabrikam") + ".example"
        for i in range(user_count)
    ]
    subjects = {f"10ad0000-0000-4000-8000-{i:012d}": logins[i] for i in range(user_count)}
    sandbox_code = DIRECTORY + SANDBOX.format(url=sandbox, port=sandbox_port, users=user_count)
    sandbox_proc = spawn(sandbox_code, sandbox)
    if latency_ms:
        async with httpx.AsyncClient() as http:
            await http.put(f"{sandbox}/_sandbox/faults", json={"latency_ms": latency_ms})
    gateways: list[tuple[subprocess.Popen[bytes], str]] = []

    def start_gateway() -> str:
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        code = GATEWAY.format(
            url=url,
            port=port,
            sandbox=sandbox,
            secret=SECRET,
            redis=REDIS_URL,
            key=key,
            namespace=namespace,
        )
        gateways.append((spawn(code, url), url))
        return url

    print(
        f"load: {concurrency} workers over {user_count} BC users"
        f" ({concurrency / user_count:.0f} per user), {seconds:.0f} s per run,"
        f" BC latency {latency_ms:.0f} ms, mix {dict(MIX)}"
    )
    print(f"machine: {os.cpu_count()} CPUs; tenants {CONTOSO_TENANT[:8]}…, {FABRIKAM_TENANT[:8]}…")
    try:
        results = []
        for replicas in (1, 2):
            urls = [start_gateway() for _ in range(replicas)]
            workers = [
                Worker(f"load-user-{i % user_count}", logins[i % user_count], urls[i % replicas])
                for i in range(concurrency)
            ]
            if replicas == 1:
                async with httpx.AsyncClient(timeout=30) as http:
                    for worker in workers[:user_count]:
                        await connect(http, urls[0], worker)
            pids = {"sandbox": sandbox_proc.pid}
            pids.update({f"gateway {i + 1}": proc.pid for i, (proc, _) in enumerate(gateways)})
            pids["load generator"] = os.getpid()
            name = f"{replicas} gateway process{'es' if replicas > 1 else ''}"
            result = await drive(workers, seconds, sandbox, pids, name)
            report(result, subjects)
            results.append(result)
            for proc, _ in gateways:
                stop(proc)
            gateways.clear()
        one, two = (len(r.latencies) / r.seconds for r in results)
        print(f"\ntwo processes / one: {two / one:.2f}x throughput")
    finally:
        for proc, _ in gateways:
            stop(proc)
        stop(sandbox_proc)
        client = redis.Redis.from_url(REDIS_URL)
        keys = list(client.scan_iter(match=f"{namespace}:*"))
        if keys:
            client.delete(*keys)
        client.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--users", type=int, default=5)
    parser.add_argument(
        "--bc-latency-ms",
        type=float,
        default=0.0,
        help="the sandbox answers this much later (BC takes tens of ms): calls pile up per "
        "user and the governor has to hold them",
    )
    args = parser.parse_args()
    asyncio.run(main(args.seconds, args.concurrency, args.users, args.bc_latency_ms))
