"""`bcgraph dev`: gateway and sandbox in one app, each path answered by the right one."""

from __future__ import annotations

import contextlib
import json
import socket
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import websockets

from gateway import cli
from gateway.cli import main
from gateway.dev import DevServer, dev_server
from gateway.settings import SettingsError
from sandbox.directory import CONTOSO_TENANT, DEV_CLIENT_ID, DEV_CLIENT_SECRET
from tests.servers import free_port, serve


@contextlib.asynccontextmanager
async def in_process(server: DevServer) -> AsyncIterator[httpx.AsyncClient]:
    """The dev app with its lifespan running, and a client that reaches it in-process."""
    app = server.app
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url=server.public_url
        ) as http,
    ):
        yield http


async def test_gateway_and_mounted_sandbox_each_take_their_own_tokens() -> None:
    server = dev_server("127.0.0.1", 8000)
    async with in_process(server) as http:
        # GraphQL as the anonymous demo user (dev only) and with the printed user token.
        query = {"query": "{ vendors(first: 2) { nodes { number } } }"}
        anonymous = await http.post("/graphql", json=query)
        assert anonymous.json()["data"]["vendors"]["nodes"][0]["number"] == "10000"
        signed = await http.post(
            "/graphql", json=query, headers={"Authorization": f"Bearer {server.demo_token}"}
        )
        assert signed.json() == anonymous.json()
        # The mounted sandbox's BC API takes BC tokens: the gateway's user-token check
        # must not stand in front of it.
        token = await http.post(
            f"/{CONTOSO_TENANT}/oauth2/v2.0/token",
            data={
                "grant_type": "client_credentials",
                "client_id": DEV_CLIENT_ID,
                "client_secret": DEV_CLIENT_SECRET,
                "scope": "https://api.businesscentral.dynamics.com/.default",
            },
        )
        bc = await http.get(
            f"/v2.0/{CONTOSO_TENANT}/production/api/v2.0/companies",
            headers={"Authorization": f"Bearer {token.json()['access_token']}"},
        )
        assert bc.status_code == 200 and len(bc.json()["value"]) == 2


async def test_webhook_receiver_never_answers_413() -> None:
    server = dev_server("127.0.0.1", 8000)
    async with in_process(server) as http:
        big = b'{"value": [' + b",".join([b'{"x": 1}'] * 300_000) + b"]}"
        assert len(big) > 2_000_000
        response = await http.post(
            "/webhooks/bc", content=big, headers={"Content-Type": "application/json"}
        )
        # BC deletes a subscription on any 4xx but 408/429: a large batch must not be one.
        assert response.status_code not in range(400, 500) or response.status_code in (408, 429)
        too_big = await http.post(
            "/graphql",
            content=b"{" + b" " * 2_000_000 + b"}",
            headers={"Content-Type": "application/json"},
        )
        assert too_big.status_code == 413


VENDORS = {"query": "{ vendors(first: 1) { nodes { number } } }"}
REBOUND = "rebound.attacker.example:8000"


async def test_a_host_it_does_not_answer_to_is_refused_everywhere() -> None:
    # DNS rebinding: a page on attacker.example points its name at 127.0.0.1 and reads
    # what dev mode answers as the demo user; its requests still say Host: attacker...
    server = dev_server("127.0.0.1", 8000)
    async with in_process(server) as http:
        for host in ("127.0.0.1:8000", "localhost:8000", "[::1]:8000", "LOCALHOST"):
            answer = await http.post("/graphql", json=VENDORS, headers={"Host": host})
            assert answer.status_code == 200 and answer.json()["data"]["vendors"], host
        refusals = [
            await http.post("/graphql", json=VENDORS, headers={"Host": REBOUND}),
            await http.get("/proxy/companies", headers={"Host": REBOUND}),
            await http.get(
                f"/v2.0/{CONTOSO_TENANT}/production/api/v2.0/companies", headers={"Host": REBOUND}
            ),
            await http.post(
                f"/{CONTOSO_TENANT}/oauth2/v2.0/token",
                data={"grant_type": "client_credentials", "client_id": DEV_CLIENT_ID},
                headers={"Host": REBOUND},
            ),
            await http.get("/healthz", headers={"Host": "localhost.attacker.example"}),
        ]
        for refused in refusals:
            assert refused.status_code == 421, refused.text
            error = refused.json()["errors"][0]
            assert error["extensions"] == {
                "code": "FORBIDDEN",
                "reason": "unknown_host",
                "host": error["extensions"]["host"],
            }
            assert "--allow-host" in error["message"]
        assert refusals[0].json()["errors"][0]["extensions"]["host"] == "rebound.attacker.example"


def test_a_rebound_page_cannot_open_a_websocket() -> None:
    # After rebinding, the page's Origin and the Host agree (both attacker.example), so a
    # same-origin check passes it: only the Host check stands in the way. A raw handshake,
    # since client libraries write their own Host header.
    port = free_port()
    server = dev_server("127.0.0.1", port)
    with serve(server.app, port):
        for host, status in ((REBOUND, b"403"), (f"127.0.0.1:{port}", b"101")):
            with socket.create_connection(("127.0.0.1", port), timeout=10) as raw:
                raw.sendall(
                    f"GET /graphql HTTP/1.1\r\nHost: {host}\r\nOrigin: http://{host}\r\n"
                    "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                    "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    "Sec-WebSocket-Protocol: graphql-transport-ws\r\n\r\n".encode()
                )
                status_line = raw.recv(100).split(b"\r\n")[0]
            assert status_line.split()[1] == status, (host, status_line)


async def test_allow_host_adds_names() -> None:
    server = dev_server("127.0.0.1", 8000, allow_hosts=("devbox.lan", "Build-Box:8000"))
    async with in_process(server) as http:
        for host, status in (
            ("devbox.lan", 200),
            ("build-box:8000", 200),
            ("127.0.0.1:8000", 200),
            ("otherbox.lan", 421),
        ):
            answer = await http.post("/graphql", json=VENDORS, headers={"Host": host})
            assert answer.status_code == status, host
    with pytest.raises(SettingsError, match="--allow-host: 'not a/host' is not a host name"):
        dev_server("127.0.0.1", 8000, allow_hosts=("not a/host",))


async def test_pages_of_other_sites_cannot_act_as_the_demo_user() -> None:
    # No rebinding needed: a page elsewhere may send the developer's browser to 127.0.0.1.
    # A text/plain POST is a "simple" request (no CORS preflight): it ran as the demo user.
    port = free_port()
    server = dev_server("127.0.0.1", port)
    attacker = {"Origin": "https://attacker.example", "Content-Type": "text/plain"}
    with serve(server.app, port) as url:
        async with httpx.AsyncClient(base_url=url) as http:
            company = (await http.get("/proxy/companies")).json()["value"][0]["id"]
            vendors = f"/proxy/companies({company})/vendors"
            forged = await http.post(vendors, content='{"displayName": "Forged"}', headers=attacker)
            assert forged.status_code == 403, forged.text
            assert forged.json()["errors"][0]["extensions"]["reason"] == "cross_site"
            opaque = await http.post("/graphql", json=VENDORS, headers={"Origin": "null"})
            assert opaque.status_code == 403
            # GraphiQL's own page, and a frontend on localhost, are not other sites.
            for origin in (url, "http://localhost:3000"):
                same = await http.post("/graphql", json=VENDORS, headers={"Origin": origin})
                assert same.status_code == 200 and same.json()["data"]["vendors"], origin
            names = await http.get(f"{vendors}?$filter=displayName eq 'Forged'")
            assert names.json()["value"] == []
        ws_url = url.replace("http", "ws") + "/graphql"
        with pytest.raises(websockets.InvalidStatus) as refused:
            async with websockets.connect(
                ws_url, subprotocols=["graphql-transport-ws"], origin="https://attacker.example"
            ):
                pass
        assert refused.value.response.status_code == 403
        async with websockets.connect(
            ws_url, subprotocols=["graphql-transport-ws"], origin=url
        ) as ws:
            await ws.send(json.dumps({"type": "connection_init"}))
            assert json.loads(await ws.recv())["type"] == "connection_ack"


async def test_the_sandbox_admin_api_is_off_unless_asked_for() -> None:
    for asked, status in ((False, 404), (True, 200)):
        server = dev_server("127.0.0.1", 8000, sandbox_admin=asked)
        async with in_process(server) as http:
            assert (await http.get("/_sandbox/stats")).status_code == status
            assert (await http.post("/_sandbox/reset")).status_code in (status, 204)


async def test_bound_to_every_interface_it_still_connects_the_demo_user() -> None:
    # http://0.0.0.0:PORT is no address a browser (or the sandbox's dev app, which takes
    # loopback callbacks only) can use: the default public URL is loopback.
    server = dev_server("0.0.0.0", 8123)  # nothing is bound: the app runs in-process
    assert server.public_url == "http://127.0.0.1:8123"
    async with in_process(server) as http:
        answer = await http.post("/graphql", json=VENDORS)
        assert answer.json()["data"]["vendors"]["nodes"][0]["number"] == "10000"


def test_dev_binds_loopback_unless_told_to_expose(tmp_path: Path) -> None:
    for host in ("0.0.0.0", "192.0.2.7", "devbox.lan"):
        result = subprocess.run(
            [sys.executable, "-m", "gateway.cli", "dev", "--host", host, "--port", "1"],
            capture_output=True,
            text=True,
            timeout=60,
            cwd=tmp_path,
        )
        assert result.returncode == 2, result.stderr
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and f"--host {host}: dev mode binds loopback only" in lines[0]
        assert "--unsafe-expose" in lines[0] and not result.stdout


def test_unsafe_expose_says_what_it_exposes(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # This machine's tests bind loopback only, so nothing is bound or served on 0.0.0.0
    # here: the command's own steps run, up to the bind, and the start's banner after it.
    bound: dict[str, object] = {}

    def listen(host: str, port: int) -> object:
        bound.update(host=host, port=port)
        return object()

    def serve(app: object, sock: object, **options: Any) -> None:
        options["on_started"]()

    monkeypatch.setattr(cli, "listen", listen)
    monkeypatch.setattr(cli, "serve", serve)
    monkeypatch.setattr(cli, "_freeze_startup_objects", lambda: None)  # not this process's
    argv = ["dev", "--host", "0.0.0.0", "--port", "8123", "--unsafe-expose"]
    assert main([*argv, "--allow-host", "devbox.lan", "--sandbox-admin"]) == 0
    assert bound["host"] == "0.0.0.0" and bound["port"] == 8123
    out, err = capsys.readouterr()
    assert "GraphiQL     http://127.0.0.1:8123/graphql" in out
    assert "sandbox API  http://127.0.0.1:8123/_sandbox/stats" in out
    assert "WARNING: bcgraph dev listens on 0.0.0.0:8123 (--unsafe-expose)" in err
    assert "localhost, 127.0.0.1, ::1, devbox.lan" in err
    for exposed in ("/graphql and /proxy/", "dev client secret", "/_sandbox/"):
        assert exposed in err
    # On loopback there is nothing to warn about, and the admin API is off by default.
    assert main(["dev", "--port", "8123"]) == 0
    out, err = capsys.readouterr()
    assert "WARNING" not in err and "sandbox API  off" in out
