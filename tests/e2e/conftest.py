"""The product as its users meet it: `bcgraph dev` in its own process, driven by a browser
and by GraphQL clients nobody here wrote (Node scripts in this folder, and Python's gql).

Node and Chromium come from the machine (.ci/run installs them: `apt-get install chromium`,
`npm ci` here). Without them these tests skip, saying why; with CI=true they fail instead,
so CI cannot pass without having run them.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from gateway.auth import UserTokenConfig, mint_user_token
from gateway.dev import DEMO_USER, DEV_USER_TOKEN_SECRET
from schema import build_schema
from tests.servers import free_port

E2E = Path(__file__).resolve().parent
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


def unavailable(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (required when CI=true: .ci/run installs it)")
    pytest.skip(reason)


def require_node() -> str:
    node = shutil.which("node")
    if node is None:
        unavailable("Node.js is not installed")
    if not (E2E / "node_modules").is_dir():
        unavailable("tests/e2e has no node_modules: run `npm ci` in tests/e2e")
    return str(node)


def require_chromium() -> str:
    if not os.access(CHROMIUM, os.X_OK):
        unavailable(f"Chromium is not at {CHROMIUM}: apt-get install chromium")
    return CHROMIUM


def run_node(script: str, *args: str, timeout: float = 120) -> Any:
    """Runs a script in this folder; its last stdout line is its JSON report."""
    node = require_node()
    result = subprocess.run(
        [node, script, *args],
        cwd=E2E,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "CHROMIUM_PATH": CHROMIUM},
    )
    if result.returncode != 0:
        pytest.fail(f"node {script} failed ({result.returncode}):\n{result.stderr[-4000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def schema_has(type_name: str) -> bool:
    return type_name in build_schema()._schema.type_map


@dataclass(frozen=True)
class DevGateway:
    url: str  # http://127.0.0.1:PORT
    token: str  # the demo user's token (dev mode also accepts requests without one)
    log: Path
    process: subprocess.Popen[bytes] | None = None  # for tests that stop it themselves

    @property
    def graphql(self) -> str:
        return f"{self.url}/graphql"

    @property
    def websocket(self) -> str:
        return self.graphql.replace("http://", "ws://", 1)


def _die_with_parent() -> None:
    # A pytest killed before its teardown (a CI timeout) must not leave the server running:
    # Linux sends it SIGTERM when its parent dies (prctl PR_SET_PDEATHSIG).
    import ctypes
    import signal

    ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)


@pytest.fixture(scope="session")
def dev_gateway(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DevGateway]:
    """`bcgraph dev` on a free port, as README's first command starts it."""
    with running_dev(tmp_path_factory.mktemp("bcgraph-dev")) as gateway:
        yield gateway


@contextmanager
def running_dev(workdir: Path, env: Mapping[str, str] | None = None) -> Iterator[DevGateway]:
    """`bcgraph dev` on a free port until the block ends; `env` adds to its environment."""
    port = free_port()
    bcgraph = Path(sys.executable).with_name("bcgraph")
    log = workdir / "bcgraph-dev.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [str(bcgraph), "dev", "--port", str(port), "--webhook-delay", "0.2"],
            cwd=workdir,
            env={**os.environ, **(env or {})},
            stdout=out,
            stderr=subprocess.STDOUT,
            preexec_fn=_die_with_parent if sys.platform == "linux" else None,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                pytest.fail(f"bcgraph dev exited:\n{log.read_text()[-4000:]}")
            try:
                if httpx.get(f"{url}/readyz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"bcgraph dev did not become ready:\n{log.read_text()[-4000:]}")
            time.sleep(0.1)
        token = mint_user_token(UserTokenConfig(hs256_secret=DEV_USER_TOKEN_SECRET), DEMO_USER)
        yield DevGateway(url, token, log, process)
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
