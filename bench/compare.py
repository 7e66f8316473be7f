"""bcgraph side by side with GraphQL Mesh's OData handler, both in front of the SAME sandbox.

Starts these processes on this machine:

- the sandbox alone (uvicorn, uvloop + httptools, BC's per-user limits off, admin API on);
- GraphQL Mesh 0.82 (`bench/mesh/`, `@graphql-mesh/odata` with `batch: json` and
  `expandNavProps: true`), one Node process, an app-only token from the sandbox's IdP;
- the bcgraph gateway as `bcgraph serve` runs it (create_app, sandbox reached over real
  HTTP, the sandbox IdP, a memory:// store with a fresh key, a demo user connected through
  the real OAuth flow and used for requests without a token), one uvicorn worker, the BC
  client's rate window off so a load test is not throttled by it;
- unless --no-what-if, the same gateway with BC calls sent over httpx, the wire it used
  before aiohttp (`create_app(bc_transport=httpx.AsyncHTTPTransport(...))`, which puts
  gateway/bc/wire.py's HttpxWire under the BC client): what the change of wire bought,
  measured in the same run rather than remembered from another.

Then, on bcgraph and Mesh: upstream requests per operation for Q1-Q3 (the sandbox's
/_sandbox/stats), median latency with the sandbox at 0 and 50 ms, and Q1 throughput at
concurrency 10 with wrk, all gateways alternating in the same run (so the ratio compares
like with like), with the CPU each process used per operation; then the same for Q2, Q3 and
a mixed read workload (Q1-Q3 and two other reads in turn, bench/wrk_load.py), bcgraph and
Mesh alternating (--workload-rounds each). Then a py-spy profile of the
gateway under the same load, summarised by where the time goes, and the HTTP client's cost
alone (bench/http_client_cost.py). Results go to bench/compare_results.json; bench/report.py
turns them into bench/REPORT.md and bench/compare.png.

    (cd bench/mesh && npm ci)       # once: Mesh and its locked dependencies
    .venv/bin/python bench/compare.py [--seconds 10] [--rounds 4] [--workload-rounds 2]
                                    [--no-profile]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
MESH_DIR = BENCH / "mesh"
RESULTS = BENCH / "compare_results.json"
# The gateway variant measured alongside: see GATEWAY's what_if.
WHAT_IF = "bcgraph over httpx"

sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(ROOT))
import http_client_cost  # noqa: E402
from machine_load import Load, cpu_seconds, machine, wait_for_quiet  # noqa: E402
from processes import app_token, free_port  # noqa: E402
from profiling import profile_gateway  # noqa: E402

# The gateway's queries are read_path.py's own, so both benchmarks measure the same Q1-Q3.
from read_path import QUERIES as BCGRAPH_QUERIES  # noqa: E402
from wrk_load import wrk  # noqa: E402

from sandbox.directory import CONTOSO_TENANT  # noqa: E402

NAMES = ("Q1", "Q2", "Q3")
# Two more reads for the mixed workload: a plain list of another entity, and another
# document's navigation (invoice -> customer).
BCGRAPH = {name: BCGRAPH_QUERIES[name] for name in NAMES} | {
    "vendors": "query($n: Int) { vendors(first: $n) { nodes { number displayName } } }",
    "salesInvoices": "query($n: Int) { salesInvoices(first: $n) { nodes { number"
    " totalAmountIncludingTax customer { displayName } } } }",
}
# The same reads in Mesh's schema, generated from the sandbox's $metadata: entity sets of
# the container as root list fields with OData `queryOptions`, navigation properties under
# their OData names, `first: n` as `$top`.
MESH = {
    "Q1": "query($n: Int) { purchaseInvoices(queryOptions: {top: $n})"
    " { number totalAmountIncludingTax } }",
    "Q2": "query($n: Int) { purchaseInvoices(queryOptions: {top: $n})"
    " { number totalAmountIncludingTax purchaseInvoiceLines { description quantity } } }",
    "Q3": "query($n: Int) { purchaseInvoices(queryOptions: {top: $n})"
    " { number totalAmountIncludingTax purchaseInvoiceLines { description quantity }"
    " vendor { displayName } } }",
    "vendors": "query($n: Int) { vendors(queryOptions: {top: $n}) { number displayName } }",
    "salesInvoices": "query($n: Int) { salesInvoices(queryOptions: {top: $n})"
    " { number totalAmountIncludingTax customer { displayName } } }",
}
# What each throughput window sends: one query, or (mixed) several in turn, one a request.
WORKLOADS = {
    "Q1": ("Q1",),
    "Q2": ("Q2",),
    "Q3": ("Q3",),
    "mixed": ("Q1", "Q2", "Q3", "vendors", "salesInvoices"),
}

SANDBOX = """
import uvicorn
from sandbox.app import create_sandbox
from sandbox.settings import LimitSettings, SandboxSettings
app = create_sandbox(SandboxSettings(
    public_url="{url}", admin_enabled=True, limits=LimitSettings(enabled=False)))
uvicorn.run(app, host="127.0.0.1", port={port}, log_level="warning",
            loop="uvloop", http="httptools", access_log=False)
"""

GATEWAY = """
import gc, sys, time
import uvicorn
from starlette.responses import JSONResponse
from gateway.app import create_app
from gateway.bc.config import BCClientConfig
from gateway.connections import ConnectionStoreConfig, generate_key
from gateway.dev import DEMO_USER, connect_demo_user
from gateway.limits import LimitsConfig
from gateway.server import settle_garbage_collector
from gateway.oauth import OAuthConfig
from gateway.settings import Settings
public = "{url}"
settings = Settings(
    public_url=public,
    # BC's 6,000-per-5-minutes window would stop a load test in seconds; the per-user
    # concurrency cap (5, BC's limit) stays, as in production.
    bc=BCClientConfig(rate_limit_requests=None),
    oauth=OAuthConfig(redirect_url=public + "/oauth/callback").resolve("{sandbox}"),
    store=ConnectionStoreConfig(url="memory://", encryption_keys=(generate_key(),)),
    graphiql=False,
    # Requests without a user token act as the demo user: Mesh checks no token either.
    anonymous_user=DEMO_USER,
    # All load comes from that one user, so the per-user operation rate (20/s) would only
    # measure itself, as in dev mode; depth, alias, token and cost limits stay on.
    limits=LimitsConfig(rate_per_second=0),
)

# The gateway over httpx (bench/REPORT.md): the same app, but BC calls go through httpx's
# own pool with the BC client's limits, as they did before the aiohttp wire. Both freeze
# the heap that exists once the app has started, as `bcgraph serve` does.
what_if = {what_if}
bc_transport = None
if what_if:
    import httpx
    bc = settings.bc
    bc_transport = httpx.AsyncHTTPTransport(limits=httpx.Limits(
        max_connections=bc.max_connections,
        max_keepalive_connections=bc.max_keepalive_connections,
        keepalive_expiry=bc.keepalive_expiry,
    ))

async def on_start(runtime):
    await connect_demo_user(runtime)
    settle_garbage_collector()  # as `bcgraph serve` does

gateway = create_app(settings, on_start=on_start, bc_transport=bc_transport)

# The garbage collector's pauses, per generation, read (and reset) by the benchmark at
# GET /_bench/gc around each throughput window: a full collection stops every request.
pauses = {{}}
began = [0.0]
def on_gc(phase, info):
    if phase == "start":
        began[0] = time.perf_counter()
        return
    ms = (time.perf_counter() - began[0]) * 1000
    n, total, longest = pauses.get(info["generation"], (0, 0.0, 0.0))
    pauses[info["generation"]] = (n + 1, total + ms, max(longest, ms))
gc.callbacks.append(on_gc)

async def app(scope, receive, send):
    if scope["type"] == "http" and scope["path"] == "/_bench/gc":
        stats = {{str(g): {{"count": n, "total_ms": t, "max_ms": m}}
                 for g, (n, t, m) in sorted(pauses.items())}}
        pauses.clear()
        await JSONResponse(stats)(scope, receive, send)
        return
    await gateway(scope, receive, send)

uvicorn.run(app, host="127.0.0.1", port={port}, log_level="warning",
            loop="uvloop", http="httptools", access_log=False)
"""


def wait_until(ok: Any, what: str, proc: subprocess.Popen[bytes], timeout: float = 180) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"{what} exited with {proc.returncode} before it was ready")
        try:
            if ok():
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise SystemExit(f"{what} did not start within {timeout:.0f}s")


def stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@dataclass
class Target:
    name: str
    url: str
    queries: dict[str, str]
    proc: subprocess.Popen[bytes]
    # bcgraph's processes answer GET /_bench/gc with the collector's pauses.
    python: bool = False


@dataclass
class Sandbox:
    url: str
    api_root: str
    token: str
    company: str
    proc: subprocess.Popen[bytes]


@contextmanager
def start_sandbox() -> Iterator[Sandbox]:
    """The sandbox alone in a child process, with a token and the company to read."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen([sys.executable, "-c", SANDBOX.format(url=url, port=port)], cwd=ROOT)
    try:
        wait_until(lambda: httpx.get(f"{url}/healthz").status_code == 200, "the sandbox", proc)
        yield Sandbox(url, *what_to_read(url), proc)
    finally:
        stop(proc)


@contextmanager
def started_gateway(
    sandbox_url: str, name: str = "bcgraph", what_if: bool = False
) -> Iterator[Target]:
    """The gateway (GATEWAY) in a child process, once its /healthz answers."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    code = GATEWAY.format(url=url, port=port, sandbox=sandbox_url, what_if=what_if)
    proc = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT)
    try:
        wait_until(lambda: httpx.get(f"{url}/healthz").status_code == 200, name, proc)
        yield Target(name, url, BCGRAPH, proc, python=True)
    finally:
        stop(proc)


def what_to_read(url: str) -> tuple[str, str, str]:
    """The API root, an app-only token and the company that Mesh reads at the sandbox at `url`.

    The company a connect picks by default (the first one BC lists) is the one Mesh gets;
    check_same_answers proves both read the same invoices."""
    token = app_token(url, CONTOSO_TENANT)
    api_root = f"{url}/v2.0/{CONTOSO_TENANT}/production/api/v2.0"
    companies = httpx.get(f"{api_root}/companies", headers={"Authorization": f"Bearer {token}"})
    companies.raise_for_status()
    return api_root, token, companies.json()["value"][0]["id"]


def start_mesh(api_root: str, token: str, company: str, port: int) -> subprocess.Popen[bytes]:
    mesh = MESH_DIR / "node_modules" / ".bin" / "mesh"
    if not mesh.exists():
        raise SystemExit("Mesh is not installed: run `npm ci` in bench/mesh first")
    env = {
        **os.environ,
        "BC_API_ROOT": api_root,
        "BC_TOKEN": token,
        "BC_COMPANY_ID": company,
        "MESH_PORT": str(port),
        "NODE_ENV": "production",
    }
    # `mesh build` reads $metadata from the running sandbox and writes .mesh/; `mesh start`
    # serves those artifacts (production mode), which is how Mesh is meant to be deployed.
    subprocess.run(
        ["node", str(mesh), "build"], cwd=MESH_DIR, env=env, check=True, capture_output=True
    )
    return subprocess.Popen(["node", str(mesh), "start"], cwd=MESH_DIR, env=env)


def graphql(http: httpx.Client, target: Target, name: str, n: int = 50) -> dict[str, Any]:
    response = http.post(
        f"{target.url}/graphql", json={"query": target.queries[name], "variables": {"n": n}}
    )
    body: dict[str, Any] = response.json()
    if response.status_code != 200 or body.get("errors"):
        raise SystemExit(f"{target.name} {name} failed ({response.status_code}): {body}")
    return body


def invoices(target: Target, body: dict[str, Any]) -> list[tuple[str, Decimal]]:
    """(number, total) per invoice, in order, from either system's answer."""
    data = body["data"]["purchaseInvoices"]
    rows = data["nodes"] if target.python else data
    # Mesh maps Edm.Decimal to Float; compare at cents, which both carry exactly here.
    return [
        (r["number"], Decimal(str(r["totalAmountIncludingTax"])).quantize(Decimal("0.01")))
        for r in rows
    ]


def check_same_answers(http: httpx.Client, targets: list[Target]) -> None:
    """Both systems must read the same invoices, or the comparison means nothing."""
    for name in NAMES:
        answers = [invoices(t, graphql(http, t, name)) for t in targets]
        if answers[0] != answers[1] or len(answers[0]) != 50:
            raise SystemExit(f"{name}: bcgraph and Mesh disagree on the invoices they read")
    # The mixed workload's other reads: both must answer them without errors, with as many
    # rows (graphql() stops the run on errors).
    for name in set(BCGRAPH) - set(NAMES):
        counts = [len(_rows(t, graphql(http, t, name))) for t in targets]
        if counts[0] != counts[1] or not counts[0]:
            raise SystemExit(f"{name}: bcgraph read {counts[0]} rows, Mesh {counts[1]}")


def _rows(target: Target, body: dict[str, Any]) -> list[Any]:
    (data,) = body["data"].values()
    return list(data["nodes"] if target.python else data)


def upstream_counts(
    http: httpx.Client, sandbox: str, target: Target
) -> dict[str, dict[str, dict[str, int]]]:
    counts: dict[str, dict[str, dict[str, int]]] = {}
    for name in NAMES:
        counts[name] = {}
        for n in (10, 50, 100):
            http.delete(f"{sandbox}/_sandbox/stats")
            graphql(http, target, name, n)
            stats = http.get(f"{sandbox}/_sandbox/stats").json()
            counts[name][str(n)] = {
                "httpRequests": stats["httpRequests"],
                "batchOperations": stats["batchOperations"],
            }
    return counts


def median_latency_ms(http: httpx.Client, target: Target, name: str, repeats: int) -> float:
    for _ in range(5):
        graphql(http, target, name)
    samples = []
    for _ in range(repeats):
        started = time.perf_counter()
        graphql(http, target, name)
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def throughput(
    http: httpx.Client,
    sandbox_url: str,
    sandbox_pid: int,
    target: Target,
    seconds: int,
    connections: int,
    workload: str = "Q1",
) -> dict[str, Any]:
    bodies = [
        json.dumps({"query": target.queries[name], "variables": {"n": 50}})
        for name in WORKLOADS[workload]
    ]
    url = f"{target.url}/graphql"
    # Warm-up: Node's JIT and both processes' connection pools reach steady state first.
    wrk(url, bodies, 3, connections)
    http.delete(f"{sandbox_url}/_sandbox/stats")
    gc_url = f"{target.url}/_bench/gc" if target.python else None
    if gc_url:
        http.get(gc_url)
    cpu_server, cpu_sandbox = cpu_seconds(target.proc.pid), cpu_seconds(sandbox_pid)
    load = Load.now([target.proc.pid, sandbox_pid])
    result = wrk(url, bodies, seconds, connections)
    other_load = Load.now([target.proc.pid, sandbox_pid]).others_since(load)
    cpu_server = cpu_seconds(target.proc.pid) - cpu_server
    cpu_sandbox = cpu_seconds(sandbox_pid) - cpu_sandbox
    gc_pauses = http.get(gc_url).json() if gc_url else None
    stats = http.get(f"{sandbox_url}/_sandbox/stats").json()
    done = result["requests"]
    failed_upstream = sum(r["count"] for r in stats["requests"] if r["status"] >= 400)
    if failed_upstream:
        raise SystemExit(f"the sandbox answered {failed_upstream} errors under {target.name}")
    return {
        **result,
        "server_cpu_ms_per_op": cpu_server / done * 1000,
        "sandbox_cpu_ms_per_op": cpu_sandbox / done * 1000,
        "server_cores_busy": cpu_server / seconds,
        "sandbox_cores_busy": cpu_sandbox / seconds,
        "upstream_http_per_op": stats["httpRequests"] / done,
        "other_load_cores": other_load,
        **({"gc": gc_pauses} if gc_pauses is not None else {}),
    }


def run(args: argparse.Namespace) -> dict[str, Any]:
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is needed for the throughput test (Debian package `wrk`)")
    started = time.time()
    results: dict[str, Any] = {"machine": machine(), "settings": vars(args)}
    print("waiting for an idle machine ...", flush=True)
    results["other_load_at_start"], waited = wait_for_quiet(args.quiet_wait)
    mesh_port = free_port()
    with ExitStack() as stack, httpx.Client(timeout=60) as http:
        print("starting the sandbox, Mesh and bcgraph ...", flush=True)
        sandbox = stack.enter_context(start_sandbox())
        sandbox_url, api_root, token, company = (
            sandbox.url,
            sandbox.api_root,
            sandbox.token,
            sandbox.company,
        )

        mesh_proc = start_mesh(api_root, token, company, mesh_port)
        stack.callback(stop, mesh_proc)
        mesh = Target("Mesh", f"http://127.0.0.1:{mesh_port}", MESH, mesh_proc)

        bcgraph = stack.enter_context(started_gateway(sandbox_url))
        what_if = (
            stack.enter_context(started_gateway(sandbox_url, WHAT_IF, what_if=True))
            if args.what_if
            else None
        )

        def answers(target: Target) -> bool:
            r = http.post(f"{target.url}/graphql", json={"query": "{ __typename }"})
            return r.status_code == 200

        wait_until(lambda: answers(mesh), "Mesh", mesh_proc)
        targets = [bcgraph, mesh]
        check_same_answers(http, targets)
        if what_if is not None:
            check_same_answers(http, [what_if, mesh])
        results["company"] = company

        print("upstream requests per operation ...", flush=True)
        results["upstream"] = {t.name: upstream_counts(http, sandbox_url, t) for t in targets}

        print("median latency at 0 and 50 ms ...", flush=True)
        latency: dict[str, dict[str, dict[str, float]]] = {t.name: {} for t in targets}
        pids = [t.proc.pid for t in (sandbox, mesh, bcgraph, what_if) if t is not None]
        results["latency_other_load_cores"] = {}
        for delay, repeats in ((0, args.repeats), (50, max(5, args.repeats // 2))):
            waited += wait_for_quiet(args.quiet_wait / 2, pids)[1]
            load = Load.now(pids)
            http.put(f"{sandbox_url}/_sandbox/faults", json={"latency_ms": delay})
            for t in targets:
                for name in NAMES:
                    latency[t.name].setdefault(name, {})[str(delay)] = median_latency_ms(
                        http, t, name, repeats
                    )
            results["latency_other_load_cores"][str(delay)] = Load.now(pids).others_since(load)
        http.delete(f"{sandbox_url}/_sandbox/faults")
        results["latency_ms"] = latency

        print(
            f"Q1 throughput, concurrency {args.connections}, {args.rounds} rounds ...", flush=True
        )
        loaded = [*targets, what_if] if what_if is not None else targets
        rounds: dict[str, list[dict[str, Any]]] = {t.name: [] for t in loaded}
        for i in range(args.rounds):
            waited += wait_for_quiet(args.quiet_wait / 2, pids)[1]
            # Alternate which goes first, so drift (heat, noisy neighbours) hits all alike.
            order = loaded if i % 2 == 0 else loaded[::-1]
            for t in order:
                r = throughput(
                    http, sandbox_url, sandbox.proc.pid, t, args.seconds, args.connections
                )
                rounds[t.name].append(r)
                print(f"  {t.name:18} {r['rps']:7.0f} ops/s", flush=True)
        results["throughput"] = rounds
        mean = {name: statistics.mean(r["rps"] for r in rs) for name, rs in rounds.items()}
        results["ratio"] = mean["bcgraph"] / mean["Mesh"]
        if what_if is not None:
            results["what_if_ratio"] = mean[WHAT_IF] / mean["Mesh"]

        results["workloads"] = {"Q1": {t.name: rounds[t.name] for t in targets}}
        for workload in WORKLOADS:
            if workload == "Q1" or not args.workload_rounds:
                continue
            print(f"{workload} throughput, {args.workload_rounds} rounds ...", flush=True)
            results["workloads"][workload] = measured = {t.name: [] for t in targets}
            for i in range(args.workload_rounds):
                waited += wait_for_quiet(args.quiet_wait / 2, pids)[1]
                for t in targets if i % 2 == 0 else targets[::-1]:
                    r = throughput(
                        http,
                        *(sandbox_url, sandbox.proc.pid, t),
                        *(args.seconds, args.connections, workload),
                    )
                    measured[t.name].append(r)
                    print(f"  {t.name:18} {r['rps']:7.0f} ops/s", flush=True)
        results["per_workload"] = per_workload(results["workloads"])

        if args.profile:
            print("profiling the gateway under the same Q1 load ...", flush=True)
            results["profile"] = profile_gateway(
                bcgraph.proc.pid,
                f"{bcgraph.url}/graphql",
                json.dumps({"query": BCGRAPH["Q1"], "variables": {"n": 50}}),
                args.seconds,
                args.connections,
            )

        print("what one BC call costs in the HTTP client ...", flush=True)
        results["http_client"] = http_client_cost.measure(api_root, token, company)
    results["elapsed_seconds"] = round(time.time() - started, 1)
    results["waited_seconds"] = round(waited, 1)
    return results


def per_workload(workloads: dict[str, dict[str, list[dict[str, Any]]]]) -> dict[str, Any]:
    """Per workload: each system's mean throughput and CPU per operation, and bcgraph's
    ratios to Mesh (throughput: higher is better; CPU: lower is)."""
    summary: dict[str, Any] = {}
    for workload, systems in workloads.items():
        means = {
            name: {
                "rps": statistics.mean(r["rps"] for r in rounds),
                "cpu_ms_per_op": statistics.mean(r["server_cpu_ms_per_op"] for r in rounds),
            }
            for name, rounds in systems.items()
        }
        summary[workload] = {
            **means,
            "rps_ratio": means["bcgraph"]["rps"] / means["Mesh"]["rps"],
            "cpu_ratio": means["bcgraph"]["cpu_ms_per_op"] / means["Mesh"]["cpu_ms_per_op"],
        }
    return summary


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=int, default=10, help="per throughput window")
    # Four: the machine's speed drifts over a run (both servers' CPU per op moved by a
    # third between rounds here), and alternating more rounds evens that out.
    parser.add_argument("--rounds", type=int, default=4, help="throughput windows per system")
    parser.add_argument("--connections", type=int, default=10)
    parser.add_argument("--repeats", type=int, default=30, help="latency samples at 0 ms")
    parser.add_argument(
        "--workload-rounds",
        type=int,
        default=2,
        help="windows per system for Q2, Q3 and the mixed reads (0: Q1 only)",
    )
    parser.add_argument("--no-profile", dest="profile", action="store_false")
    parser.add_argument(
        "--no-what-if",
        dest="what_if",
        action="store_false",
        help="skip the gateway variant with BC calls over httpx (the wire before aiohttp)",
    )
    parser.add_argument(
        "--quiet-wait",
        type=float,
        default=120,
        help="seconds to wait for other load to stop before the run (half before each round)",
    )
    args = parser.parse_args()
    results = run(args)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    from report import write_report

    write_report(results)
    print(
        f"bcgraph/Mesh Q1 throughput: {results['ratio']:.2f}x; wrote {RESULTS.name}, "
        "REPORT.md, compare.png",
        flush=True,
    )


if __name__ == "__main__":
    main()
