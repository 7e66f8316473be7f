"""bench/REPORT.md and bench/compare.png from bench/compare_results.json.

bench/compare.py calls this at the end of a run; run it alone to redo the report from the
last results without measuring again:

    .venv/bin/python bench/report.py

The chart needs matplotlib (the `bench` extra: pip install -e '.[bench]'); without it the
report says so and has no chart.
"""

from __future__ import annotations

import json
import statistics
from pathlib import Path
from typing import Any

from report_chart import CHART, write_chart

BENCH = Path(__file__).resolve().parent
RESULTS = BENCH / "compare_results.json"
REPORT = BENCH / "REPORT.md"
SYSTEMS = ("bcgraph", "Mesh")
# compare.py's gateway variant: BC calls over httpx, the wire before aiohttp.
WHAT_IF = "bcgraph over httpx"
NAMES = ("Q1", "Q2", "Q3")

# What GraphQL Mesh needed to run against the sandbox: the configuration in bench/mesh/,
# explained once here so the report stands on its own.
MESH_NOTES = """\
Mesh 0.82.27 with `@graphql-mesh/odata` 0.22.18 (`bench/mesh/package.json`, locked by
`package-lock.json`; `npm ci` installs exactly that), configured in `bench/mesh/.meshrc.yaml`:

1. **`endpoint` is the API root** (`…/v2.0/{tenant}/production/api/v2.0`), not a company.
   Mesh reads `{endpoint}/$metadata` and POSTs `{endpoint}/$batch`; BC serves both only at
   the API root (`companies({id})/$batch` and `companies({id})/$metadata` are 404 there
   and in the sandbox). Mesh's root fields are the container's entity sets
   (`purchaseInvoices`, …), so its URLs are `/purchaseInvoices?$select=…`.
2. **The company rides as a `Company` operation header.** Company-scoped sets at the root
   need a company, and Mesh cannot add `?company=` to its URLs; but with `batch: json` it
   copies the operation headers into every batch item, and the sandbox's batch items take
   the company from a `Company` header. Whether BC does is not verified against a real
   tenant; if it does not, the fallback is `batch` off with `endpoint` at
   `…/companies({id})` and `source` at the root's `$metadata` (tried: it works against
   the sandbox), which gives up the `batch: json` this comparison asks for.
   (Mesh also writes item URLs with a leading `/`, `"/purchaseInvoices?…"`, which the
   sandbox reads relative to the API root; also unverified on BC.)
3. **A `customFetch` (`bench/mesh/select-fix.js`) drops navigation properties from
   `$select` where the same level `$expand`s them.** With `expandNavProps: true` Mesh asks
   for `$select=number,…,purchaseInvoiceLines,vendor,id&$expand=purchaseInvoiceLines(…),
   vendor(…)`. OData 4.0 allows a navigation property in `$select`; the sandbox refused it
   when this comparison was first built and has accepted it since (as BC's OData stack
   does), so the rewrite is now only a no-op safety for older sandboxes. Q1 passes
   through untouched (no `$expand`); for Q2/Q3 it is one JSON parse and stringify of the
   small batch body.
4. Nothing else: the enum members named `_x0020_`/`In_x0020_Review` are valid GraphQL
   names, the containment navigation properties (`company` → sets) become fields, and
   `Edm.Decimal` maps to `Float`. Mesh runs as `mesh build` then `mesh start`
   (production mode), one process (`serve.fork: 0`), an app-only token from the sandbox's
   identity provider (client credentials) as its bearer header.

Not the same on both sides, by design of each: Mesh returns decimals as floats and plain
lists; bcgraph returns exact decimals, connections with `pageInfo` (so it asks BC for
`$top=n+1`), and holds each BC connection to 5 concurrent calls (BC's limit); Mesh holds
nothing. Neither checks a client token here (bcgraph answers as its connected demo user)."""


def _mean_rps(rounds: list[dict[str, Any]]) -> float:
    return statistics.mean(r["rps"] for r in rounds)


def _pct(share: float) -> str:
    return f"{share * 100:.1f}%"


def _upstream_table(results: dict[str, Any]) -> list[str]:
    up = results["upstream"]
    lines = [
        "| query | first | bcgraph: HTTP requests (ops in `$batch`) "
        "| Mesh: HTTP requests (ops in `$batch`) |",
        "|---|---:|---:|---:|",
    ]
    for name in NAMES:
        for n in ("10", "50", "100"):
            cells = [
                f"{up[s][name][n]['httpRequests']} ({up[s][name][n]['batchOperations']})"
                for s in SYSTEMS
            ]
            lines.append(f"| {name} | {n} | {cells[0]} | {cells[1]} |")
    return lines


def _latency_table(results: dict[str, Any]) -> list[str]:
    lat = results["latency_ms"]
    lines = [
        "| query | bcgraph, BC at 0 ms | Mesh, BC at 0 ms | bcgraph, BC at 50 ms "
        "| Mesh, BC at 50 ms |",
        "|---|---:|---:|---:|---:|",
    ]
    for name in NAMES:
        cells = [f"{lat[s][name][d]:.1f}" for d in ("0", "50") for s in SYSTEMS]
        lines.append(f"| {name} | {' | '.join(cells)} |")
    return lines


def _latency_load(results: dict[str, Any]) -> list[str]:
    load = results.get("latency_other_load_cores")
    if not load:
        return []
    return [
        f"Other load on the machine meanwhile: {load['0']:.2f} cores (BC at 0 ms), "
        f"{load['50']:.2f} cores (BC at 50 ms).",
        "",
    ]


def _throughput_table(results: dict[str, Any]) -> list[str]:
    lines = [
        "| system | round | ops/s | p50 ms | p99 ms | max ms | server CPU ms/op "
        "| sandbox CPU ms/op | server cores busy | upstream HTTP/op | other load, cores |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for system, system_rounds in results["throughput"].items():
        for i, r in enumerate(system_rounds, 1):
            lines.append(
                f"| {system} | {i} | {r['rps']:.0f} | {r['p50_ms']:.1f} | {r['p99_ms']:.1f} "
                f"| {r['max_ms']:.0f} | {r['server_cpu_ms_per_op']:.2f} "
                f"| {r['sandbox_cpu_ms_per_op']:.2f} | {r['server_cores_busy']:.2f} "
                f"| {r['upstream_http_per_op']:.2f} | {r['other_load_cores']:.2f} |"
            )
    return lines


WORKLOAD_NOTES = {
    "Q1": "Q1",
    "Q2": "Q2",
    "Q3": "Q3",
    "mixed": "mixed reads",
}


def _workload_table(results: dict[str, Any]) -> list[str]:
    """Per workload: throughput and the gateway's CPU per operation, both systems, ratios."""
    summary = results.get("per_workload")
    if not summary:
        return ["No per-workload measurements in this run (`--workload-rounds 0`)."]
    workloads = results.get("workloads", {})
    lines = [
        "| workload | bcgraph ops/s | Mesh ops/s | throughput bcgraph/Mesh "
        "| bcgraph CPU ms/op | Mesh CPU ms/op | CPU bcgraph/Mesh | rounds | other load, cores |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, w in summary.items():
        rounds = workloads.get(name, {})
        loads = [r["other_load_cores"] for rs in rounds.values() for r in rs]
        lines.append(
            f"| {WORKLOAD_NOTES.get(name, name)} | {w['bcgraph']['rps']:.0f} "
            f"| {w['Mesh']['rps']:.0f} | {w['rps_ratio']:.2f}x "
            f"| {w['bcgraph']['cpu_ms_per_op']:.2f} | {w['Mesh']['cpu_ms_per_op']:.2f} "
            f"| {w['cpu_ratio']:.2f}x | {len(rounds.get('bcgraph', []))} "
            f"| {max(loads, default=0.0):.2f} |"
        )
    lines += [
        "",
        "CPU per op: the server process's user+system time over each window divided by the "
        "operations it answered, averaged over the rounds; the goals are CPU ≤ 0.4x Mesh's "
        "for Q1 and ≤ 0.5x for Q2 and Q3. Other load: the most any window saw.",
    ]
    rows = [
        (name, system, i, r)
        for name, systems in workloads.items()
        if name != "Q1"
        for system, rs in systems.items()
        for i, r in enumerate(rs, 1)
    ]
    if rows:
        lines += [
            "",
            "| workload | system | round | ops/s | p50 ms | p99 ms | server CPU ms/op "
            "| sandbox CPU ms/op | upstream HTTP/op | other load, cores |",
            "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        lines += [
            f"| {WORKLOAD_NOTES.get(name, name)} | {system} | {i} | {r['rps']:.0f} "
            f"| {r['p50_ms']:.1f} | {r['p99_ms']:.1f} | {r['server_cpu_ms_per_op']:.2f} "
            f"| {r['sandbox_cpu_ms_per_op']:.2f} | {r['upstream_http_per_op']:.2f} "
            f"| {r['other_load_cores']:.2f} |"
            for name, system, i, r in rows
        ]
    return lines


def _gc_line(results: dict[str, Any]) -> str | None:
    rounds = [r["gc"] for r in results["throughput"]["bcgraph"] if "gc" in r]
    if not rounds:
        return None
    seconds = results["settings"]["seconds"] * len(rounds)
    total = sum(g[k]["total_ms"] for g in rounds for k in g)
    full = [g["2"] for g in rounds if "2" in g]
    longest = max((f["max_ms"] for f in full), default=0.0)
    count = sum(f["count"] for f in full)
    share = f"the garbage collector ran {total / seconds / 10:.1f}% of the time"
    if not count:
        return f"{share}, with no full (generation 2) collection"
    return (
        f"{share}, with {count} full (generation 2) collections of up to {longest:.0f} ms "
        "each, during which every request in flight waits"
    )


def _profile_section(results: dict[str, Any]) -> list[str]:
    profile = results.get("profile")
    if not profile:
        return ["No profile in this run (py-spy missing, or `--no-profile`)."]
    lines = [
        f"py-spy, {profile['samples']} samples of the gateway process under the same Q1 load "
        "(a separate run: sampling slows it). Each sample is counted once, under the first "
        "frame from the top of the stack that belongs to a known part; the stacks are in "
        "`bench/out/gateway-q1.collapsed` (flamegraph input, not committed).",
        "",
        "| where | share of the gateway's CPU |",
        "|---|---:|",
    ]
    lines += [f"| {c['name']} | {_pct(c['share'])} |" for c in profile["categories"]]
    if profile.get("stages_inclusive"):
        lines += [
            "",
            "The request's stages in the libraries, inclusive:",
            "",
            "| function | inclusive share |",
            "|---|---:|",
        ]
        lines += [f"| `{f['frame']}` | {_pct(f['share'])} |" for f in profile["stages_inclusive"]]
    lines += [
        "",
        "The project's own functions, inclusive (callees counted too):",
        "",
        "| function | inclusive share |",
        "|---|---:|",
    ]
    lines += [f"| `{f['frame']}` | {_pct(f['share'])} |" for f in profile["own_code_inclusive"]]
    lines += ["", "Hottest leaf frames:", "", "| frame | share |", "|---|---:|"]
    lines += [f"| `{f['frame']}` | {_pct(f['share'])} |" for f in profile["leaves"]]
    return lines


def _client_section(results: dict[str, Any]) -> list[str]:
    client = results.get("http_client")
    if not client:
        return []
    lines = [
        "## One BC call in the HTTP client, isolated",
        "",
        "`bench/http_client_cost.py`: the GET behind Q1 (50 invoices, `$top=51`) and its "
        "Decimal decode, from a fresh process per client, concurrency 10 with at most 5 in "
        "flight (the governor's cap), against the same sandbox. `sniffio` installed: "
        f"{'yes' if client['sniffio_installed'] else 'no'}.",
        "",
        "| client | calls/s | CPU ms per call | p50 ms | p99 ms | max ms | pool retries per call |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in client["variants"].values():
        retries = r.get("pool_retries_per_call")
        lines.append(
            f"| {r['label']} | {r['calls_per_s']:.0f} | {r['cpu_ms_per_call']:.3f} "
            f"| {r['p50_ms']:.1f} | {r['p99_ms']:.1f} | {r['max_ms']:.0f} "
            f"| {'n/a' if retries is None else f'{retries:.2f}'} |"
        )
    lines += [
        "",
        "Pool retries: how often httpcore's pool handed a request a connection another "
        "request had already taken (`ConnectionNotAvailable`) and went round again.",
    ]
    return [*lines, ""]


def _findings(results: dict[str, Any]) -> list[str]:
    """What the numbers of this run say the gateway should change, most gain first."""
    rounds = results["throughput"]
    cpu = {s: statistics.mean(r["server_cpu_ms_per_op"] for r in rounds[s]) for s in SYSTEMS}
    lines = [
        f"- CPU per Q1: bcgraph {cpu['bcgraph']:.2f} ms, Mesh {cpu['Mesh']:.2f} ms. Each "
        "server is one process on one core, so its throughput is about 1 / (CPU per op); "
        "the sandbox and wrk take the other core.",
    ]
    if WHAT_IF in rounds:
        old = rounds[WHAT_IF]
        lines.append(
            f"- **The wire to BC, measured in this run**: the same gateway with BC calls "
            "over httpx (`create_app(bc_transport=httpx.AsyncHTTPTransport(...))`, the wire "
            f"it used before aiohttp) did {_mean_rps(old):.0f} ops/s at "
            f"{statistics.mean(r['server_cpu_ms_per_op'] for r in old):.2f} ms of CPU per "
            f"Q1, p99 {max(r['p99_ms'] for r in old):.0f} ms: "
            f"{results['what_if_ratio']:.2f}x Mesh, against {results['ratio']:.2f}x over "
            "aiohttp (gateway/bc/wire.py)."
        )
    profile = results.get("profile") or {}
    shares = {c["name"]: c["share"] for c in profile.get("categories", [])}

    def share(prefix: str) -> float:
        return sum(v for k, v in shares.items() if k.startswith(prefix))

    client = (results.get("http_client") or {}).get("variants", {})
    http_share = share("HTTP client") + share("importlib")
    if http_share:
        text = (
            f"- **The HTTP client to BC** (gateway/bc/wire.py over aiohttp) takes "
            f"{_pct(http_share)} of the gateway's samples, most of it the socket writes."
        )
        if "httpx" in client and "aiohttp" in client:
            text += (
                f" Isolated, one Q1 call costs {client['aiohttp']['cpu_ms_per_call']:.2f} ms "
                f"of CPU with aiohttp and {client['httpx']['cpu_ms_per_call']:.2f} ms with "
                "httpx, which is why the gateway sends BC calls over aiohttp."
            )
        lines.append(text)
    if share("importlib") and not (results.get("http_client") or {}).get("sniffio_installed"):
        text = (
            f"- **Add `sniffio` to the dependencies** ({_pct(share('importlib'))} of samples): "
            "httpcore calls `import sniffio` on every pool operation, and without the "
            "package each call is a failed import that searches sys.path."
        )
        if "httpx-no-sniffio" in client and "httpx" in client:
            text += (
                f" Isolated: {client['httpx']['cpu_ms_per_call']:.2f} → "
                f"{client['httpx-no-sniffio']['cpu_ms_per_call']:.2f} ms of CPU per call."
            )
        lines.append(text)
    tail = {s: max(r["max_ms"] for r in rounds[s]) for s in SYSTEMS}
    p99 = {s: max(r["p99_ms"] for r in rounds[s]) for s in SYSTEMS}
    if tail["bcgraph"] > 2 * tail["Mesh"]:
        text = (
            f"- **Tail latency**: under the Q1 load bcgraph's p99 reached {p99['bcgraph']:.0f} "
            f"ms (slowest {tail['bcgraph']:.0f} ms), Mesh's {p99['Mesh']:.0f} ms (slowest "
            f"{tail['Mesh']:.0f} ms). Full garbage collections stop every request in "
            "flight; over httpx, httpcore's pool also hands a released connection to several "
            "waiting requests and sends the losers round again (encode/httpcore#822)"
        )
        if "httpx" in client and "aiohttp" in client:
            text += (
                f"; in isolation the slowest call took {client['httpx']['max_ms']:.0f} ms "
                f"with httpx and {client['aiohttp']['max_ms']:.0f} ms with aiohttp"
            )
        if WHAT_IF in rounds:
            text += (
                f". The gateway over httpx had p99 {max(r['p99_ms'] for r in rounds[WHAT_IF]):.0f}"
                f" ms (slowest {max(r['max_ms'] for r in rounds[WHAT_IF]):.0f} ms)"
            )
        lines.append(text + ".")
    gc_line = _gc_line(results)
    if gc_line:
        lines.append(
            f"- **Garbage collection**: under the Q1 load {gc_line}. Once the app has "
            "started, `bcgraph serve` freezes the long-lived heap (schema, modules) out of "
            "full collections and collects the youngest generation every 50,000 net "
            "allocations rather than 700 (gateway/server.py), which makes full "
            "collections rarer."
        )
    graphql = share("graphql-core") + share("strawberry")
    if graphql:
        lines.append(
            f"- GraphQL execution (graphql-core + Strawberry) is {_pct(graphql)}: a repeated "
            "read runs its compiled plan (schema/compiled/), answered without Strawberry's "
            "view and extensions (gateway/prepared.py); what is left of graphql-core is "
            "building the execution context (coercing the variables) per request. The "
            "resolvers' share is turning BC's rows into GraphQL's (resolvers/rows.py) and "
            "the plan's walk over them."
        )
    serving = share("starlette")
    if serving:
        lines.append(
            f"- Serving HTTP (uvicorn/Starlette, mostly the socket writes) is {_pct(serving)}; "
            "each pure-ASGI middleware in front of /graphql adds a little on top."
        )
    crypto = share("cryptography")
    if crypto >= 0.01:
        lines.append(
            f"- Decrypting the stored connection on every request is {_pct(crypto)} "
            "(Fernet): a short in-process cache of the decrypted connection per user "
            "(invalidated on refresh/disconnect) removes it."
        )
    return lines


# Issue 17's goals, as ratios to Mesh in the same run.
THROUGHPUT_GOAL = 2.0
CPU_GOALS = {"Q1": 0.4, "Q2": 0.5, "Q3": 0.5}


def _ratio_lines(results: dict[str, Any]) -> list[str]:
    summary = results.get("per_workload")
    if not summary:
        return []
    names = [n for n in ("Q1", "Q2", "Q3", "mixed") if n in summary]
    verdicts = ", ".join(
        f"{n} ≤ {limit}x: {'met' if summary[n]['cpu_ratio'] <= limit else 'not met'}"
        for n, limit in CPU_GOALS.items()
        if n in summary
    )
    return [
        "- **Gateway CPU per operation, bcgraph/Mesh: "
        + ", ".join(f"{WORKLOAD_NOTES[n]} {summary[n]['cpu_ratio']:.2f}x" for n in names)
        + f"** (goals: {verdicts}); throughput bcgraph/Mesh: "
        + ", ".join(f"{WORKLOAD_NOTES[n]} {summary[n]['rps_ratio']:.2f}x" for n in names)
        + "."
    ]


def write_markdown(results: dict[str, Any], chart: bool) -> None:
    m = results["machine"]
    rounds = results["throughput"]
    mean = {s: _mean_rps(rounds[s]) for s in SYSTEMS}
    ratio = results["ratio"]
    goal = "met" if ratio >= THROUGHPUT_GOAL else "not met"
    lat = results["latency_ms"]
    up = results["upstream"]
    packages = ", ".join(f"{k} {v}" for k, v in m["packages"].items())
    lines = [
        "# bcgraph and GraphQL Mesh side by side",
        "",
        "Generated by `bench/compare.py`: the two gateways in front of the same sandbox, "
        "measured in one run. Regenerate with the commands at the end.",
        "",
        f"- **Q1 throughput at concurrency {results['settings']['connections']}: "
        f"bcgraph {mean['bcgraph']:.0f} ops/s, Mesh {mean['Mesh']:.0f} ops/s, ratio "
        f"bcgraph/Mesh {ratio:.2f}x** (goal ≥ {THROUGHPUT_GOAL:.1f}x: {goal}).",
        *(
            [
                f"- The same gateway with BC calls over httpx, the wire before aiohttp "
                f"(measured in the same run): {_mean_rps(rounds[WHAT_IF]):.0f} "
                f"ops/s, {results['what_if_ratio']:.2f}x Mesh."
            ]
            if WHAT_IF in rounds
            else []
        ),
        "- Upstream requests per operation, Q1/Q2/Q3 at first 50: bcgraph "
        + "/".join(str(up["bcgraph"][n]["50"]["httpRequests"]) for n in NAMES)
        + ", Mesh "
        + "/".join(str(up["Mesh"][n]["50"]["httpRequests"]) for n in NAMES)
        + " (each Mesh request is a `$batch` with one operation).",
        "- Median latency, BC at 0 ms: bcgraph "
        + "/".join(f"{lat['bcgraph'][n]['0']:.1f}" for n in NAMES)
        + " ms, Mesh "
        + "/".join(f"{lat['Mesh'][n]['0']:.1f}" for n in NAMES)
        + " ms; BC at 50 ms: bcgraph "
        + "/".join(f"{lat['bcgraph'][n]['50']:.1f}" for n in NAMES)
        + " ms, Mesh "
        + "/".join(f"{lat['Mesh'][n]['50']:.1f}" for n in NAMES)
        + " ms (Q1/Q2/Q3).",
        *_ratio_lines(results),
        "",
    ]
    if chart:
        lines += ["![bcgraph and Mesh side by side](compare.png)", ""]
    else:
        lines += ["(No chart: matplotlib is not installed; `pip install -e '.[bench]'`.)", ""]
    lines += [
        "## Machine and run",
        "",
        f"- {m['date']}, commit `{m['commit']}`"
        + (" with uncommitted changes" if m["dirty"] else "")
        + f"; {m['cores']} cores ({m['cpu']}), {m['memory_gb']} GB, {m['os']}",
        f"- Python {m['python']}, Node {m['node']}, {m['wrk']}",
        f"- {packages}",
        f"- Every process on this one machine: the sandbox, Mesh, bcgraph and wrk share "
        f"{m['cores']} cores. Other load when the run began: "
        f"{results['other_load_at_start']:.2f} cores (each throughput window reports its "
        f"own). Whole run: {results['elapsed_seconds']:.0f} s, of which "
        f"{results.get('waited_seconds', 0):.0f} s waiting for other load to stop.",
        "",
        "## What ran",
        "",
        "- **Sandbox**: `sandbox.app.create_sandbox` alone under uvicorn (uvloop, httptools), "
        "BC's per-user limits off, admin API on for `/_sandbox/stats` and `/_sandbox/faults`.",
        "- **bcgraph**: `gateway.app.create_app` as `bcgraph serve` builds it, one uvicorn "
        "worker (uvloop, httptools), BC and the identity provider reached over HTTP at the "
        "sandbox, a `memory://` connection store with a fresh key, the demo user connected "
        "through the real OAuth flow at start and used for requests without a token, the "
        "BC client's rate window off (`BCClientConfig(rate_limit_requests=None)`) and the "
        "per-user operation rate limit off; every other limit on; the garbage collector "
        "settled (start-up heap frozen, rarer collections) as `bcgraph serve` does.",
        "- **bcgraph over httpx** (unless `--no-what-if`): the same, plus "
        "`create_app(bc_transport=httpx.AsyncHTTPTransport(...))` with the BC client's pool "
        "limits: BC calls over httpx's pool, as before gateway/bc/wire.py's aiohttp wire. "
        "Throughput only.",
        "- **Mesh**: see below.",
        "- **Queries**: bcgraph's are `bench/read_path.py`'s Q1-Q3; Mesh's are the same reads "
        "in its schema (`purchaseInvoices(queryOptions: {top: $n}) { number "
        "totalAmountIncludingTax purchaseInvoiceLines { description quantity } vendor "
        "{ displayName } }`). Before measuring, both must return the same 50 invoices.",
        "- **Upstream requests**: the sandbox's `/_sandbox/stats` reset, one operation, read.",
        f"- **Latency**: median of {results['settings']['repeats']} sequential operations "
        "(after 5 warm-ups) per query at 0 ms, half as many with the sandbox holding every "
        "request 50 ms (`/_sandbox/faults` `latency_ms`).",
        f"- **Throughput**: wrk, 1 thread, {results['settings']['connections']} connections, "
        f"{results['settings']['seconds']} s windows after a 3 s warm-up, bcgraph and Mesh "
        f"alternating for {results['settings']['rounds']} rounds; a Lua hook counts any "
        "answer with GraphQL `errors` as a failure (there were none). CPU per op is the "
        "process's user+system time over the window divided by the operations.",
        f"- **Q2, Q3 and mixed reads**: the same windows, bcgraph and Mesh alternating for "
        f"{results['settings'].get('workload_rounds', 0)} rounds each. The mixed workload "
        "sends Q1, Q2, Q3, `vendors(first: 50) { nodes { number displayName } }` and "
        "`salesInvoices(first: 50) { nodes { number totalAmountIncludingTax customer "
        "{ displayName } } }` in turn, one per request (a wrk Lua `request()` hook, "
        "bench/wrk_load.py); Mesh gets the same reads in its schema, and both must answer "
        "each with as many rows before measuring.",
        "",
        "## What Mesh needed",
        "",
        MESH_NOTES,
        "",
        "## Upstream requests per operation",
        "",
        *_upstream_table(results),
        "",
        "## Median latency, ms (first: 50)",
        "",
        *_latency_table(results),
        "",
        *_latency_load(results),
        "## Q1 throughput at concurrency " + str(results["settings"]["connections"]),
        "",
        *_throughput_table(results),
        "",
        f"Mean: bcgraph {mean['bcgraph']:.0f} ops/s, Mesh {mean['Mesh']:.0f} ops/s; "
        f"**ratio {ratio:.2f}x**"
        + (
            f" (over httpx: {_mean_rps(rounds[WHAT_IF]):.0f} ops/s, {results['what_if_ratio']:.2f}x)."
            if WHAT_IF in rounds
            else "."
        ),
        "",
        "## CPU per operation: Q1, Q2, Q3 and mixed reads",
        "",
        *_workload_table(results),
        "",
        "## Where the gateway's time goes",
        "",
        *_profile_section(results),
        "",
        *_client_section(results),
        "## Where the time goes, and what is left to gain",
        "",
        *_findings(results),
        "",
        "## Regenerate",
        "",
        "```sh",
        "(cd bench/mesh && npm ci)                 # Mesh, exactly as locked",
        ".venv/bin/pip install -e '.[bench]'       # matplotlib, py-spy",
        f".venv/bin/python bench/compare.py --seconds {results['settings']['seconds']} "
        f"--rounds {results['settings']['rounds']} "
        f"--workload-rounds {results['settings'].get('workload_rounds', 0)}"
        "   # measures; writes the files below",
        ".venv/bin/python bench/profiling.py      # the gateway's profile alone (no Mesh)",
        ".venv/bin/python bench/report.py          # REPORT.md + compare.png from the JSON",
        ".venv/bin/python bench/http_client_cost.py  # the client comparison alone",
        "```",
        "",
        "Results: `bench/compare_results.json`; report: `bench/REPORT.md`; chart: "
        "`bench/compare.png`. wrk (Debian package `wrk`) and Node 20 are needed.",
        "",
    ]
    REPORT.write_text("\n".join(lines))


def write_report(results: dict[str, Any]) -> None:
    write_markdown(results, chart=write_chart(results))


if __name__ == "__main__":
    write_report(json.loads(RESULTS.read_text()))
    print(f"wrote {REPORT.name} and {CHART.name}")
