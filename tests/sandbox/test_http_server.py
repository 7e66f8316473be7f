"""The sandbox over a real socket: uvicorn on 127.0.0.1, as the gateway and OData clients see it."""

from __future__ import annotations

import subprocess
import sys
import time

import httpx
import pytest

from sandbox.app import create_sandbox
from sandbox.directory import CONTOSO_TENANT, DEV_CLIENT_ID, DEV_CLIENT_SECRET
from tests.conftest import sandbox_settings
from tests.servers import free_port, serve


def app_token(base: str) -> str:
    response = httpx.post(
        f"{base}/{CONTOSO_TENANT}/oauth2/v2.0/token",
        data={
            "grant_type": "client_credentials",
            "client_id": DEV_CLIENT_ID,
            "client_secret": DEV_CLIENT_SECRET,
            "scope": "https://api.businesscentral.dynamics.com/.default",
        },
    )
    response.raise_for_status()
    return str(response.json()["access_token"])


def test_reads_writes_and_a_cut_connection_over_http() -> None:
    port = free_port()
    app = create_sandbox(sandbox_settings(public_url=f"http://127.0.0.1:{port}"))
    with serve(app, port) as base:
        headers = {"Authorization": f"Bearer {app_token(base)}"}
        with httpx.Client(base_url=base, headers=headers) as http:
            root = f"/v2.0/{CONTOSO_TENANT}/production/api/v2.0"
            companies = http.get(f"{root}/companies").json()["value"]
            company = f"{root}/companies({companies[0]['id']})"
            page = http.get(f"{company}/vendors", headers={"Prefer": "odata.maxpagesize=20"}).json()
            assert page["@odata.nextLink"].startswith(f"{base}{company}/vendors?")
            following = http.get(page["@odata.nextLink"]).json()
            assert following["value"][0]["id"] != page["value"][0]["id"]
            created = http.post(f"{company}/vendors", json={"displayName": "Over HTTP"})
            assert created.status_code == 201
            http.put("/_sandbox/faults", json={"reset_rate": 1.0})
            with pytest.raises(httpx.RemoteProtocolError):
                http.get(f"{company}/vendors?$top=1")
            http.delete("/_sandbox/faults")
            assert http.get(f"{company}/vendors?$top=1").status_code == 200


def test_bcgraph_sandbox_command_serves() -> None:
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "gateway.cli", "sandbox", "--port", str(port), "--admin"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 20
        while True:
            try:
                if httpx.get(f"{base}/healthz").status_code == 200:
                    break
            except httpx.TransportError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise
                time.sleep(0.1)
        token = app_token(base)
        companies = httpx.get(
            f"{base}/v2.0/{CONTOSO_TENANT}/production/api/v2.0/companies",
            headers={"Authorization": f"Bearer {token}"},
        )
        assert companies.status_code == 200 and len(companies.json()["value"]) == 2
        assert httpx.get(f"{base}/_sandbox/stats").status_code == 200
    finally:
        proc.terminate()
        out, _ = proc.communicate(timeout=10)
    assert b"API root" in out


def test_cli_help_explains_each_command() -> None:
    for command in ([], ["sandbox"], ["dev"]):
        result = subprocess.run(
            [sys.executable, "-m", "gateway.cli", *command, "--help"],
            capture_output=True,
            text=True,
            check=True,
        )
        assert "usage: bcgraph" in result.stdout
        assert "Business Central" in result.stdout


async def test_state_survives_a_restart_with_a_file_database(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import connect

    db = str(tmp_path / "sandbox.sqlite3")
    first = await connect(create_sandbox(sandbox_settings(db_path=db)))
    try:
        created = (await first.post("vendors", json={"displayName": "Kept on disk"})).json()
    finally:
        await first.http.aclose()
    # A second sandbox on the same file: no reseed, the vendor and the signing key are there.
    second = await connect(create_sandbox(sandbox_settings(db_path=db)))
    try:
        again = await second.get(f"vendors({created['id']})")
    finally:
        await second.http.aclose()
    assert again.status_code == 200
    assert again.json()["displayName"] == "Kept on disk"
    assert again.json()["@odata.etag"] == created["@odata.etag"]
