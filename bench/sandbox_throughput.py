"""How fast the sandbox answers: a 50-row list GET and a 50-operation JSON $batch.

The sandbox is the upstream the gateway is measured against, so it must not be the
bottleneck (target: >= 1,000 simple GETs/s on a 2-core machine).

Runs the sandbox in its own process (uvicorn, one worker, uvloop + httptools) with BC's
per-user limits off (6,000 requests per 5 minutes would stop a benchmark in a second),
then loads it with wrk (Debian package `wrk`) or, without wrk, a Python asyncio client
that is itself slower than the server. Prints requests/s per scenario.

    .venv/bin/python bench/sandbox_throughput.py [--seconds 8] [--connections 10]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from processes import app_token, free_port, wait_healthy

SERVER = """
import uvicorn
from sandbox.app import create_sandbox
from sandbox.settings import LimitSettings, SandboxSettings
app = create_sandbox(SandboxSettings(public_url="{url}", limits=LimitSettings(enabled=False)))
uvicorn.run(
    app, host="127.0.0.1", port={port}, log_level="warning", loop="uvloop", http="httptools"
)
"""


def start_server(port: int) -> subprocess.Popen[bytes]:
    url = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen([sys.executable, "-c", SERVER.format(url=url, port=port)])
    return wait_healthy(proc, url, "the sandbox", timeout=20)


def run_wrk(
    url: str, headers: dict[str, str], seconds: int, connections: int, body: str | None
) -> float:
    args = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s"]
    for name, value in headers.items():
        args += ["-H", f"{name}: {value}"]
    script = None
    if body is not None:
        script = tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False)
        script.write(f'wrk.method = "POST"\nwrk.body = {json.dumps(body)}\n')
        script.close()
        args += ["-s", script.name]
    out = subprocess.run([*args, url], capture_output=True, text=True, check=True).stdout
    if script:
        os.unlink(script.name)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if errors:
        raise SystemExit(f"wrk saw {errors.group(1)} error responses:\n{out}")
    match = re.search(r"Requests/sec:\s+([\d.]+)", out)
    assert match, out
    return float(match.group(1))


async def run_python(
    url: str, headers: dict[str, str], seconds: int, connections: int, body: str | None
) -> float:
    done = 0
    stop = time.perf_counter() + seconds

    async def worker(client: httpx.AsyncClient) -> None:
        nonlocal done
        while time.perf_counter() < stop:
            if body is None:
                response = await client.get(url, headers=headers)
            else:
                response = await client.post(url, headers=headers, content=body)
            response.raise_for_status()
            done += 1

    limits = httpx.Limits(max_connections=connections)
    async with httpx.AsyncClient(limits=limits) as client:
        started = time.perf_counter()
        await asyncio.gather(*(worker(client) for _ in range(connections)))
        return done / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--connections", type=int, default=10)
    args = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from sandbox.directory import CONTOSO_TENANT

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = start_server(port)
    try:
        headers = {"Authorization": f"Bearer {app_token(base, CONTOSO_TENANT)}"}
        root = f"{base}/v2.0/{CONTOSO_TENANT}/production/api/v2.0"
        company = httpx.get(f"{root}/companies", headers=headers).json()["value"][0]["id"]
        vendors = httpx.get(f"{root}/companies({company})/vendors?$top=50", headers=headers).json()[
            "value"
        ]
        batch = json.dumps(
            {
                "requests": [
                    {
                        "id": str(i),
                        "method": "GET",
                        "url": f"companies({company})/vendors({v['id']})",
                    }
                    for i, v in enumerate(vendors[:50])
                ]
            }
        )
        scenarios = [
            ("GET one vendor", f"{root}/companies({company})/vendors({vendors[0]['id']})", None),
            ("GET 50 vendors ($top=50)", f"{root}/companies({company})/vendors?$top=50", None),
            (
                "GET 50 invoices $select + $expand lines",
                f"{root}/companies({company})/purchaseInvoices?$top=50&$select=number,totalAmountIncludingTax"
                "&$expand=purchaseInvoiceLines($select=quantity,unitCost)",
                None,
            ),
            ("POST $batch of 50 GETs", f"{root}/$batch", batch),
        ]
        tool = "wrk" if shutil.which("wrk") else "python-httpx (wrk gives truer numbers)"
        print(f"sandbox throughput: {args.connections} connections, {args.seconds}s each, {tool}")
        for name, url, body in scenarios:
            post_headers = {**headers, "Content-Type": "application/json"} if body else headers
            if shutil.which("wrk"):
                rate = run_wrk(url, post_headers, args.seconds, args.connections, body)
            else:
                rate = asyncio.run(
                    run_python(url, post_headers, args.seconds, args.connections, body)
                )
            print(f"  {name:<45} {rate:>9.0f} requests/s")
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
