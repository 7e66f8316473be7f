"""What the benchmark scripts share to run their servers: a free local port, a server
process waited for until its /healthz answers, and an app-only token from the sandbox's
identity provider (client credentials, as a service such as Mesh is given)."""

from __future__ import annotations

import socket
import subprocess
import time

import httpx


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_healthy(
    proc: subprocess.Popen[bytes], url: str, what: str, timeout: float = 30
) -> subprocess.Popen[bytes]:
    """`proc` once `url`/healthz answers 200; killed, and the script stopped, when it has not
    within `timeout` seconds or has exited."""
    deadline = time.time() + timeout
    while time.time() < deadline and proc.poll() is None:
        try:
            if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                return proc
        except httpx.TransportError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit(f"{what} did not start")


def app_token(base: str, tenant: str) -> str:
    response = httpx.post(
        f"{base}/{tenant}/oauth2/v2.0/token",
        data={
            "grant_type": "client_credentials",
            "client_id": "bcgraph-dev",
            "client_secret": "bcgraph-dev-secret",
            "scope": "https://api.businesscentral.dynamics.com/.default",
        },
    )
    response.raise_for_status()
    return str(response.json()["access_token"])
