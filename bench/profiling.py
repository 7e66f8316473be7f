"""Where the gateway's CPU goes under load: py-spy samples of the gateway process while wrk
sends it one query, summarised by the part of a request each sample was in.

bench/compare.py profiles its gateway this way after the throughput rounds. Run alone, it
starts the sandbox and the gateway exactly as compare.py does (no Mesh) and prints the
summary, to see what a change bought without the whole comparison:

    .venv/bin/python bench/profiling.py [--seconds 10] [--query Q1] [--json out.json]

The stacks go to bench/out/gateway-<query>.collapsed (flamegraph input, not committed).
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from wrk_load import wrk

BENCH = Path(__file__).resolve().parent
OUT = BENCH / "out"

HTTP_CLIENT = "HTTP client to BC (the wire: aiohttp; httpx in the variant)"
# Where a profiled sample's time goes: the first frame, from the leaf up, that a marker
# matches. A marker is a path fragment (py-spy prints paths relative to sys.path), or
# `fragment:function` for one function of a file. Standard-library frames (typing, enum,
# ...) match nothing and pass the sample up to their caller, except where named here. The
# order matters only where two markers match the same frame.
CATEGORIES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("importlib: a failing import on every call (httpcore: sniffio)", ("<frozen importlib",)),
    ("JSON decode of BC answers (msgspec, exact decimals)", ("/json/", "/gateway/bc/codec.py")),
    ("cryptography: decrypting the stored connection", ("/cryptography/",)),
    (
        "authentication: user token (JWT) check",
        (
            *("/gateway/auth/", "/joserfc/", "/starlette/authentication.py"),
            "/starlette/middleware/authentication.py",
        ),
    ),
    ("persisted queries", ("/gateway/persisted.py",)),
    ("graphql-core: parse", ("/graphql/language/", "/strawberry/extensions/parser_cache.py")),
    (
        "graphql-core: validate",
        ("/graphql/validation/", "/strawberry/extensions/validation_cache.py"),
    ),
    (
        "limits on the document (tokens, shape, overlap, cost)",
        tuple(f"/gateway/limits/{m}.py" for m in ("tokens", "shape", "overlap", "cost")),
    ),
    (
        "middleware (request id, hosts, CORS, body limits, user)",
        (
            *("/gateway/observability/requests.py", "/gateway/hosts.py"),
            *("/gateway/limits/body_size.py", "/gateway/limits/body_deadline.py"),
            "/starlette/middleware/",
        ),
    ),
    ("metrics and tracing", ("/gateway/observability/", "/prometheus_client/", "/opentelemetry/")),
    (
        "context creation (per request)",
        ("/gateway/graphql.py:get_context", "/resolvers/context.py:fixed"),
    ),
    ("graphql-core: execute", ("/graphql/",)),
    ("resolvers and schema (look-ahead, rows)", ("/resolvers/", "/schema/", "/bcmodel/")),
    (
        HTTP_CLIENT,
        (
            *("/gateway/bc/wire.py", "/aiohttp/", "/yarl/", "/multidict/"),
            *("/httpx/", "/httpcore/", "/h11/", "/anyio/"),
        ),
    ),
    ("gateway: BC client (governor, batch, retry)", ("/gateway/bc/",)),
    ("Strawberry: extension hooks", ("/strawberry/extensions/", "/strawberry/utils/await")),
    ("Strawberry: schema.execute around graphql-core", ("/strawberry/schema/",)),
    (
        "HTTP view: request parsing, response encoding (Strawberry, gateway/graphql.py)",
        ("/strawberry/", "/cross_web/", "/gateway/graphql.py"),
    ),
    ("gateway: connection store, tokens, other", ("/gateway/",)),
    # Kernel time of the write and, on a busy machine, the wait for a core after the write
    # woke the client: py-spy samples a running thread's wall time, not its CPU time.
    (
        "socket writes of the response (uvicorn's transport.write)",
        ("/uvicorn/protocols/http/httptools_impl.py:RequestResponseCycle.send",),
    ),
    ("starlette/uvicorn (serving HTTP)", ("/starlette/", "/uvicorn/")),
    ("idle thread-pool workers (waiting: samples, not CPU)", ("/threading.py",)),
    ("asyncio/uvloop event loop", ("/asyncio/", "uvloop")),
)
# Inclusive shares are listed for the project's own functions, and for these entry points
# of the libraries around them (each request's stages).
OWN_CODE = ("gateway/", "resolvers/", "schema/", "bcmodel/")
STAGES = (
    "strawberry/http/async_base_view.py",
    "strawberry/schema/schema.py",
    "graphql/execution/execute.py",
    "starlette/middleware/",
)
_FRAME = re.compile(r"(.*) \((.*?)(?::\d+)?\)$")


def _split_frame(frame: str) -> tuple[str, str]:
    """`func (pkg/mod.py:12)` -> (`func`, `pkg/mod.py`)."""
    match = _FRAME.match(frame)
    return (match.group(1), match.group(2)) if match else (frame, "")


def _matches(marker: str, func: str, path: str) -> bool:
    where, _, function = marker.partition(":")
    if where not in "/" + path:
        return False
    # py-spy names methods `Class.method` (or just `method` without --function-names).
    return not function or func == function or func.endswith("." + function)


def category_of(frames: list[tuple[str, str]]) -> str:
    for func, path in reversed(frames):
        for name, markers in CATEGORIES:
            if any(_matches(m, func, path) for m in markers):
                return name
    return "other (stdlib, interpreter)"


def summarise_profile(raw: str) -> dict[str, Any]:
    """py-spy's collapsed stacks -> share of samples per category (each sample counted
    once), the project's own functions and the request's stages by inclusive share, and
    the hottest leaf frames."""
    by_category: collections.Counter[str] = collections.Counter()
    leaves: collections.Counter[str] = collections.Counter()
    inclusive: collections.Counter[str] = collections.Counter()
    stages: collections.Counter[str] = collections.Counter()
    total = 0
    for line in raw.splitlines():
        stack, _, count_text = line.rpartition(" ")
        if not stack or not count_text.isdigit():
            continue
        count = int(count_text)
        total += count
        frames = [_split_frame(f) for f in stack.split(";")]
        leaves["{} ({})".format(*frames[-1])] += count
        by_category[category_of(frames)] += count
        for name in {f"{f} ({p})" for f, p in frames if p.startswith(OWN_CODE)}:
            inclusive[name] += count
        for name in {f"{f} ({p})" for f, p in frames if any(s in p for s in STAGES)}:
            stages[name] += count
    if not total:
        raise ValueError("the profile holds no samples")
    return {
        "samples": total,
        "categories": [{"name": c, "share": n / total} for c, n in by_category.most_common()],
        "own_code_inclusive": [
            {"frame": f, "share": n / total} for f, n in inclusive.most_common(16)
        ],
        "stages_inclusive": [{"frame": f, "share": n / total} for f, n in stages.most_common(10)],
        "leaves": [{"frame": f, "share": n / total} for f, n in leaves.most_common(12)],
    }


def py_spy() -> str | None:
    beside = Path(sys.executable).parent / "py-spy"
    return shutil.which("py-spy") or (str(beside) if beside.exists() else None)


def profile_gateway(
    pid: int, url: str, body: str, seconds: int, connections: int, name: str = "q1"
) -> dict[str, Any] | None:
    """py-spy on the process `pid` while wrk sends `body` to `url` (its /graphql)."""
    spy = py_spy()
    if spy is None:
        print("  py-spy is not installed (pip install -e '.[bench]'); no profile", flush=True)
        return None
    with tempfile.NamedTemporaryFile(suffix=".txt", delete=False) as out:
        path = out.name
    # Blocking sampling (py-spy pauses the gateway for each sample) records whole stacks; it
    # slows the gateway, which is why throughput is never read from this run.
    spy_proc = subprocess.Popen(
        [
            *(spy, "record", "--pid", str(pid), "--duration", str(seconds)),
            *("--rate", "200", "--format", "raw", "--output", path),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    time.sleep(1)
    wrk(url, [body], seconds, connections)
    _, err = spy_proc.communicate(timeout=seconds + 30)
    try:
        raw = Path(path).read_text()
    finally:
        os.unlink(path)
    if spy_proc.returncode != 0 or not raw.strip():
        print(f"  py-spy failed: {err.decode(errors='replace').strip()[:300]}", flush=True)
        return None
    OUT.mkdir(exist_ok=True)
    (OUT / f"gateway-{name}.collapsed").write_text(raw)
    return summarise_profile(raw)


def print_summary(summary: dict[str, Any]) -> None:
    print(f"{summary['samples']} samples")
    for key, label in (
        ("categories", "where (each sample once)"),
        ("stages_inclusive", "request stages, inclusive"),
        ("own_code_inclusive", "own functions, inclusive"),
        ("leaves", "hottest leaves"),
    ):
        print(f"\n{label}:")
        for row in summary[key]:
            print(f"  {row['share'] * 100:5.1f}%  {row.get('name') or row.get('frame')}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=10)
    parser.add_argument("--query", default="Q1", help="one of bench/read_path.py's queries")
    parser.add_argument("--json", type=Path, help="also write the summary here")
    args = parser.parse_args()
    # compare.py imports this module: its runner is imported only when run alone.
    import compare

    with compare.start_sandbox() as sandbox, compare.started_gateway(sandbox.url) as gateway:
        body = json.dumps({"query": compare.BCGRAPH_QUERIES[args.query], "variables": {"n": 50}})
        url = f"{gateway.url}/graphql"
        wrk(url, [body], 3, args.connections)  # warm-up: caches and pools
        summary = profile_gateway(
            gateway.proc.pid, url, body, args.seconds, args.connections, args.query.lower()
        )
    if summary is None:
        raise SystemExit("no profile")
    print_summary(summary)
    if args.json:
        args.json.write_text(json.dumps(summary, indent=2) + "\n")


if __name__ == "__main__":
    main()
