"""Live events under load: 1,000 concurrent WebSocket subscribers (graphql-transport-ws),
100 record changes, delivery latency from the webhook's receipt at the gateway to each
subscriber, and the gateway's memory per idle subscriber.

Two topologies, every part its own process (uvicorn with uvloop/httptools):

* one process: the gateway with the sandbox inside it (as `bcgraph dev`), BC's webhooks
  delivered in-process, the subscribers on that same gateway;
* two gateway processes sharing Redis, plus the sandbox: BC posts its webhooks to
  gateway A, the subscribers are all on gateway B, events cross through Redis pub/sub.

The subscribers live in a separate client process, all one user, so every change reaches
every one of them. Two mixes of documents, each in the one-process topology: identical
subscriptions (one document for all), and distinct ones (each socket selects its own set
of fields, so no two sockets share a document); the gateway fans both out from one source
and renders each distinct document from its plan (gateway/ws/fanout.py). `--distinct`
runs only the distinct mix.

Each change is a GraphQL mutation (`updateVendor`) through the gateway; a small ASGI
wrapper in front of the gateway that BC posts to stamps each notification's arrival
(`time.time()`), and latency is the subscriber's receive time minus that stamp (one
machine, one clock). Memory is the RSS growth of the process holding the subscribers,
after a gc, divided by the subscribers; CPU is that process's time during the changes,
per event delivered.

    .venv/bin/python bench/subscriptions.py [--subscribers 1000] [--events 100]
        [--interval 0.4] [--skip-redis] [--distinct] [--json bench/subscriptions_results.json]
        [--trace] [--ws-compression]

The clients offer permessage-deflate, as browsers do; the gateways take it only with
`--ws-compression` (BCGRAPH_WS_COMPRESSION), as `bcgraph serve` does.

`--trace` prints what the Python heap gained per idle subscriber (tracemalloc), by package
and by allocating line; with BENCH_PROFILE=<file> the gateway's cProfile over the changes
goes to that file.

Targets: p99 <= 250 ms, <= 20 KB per idle subscriber, for either mix.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import time
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import httpx
from processes import free_port

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

REDIS_URL = os.environ.get("BCGRAPH_BENCH_REDIS_URL", "redis://127.0.0.1:6379/0")
USER_TOKEN_SECRET = "bench-subscriptions-user-token-secret-0123456789"
SUBSCRIPTION = (
    "subscription { recordUpdated(entity: VENDOR) "
    "{ recordId occurredAt record { ... on Vendor { displayName } } } }"
)
# Vendor fields a distinct document picks from, by the bits of its number.
VENDOR_FIELDS = (
    "number", "addressLine1", "city", "country", "postalCode", "phoneNumber", "email",
    "currencyCode", "taxLiable", "blocked", "balance", "lastModifiedDateTime", "etag",
    "paymentTermsId", "website", "state",
)  # fmt: skip


def distinct_document(n: int) -> str:
    """The n-th socket's own document: the same event, a different selection (fields by
    the bits of n, aliases by its parity), so that no two sockets share an execution."""
    picked = [f for bit, f in enumerate(VENDOR_FIELDS) if n >> bit & 1]
    if n % 2:
        picked = [f"f{i}: {f}" for i, f in enumerate(picked)]
    head = "changeType " if n % 3 == 0 else ""
    return (
        f"subscription {{ recordUpdated(entity: VENDOR) {{ {head}recordId occurredAt "
        f"record {{ ... on Vendor {{ displayName {' '.join(picked)} }} }} }} }}"
    )


UPDATE = """mutation($id: UUID!, $name: String!) {
  updateVendor(id: $id, input: {displayName: $name}) { id } }"""

Scope = dict[str, Any]
Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]


# -- inside the server processes ------------------------------------------------------


class Receipts:
    """In front of a gateway: stamps each webhook notification's arrival, and answers
    /_bench/state (subscribers, RSS after a gc) and /_bench/receipts."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.seen: dict[str, float] = {}
        self.baseline: Any = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] == "http" and path.startswith("/_bench/"):
            await self._bench(path, send)
            return
        query = parse_qs(scope.get("query_string", b"").decode())
        if scope["type"] != "http" or path != "/webhooks/bc" or "validationToken" in query:
            await self.app(scope, receive, send)
            return
        now = time.time()
        chunks, more = [], True
        while more:
            message = await receive()
            chunks.append(message.get("body", b""))
            more = message.get("more_body", False)
        body = b"".join(chunks)
        for item in json.loads(body).get("value", []):
            key = _key(
                item["resource"].rsplit("(", 1)[-1].rstrip(")"), item["lastModifiedDateTime"]
            )
            self.seen.setdefault(key, now)
        sent = False

        async def replay() -> dict[str, Any]:
            nonlocal sent
            if sent:
                return await receive()
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app(scope, replay, send)

    async def _bench(self, path: str, send: Send) -> None:
        import gc

        if path == "/_bench/receipts":
            payload: Any = self.seen
        elif path in ("/_bench/profile-start", "/_bench/profile-stop"):
            payload = self._profile(path.endswith("stop"))
        elif path in ("/_bench/snapshot", "/_bench/growth"):
            payload = self._traced(path.endswith("growth"))
        else:
            gc.collect()
            from starlette.routing import WebSocketRoute

            runtime = self.app.state.runtime
            graphql = next(r.endpoint for r in self.app.routes if isinstance(r, WebSocketRoute))
            payload = {
                # Sockets subscribed, and executions of the events: a user's identical
                # subscriptions share one (gateway/ws/shared.py).
                "subscribers": graphql.shared_listeners,
                "executions": runtime.broadcast.subscriber_count,
                "rss": rss(os.getpid()),
                "cpu": time.process_time(),
            }
        body = json.dumps(payload).encode()
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": body})

    def _profile(self, stop: bool) -> Any:
        """With BENCH_PROFILE=<file>: cProfile over the changes, its stats in that file."""
        import cProfile
        import pstats

        target = os.environ.get("BENCH_PROFILE")
        if not target:
            return None
        if not stop:
            self.profiler = cProfile.Profile()
            self.profiler.enable()
            return None
        self.profiler.disable()
        with open(target, "w") as out:
            pstats.Stats(self.profiler, stream=out).sort_stats("tottime").print_stats(45)
        return None

    def _traced(self, growth: bool) -> Any:
        """With --trace: what the Python heap gained since the snapshot, by the line that
        allocated it (tracemalloc), largest first."""
        import gc
        import tracemalloc

        if not tracemalloc.is_tracing():
            return []
        gc.collect()
        snapshot = tracemalloc.take_snapshot()
        if not growth:
            self.baseline = snapshot
            return []
        stats = snapshot.compare_to(self.baseline, "lineno")
        by_package: dict[str, list[int]] = {}
        for stat in stats:
            name = _package(stat.traceback[0].filename)
            total = by_package.setdefault(name, [0, 0])
            total[0] += stat.size_diff
            total[1] += stat.count_diff
        packages = sorted(by_package.items(), key=lambda item: -item[1][0])
        lines = [[str(s.traceback[0]), s.size_diff, s.count_diff] for s in stats[:150]]
        return [[f"{name} (all)", size, count] for name, (size, count) in packages] + lines


def _package(filename: str) -> str:
    """Where a line is, coarsely: the installed package, the gateway's module, the
    standard library's."""
    parts = Path(filename).parts
    if "site-packages" in parts:
        return parts[parts.index("site-packages") + 1]
    if str(ROOT) in filename:
        return "/".join(Path(filename).relative_to(ROOT).parts[:3])
    return "stdlib " + Path(filename).name


def serve_single(port: int) -> None:
    from gateway.app import create_app
    from gateway.auth import UserTokenConfig
    from gateway.connections import ConnectionStoreConfig, generate_key
    from gateway.dev import DEMO_USER, connect_demo_user
    from gateway.limits import LimitsConfig
    from gateway.oauth import OAuthConfig
    from gateway.settings import Settings
    from sandbox.app import create_sandbox
    from sandbox.settings import SandboxSettings, WebhookSettings

    public = f"http://127.0.0.1:{port}"

    async def into_gateway(scope: Scope, receive: Receive, send: Send) -> None:
        await front(scope, receive, send)

    sandbox = create_sandbox(
        SandboxSettings(
            public_url=public, admin_enabled=True, webhooks=WebhookSettings(delay_seconds=0.0)
        ),
        webhook_transport=httpx.ASGITransport(app=into_gateway),
    )
    in_process = httpx.ASGITransport(app=sandbox)
    settings = Settings(
        public_url=public,
        oauth=OAuthConfig(redirect_url=f"{public}/oauth/callback").resolve(public),
        user_tokens=UserTokenConfig(hs256_secret=USER_TOKEN_SECRET),
        store=ConnectionStoreConfig(url="memory://", encryption_keys=(generate_key(),)),
        anonymous_user=DEMO_USER,
        limits=LimitsConfig(rate_per_second=0),
        log_level="warning",
    )
    app = create_app(
        settings,
        bc_transport=in_process,
        idp_transport=in_process,
        fallback=sandbox,
        on_start=connect_demo_user,
    )
    front = Receipts(app)
    _run(front, port)


def serve_sandbox(port: int) -> None:
    from sandbox.app import create_sandbox
    from sandbox.settings import SandboxSettings, WebhookSettings

    app = create_sandbox(
        SandboxSettings(
            public_url=f"http://127.0.0.1:{port}",
            admin_enabled=True,
            webhooks=WebhookSettings(delay_seconds=0.0),
        )
    )
    _run(app, port)


def serve_gateway(port: int, sandbox_url: str, public_url: str, namespace: str, key: str) -> None:
    from gateway.app import create_app
    from gateway.auth import UserTokenConfig
    from gateway.connections import ConnectionStoreConfig
    from gateway.limits import LimitsConfig
    from gateway.oauth import OAuthConfig
    from gateway.pubsub import PubSubConfig
    from gateway.settings import Settings

    settings = Settings(
        # Both replicas name the same public URL, as behind a load balancer; BC's posts
        # land on A (the URL is A's), the subscribers are on B.
        public_url=public_url,
        oauth=OAuthConfig(redirect_url=f"{public_url}/oauth/callback").resolve(sandbox_url),
        user_tokens=UserTokenConfig(hs256_secret=USER_TOKEN_SECRET),
        store=ConnectionStoreConfig(url=REDIS_URL, encryption_keys=(key,), namespace=namespace),
        pubsub=PubSubConfig(url=REDIS_URL),
        limits=LimitsConfig(rate_per_second=0),
        log_level="warning",
    )
    app = create_app(settings)
    _run(Receipts(app), port)


def _run(app: Any, port: int) -> None:
    import gc

    import uvicorn

    if os.environ.get("BENCH_TRACE"):
        import tracemalloc

        tracemalloc.start()
    from gateway.limits import ServerLimits
    from gateway.server import settle_garbage_collector

    settle_garbage_collector()  # as `bcgraph dev` and `bcgraph serve` do
    if os.environ.get("BENCH_GC_THRESHOLD"):
        gc.set_threshold(*(int(n) for n in os.environ["BENCH_GC_THRESHOLD"].split(",")))
    uvicorn.run(
        app,
        host="127.0.0.1",
        port=port,
        log_level="warning",
        loop="uvloop",
        http="httptools",
        access_log=False,
        ws_max_queue=32,
        ws=ws_protocol(os.environ.get("BENCH_WS", "handover")),
        # As `bcgraph serve` runs it (BCGRAPH_WS_COMPRESSION), unless --ws-compression.
        ws_per_message_deflate=bool(os.environ.get("BENCH_WS_COMPRESSION"))
        or ServerLimits().ws_compression,
    )


def ws_protocol(name: str) -> Any:
    """uvicorn's `ws`: "handover" is gateway/server.py's, as `bcgraph serve` runs it."""
    from gateway.ws.native.handover import HandoverProtocol

    return HandoverProtocol if name == "handover" else name


def rss(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    return 0


def _key(record_id: str, modified: str) -> str:
    return f"{record_id.lower()}|{modified}"


# -- the subscribers' process -------------------------------------------------------------


async def subscribers(url: str, token: str, count: int, expect: int, distinct: bool) -> None:
    """`count` sockets, each subscribed once; prints one JSON line of receive times per
    event key when `expect` events per socket have come (or stdin closes)."""
    import uvloop
    import websockets

    uvloop.install()
    received: dict[str, list[float]] = {}
    done = asyncio.Event()
    complete = 0
    sockets = []
    gate = asyncio.Semaphore(50)

    async def one(n: int) -> None:
        nonlocal complete
        query = distinct_document(n) if distinct else SUBSCRIPTION
        async with gate:
            # Offering compression, as browsers always do; the gateway decides.
            ws = await websockets.connect(
                url, subprotocols=["graphql-transport-ws"], max_queue=None, compression="deflate"
            )
            sockets.append(ws)
            await ws.send(json.dumps({"type": "connection_init", "payload": {"token": token}}))
            await ws.recv()
            await ws.send(json.dumps({"id": "1", "type": "subscribe", "payload": {"query": query}}))
        seen = 0
        async for raw in ws:
            now = time.time()
            message = json.loads(raw)
            if message.get("type") != "next":
                continue
            event = message["payload"]["data"]["recordUpdated"]
            received.setdefault(_key(event["recordId"], event["occurredAt"]), []).append(now)
            seen += 1
            if seen == expect:
                complete += 1
                if complete == count:
                    done.set()

    tasks = [asyncio.create_task(one(n)) for n in range(count)]
    print("connected", flush=True)
    loop = asyncio.get_running_loop()
    stdin_closed = loop.run_in_executor(None, sys.stdin.read)
    await asyncio.wait(
        [asyncio.ensure_future(done.wait()), stdin_closed], return_when="FIRST_COMPLETED"
    )
    print(json.dumps(received), flush=True)
    for task in tasks:
        task.cancel()
    for ws in sockets:
        await ws.close()


# -- the orchestrator --------------------------------------------------------------------


def spawn(*args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, __file__, *args], cwd=ROOT, env=os.environ.copy())


async def wait_up(url: str) -> None:
    async with httpx.AsyncClient() as http:
        for _ in range(300):
            try:
                if (await http.get(f"{url}/healthz")).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.1)
    raise RuntimeError(f"{url} did not start")


async def run(
    label: str,
    writer_url: str,
    subscriber_url: str,
    receipt_url: str,
    token: str,
    args: argparse.Namespace,
    distinct: bool = False,
) -> dict[str, Any]:
    """Subscribers on `subscriber_url`, changes through `writer_url`, receipts at
    `receipt_url`; with `distinct`, each socket its own document."""
    async with httpx.AsyncClient(timeout=60) as http:
        auth = {"Authorization": f"Bearer {token}"}

        async def state() -> dict[str, Any]:
            answer: dict[str, Any] = (await http.get(f"{subscriber_url}/_bench/state")).json()
            return answer

        vendors = (
            await http.post(
                f"{writer_url}/graphql",
                json={"query": "{ vendors(first: 100) { nodes { id } } }"},
                headers=auth,
            )
        ).json()["data"]["vendors"]["nodes"]
        before = await state()
        await http.get(f"{subscriber_url}/_bench/snapshot")
        ws_url = subscriber_url.replace("http", "ws") + "/graphql"
        command = [sys.executable, __file__, "subscribers", ws_url, token]
        clients = subprocess.Popen(  # noqa: ASYNC220 - started once, before measuring
            [*command, str(args.subscribers), str(args.events), str(int(distinct))],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
        )
        assert clients.stdout is not None and clients.stdin is not None
        clients.stdout.readline()  # connected
        started = time.monotonic()
        while (await state())["subscribers"] < args.subscribers:
            if time.monotonic() - started > 300:
                raise RuntimeError("the subscribers never all subscribed")
            await asyncio.sleep(0.5)
        subscribed_s = time.monotonic() - started
        await asyncio.sleep(2.0)  # idle
        idle = await state()
        per_subscriber = (idle["rss"] - before["rss"]) / args.subscribers
        for where, size, count in (await http.get(f"{subscriber_url}/_bench/growth")).json():
            print(
                f"  {size / args.subscribers:8.0f} B {count / args.subscribers:6.2f} objects"
                f" per subscriber  {where}",
                flush=True,
            )

        cpu_before = (await state())["cpu"]
        await http.get(f"{subscriber_url}/_bench/profile-start")
        for n in range(args.events):
            vendor = vendors[n % len(vendors)]
            answer = await http.post(
                f"{writer_url}/graphql",
                json={"query": UPDATE, "variables": {"id": vendor["id"], "name": f"bench-{n}"}},
                headers=auth,
            )
            assert "errors" not in answer.json(), answer.text
            await asyncio.sleep(args.interval)

        # The subscribers report once every socket has every event; what is still missing
        # some time after the last change is reported as not delivered.
        reading = asyncio.get_running_loop().run_in_executor(None, clients.stdout.readline)
        await asyncio.wait([reading], timeout=30)
        clients.stdin.close()
        line = await reading
        clients.wait(timeout=30)
        received: dict[str, list[float]] = json.loads(line)
        receipts: dict[str, float] = (await http.get(f"{receipt_url}/_bench/receipts")).json()
        cpu = (await state())["cpu"] - cpu_before
        await http.get(f"{subscriber_url}/_bench/profile-stop")

    latencies = [
        (at - receipts[key]) * 1000
        for key, times in received.items()
        if key in receipts
        for at in times
    ]
    latencies.sort()
    expected = args.subscribers * args.events
    return {
        "label": label + (" (distinct documents)" if distinct else ""),
        "subscribers": args.subscribers,
        "events": args.events,
        "delivered": len(latencies),
        "expected": expected,
        "p50_ms": round(statistics.median(latencies), 1) if latencies else None,
        "p99_ms": round(latencies[int(len(latencies) * 0.99) - 1], 1) if latencies else None,
        "max_ms": round(latencies[-1], 1) if latencies else None,
        "rss_before_mb": round(before["rss"] / 2**20, 1),
        "rss_idle_mb": round(idle["rss"] / 2**20, 1),
        "kb_per_idle_subscriber": round(per_subscriber / 1024, 1),
        "subscribe_all_s": round(subscribed_s, 1),
        # CPU of the process holding the subscribers, per event delivered to one of them.
        "cpu_us_per_delivery": round(cpu / max(len(latencies), 1) * 1e6, 1),
    }


async def one_process(args: argparse.Namespace, distinct: bool) -> dict[str, Any]:
    from gateway.auth import UserTokenConfig, mint_user_token
    from gateway.dev import DEMO_USER

    port = free_port()
    server = spawn("serve-single", str(port))
    url = f"http://127.0.0.1:{port}"
    try:
        await wait_up(url)
        token = mint_user_token(UserTokenConfig(hs256_secret=USER_TOKEN_SECRET), DEMO_USER)
        return await run("one process", url, url, url, token, args, distinct)
    finally:
        server.terminate()
        server.wait()


async def two_processes(args: argparse.Namespace) -> dict[str, Any]:
    from gateway.auth import UserTokenConfig, mint_user_token
    from gateway.connections import generate_key
    from tests.conftest import ALICE

    sandbox_port, a_port, b_port = free_port(), free_port(), free_port()
    sandbox_url = f"http://127.0.0.1:{sandbox_port}"
    a_url, b_url = f"http://127.0.0.1:{a_port}", f"http://127.0.0.1:{b_port}"
    namespace, key = f"bench{uuid.uuid4().hex[:8]}", generate_key()
    procs = [
        spawn("serve-sandbox", str(sandbox_port)),
        spawn("serve-gateway", str(a_port), sandbox_url, a_url, namespace, key),
        spawn("serve-gateway", str(b_port), sandbox_url, a_url, namespace, key),
    ]
    try:
        for url in (sandbox_url, a_url, b_url):
            await wait_up(url)
        token = mint_user_token(UserTokenConfig(hs256_secret=USER_TOKEN_SECRET), "bench-user")
        async with httpx.AsyncClient(timeout=30) as http:
            # The user connects once (through A); B reads the connection from Redis.
            auth = {"Authorization": f"Bearer {token}"}
            start = await http.get(
                f"{a_url}/connect/start", params={"login_hint": ALICE}, headers=auth
            )
            consent = await http.get(start.headers["location"])
            finished = await http.get(consent.headers["location"])
            assert finished.status_code == 200, finished.text
        return await run("two processes via Redis", a_url, b_url, a_url, token, args)
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            proc.wait()
        import redis

        client = redis.Redis.from_url(REDIS_URL)
        keys = list(client.scan_iter(match=f"{namespace}:*"))
        if keys:
            client.delete(*keys)


def report(result: dict[str, Any]) -> None:
    print(
        f"{result['label']:>26}: {result['subscribers']} subscribers x {result['events']} events"
        f" -> delivered {result['delivered']}/{result['expected']}, latency from webhook"
        f" receipt p50 {result['p50_ms']} ms, p99 {result['p99_ms']} ms (max"
        f" {result['max_ms']} ms); RSS {result['rss_before_mb']} -> {result['rss_idle_mb']} MB"
        f" = {result['kb_per_idle_subscriber']} KB per idle subscriber;"
        f" {result['cpu_us_per_delivery']} us CPU per delivery",
        flush=True,
    )


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "serve-single":
        serve_single(int(sys.argv[2]))
        return
    if len(sys.argv) > 1 and sys.argv[1] == "serve-sandbox":
        serve_sandbox(int(sys.argv[2]))
        return
    if len(sys.argv) > 1 and sys.argv[1] == "serve-gateway":
        serve_gateway(int(sys.argv[2]), *sys.argv[3:7])
        return
    if len(sys.argv) > 1 and sys.argv[1] == "subscribers":
        url, token, count, expect, distinct = sys.argv[2:7]
        asyncio.run(subscribers(url, token, int(count), int(expect), distinct == "1"))
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--subscribers", type=int, default=1000)
    parser.add_argument("--events", type=int, default=100)
    parser.add_argument("--interval", type=float, default=0.4, help="seconds between changes")
    parser.add_argument("--skip-redis", action="store_true")
    parser.add_argument(
        "--distinct",
        action="store_true",
        help="only the case where each socket has its own document (a different "
        "selection), which no two sockets share (one process)",
    )
    parser.add_argument("--json", help="also write the results to this file")
    parser.add_argument(
        "--trace",
        action="store_true",
        help="trace the gateway's heap (tracemalloc) and print what an idle subscriber "
        "holds, by allocating line (slows everything: memory only)",
    )
    parser.add_argument(
        "--ws",
        default="handover",
        help="uvicorn's WebSocket implementation for the gateways: handover (as `bcgraph "
        "serve` runs it: graphql-transport-ws handed to gateway/ws/native/), or uvicorn's "
        "own (auto, websockets, websockets-sansio, wsproto: the ASGI path)",
    )
    parser.add_argument(
        "--ws-compression",
        action="store_true",
        help="let the gateways take the clients' offer of permessage-deflate "
        "(BCGRAPH_WS_COMPRESSION=true)",
    )
    args = parser.parse_args()
    os.environ["BENCH_WS"] = args.ws
    if args.ws_compression:
        os.environ["BENCH_WS_COMPRESSION"] = "1"
    if args.trace:
        os.environ["BENCH_TRACE"] = "1"
    results = []
    for distinct in (False, True):
        if distinct or not args.distinct:
            results.append(asyncio.run(one_process(args, distinct)))
            report(results[-1])
    if not args.skip_redis and not args.distinct:
        results.append(asyncio.run(two_processes(args)))
        report(results[-1])
    if args.json:
        machine = {
            "cores": os.cpu_count(),
            "python": sys.version.split()[0],
            "when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
            "interval_s": args.interval,
        }
        path = Path(args.json)
        stored = json.loads(path.read_text()) if path.exists() else {"runs": []}
        stored["runs"] += [{**machine, **result} for result in results]
        path.write_text(json.dumps(stored, indent=2) + "\n")


if __name__ == "__main__":
    main()
