"""BC's Microsoft Entra Applications list: an app token is let in only when its app is on
the environment's list and enabled, and then only as far as its permission sets go."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from sandbox.app import create_sandbox
from sandbox.directory import (
    CONTOSO_TENANT,
    DEV_CLIENT_ID,
    DEV_CLIENT_SECRET,
    FABRIKAM_TENANT,
    S2S_CLIENT_ID,
)
from tests.conftest import connect, sandbox_settings
from tests.sandbox.app_tokens import app_token, connect_app, plain_client

APPS = f"/_sandbox/entra-applications/{CONTOSO_TENANT}/production"
DENIED = "Sorry, the current permissions prevented the action."


@pytest.fixture
async def admin(sandbox_app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    async with plain_client(sandbox_app) as http:
        yield http


def refused_401(response: httpx.Response) -> None:
    assert response.status_code == 401, response.text
    assert response.json()["error"]["code"] == "Authentication_InvalidCredentials"
    assert response.json()["error"]["message"].startswith(
        "The server has rejected the client credentials."
    )


def permission_error(response: httpx.Response, table: str, right: str) -> None:
    assert response.status_code == 403, response.text
    error: dict[str, Any] = response.json()["error"]
    assert error["code"] == "Internal_ServerError"
    assert error["message"].startswith(f"{DENIED} (TableData {table} {right}: Base Application)")


async def test_the_seeded_list_lets_the_development_apps_in(
    sandbox_app: Starlette, admin: httpx.AsyncClient
) -> None:
    listed = (await admin.get(APPS)).json()["value"]
    service = next(a for a in listed if a["clientId"] == S2S_CLIENT_ID)
    uuid.UUID(service.pop("userId"))  # the BC user made for the app
    assert service == {
        "clientId": S2S_CLIENT_ID,
        "description": "bcgraph service",
        "state": "Enabled",
        "permissionSets": ["D365 BUS FULL ACCESS"],
    }
    fabrikam = (await admin.get("/_sandbox/entra-applications/fabrikam.example/production")).json()
    assert [a["clientId"] for a in fabrikam["value"]] == [DEV_CLIENT_ID]
    bc = await connect_app(sandbox_app)
    assert (await bc.get("vendors?$top=1")).status_code == 200
    await bc.http.aclose()


async def test_an_app_not_on_the_list_is_refused_with_a_valid_token(
    sandbox_app: Starlette, admin: httpx.AsyncClient
) -> None:
    # Fabrikam's admin consents to the service app, but Fabrikam's BC does not list it.
    assert (
        await admin.put(f"/_sandbox/identity/consents/{FABRIKAM_TENANT}/{S2S_CLIENT_ID}")
    ).status_code == 204
    token = await app_token(sandbox_app, FABRIKAM_TENANT)
    root = f"/v2.0/{FABRIKAM_TENANT}/production/api/v2.0"
    async with plain_client(sandbox_app, token) as http:
        refused_401(await http.get(f"{root}/companies"))
        listed = await admin.put(
            f"/_sandbox/entra-applications/{FABRIKAM_TENANT}/production/{S2S_CLIENT_ID}",
            json={"description": "Fabrikam's sync", "permissionSets": ["D365 READ"]},
        )
        assert listed.status_code == 200, listed.text
        assert listed.json()["state"] == "Enabled"
        companies = await http.get(f"{root}/companies")
        assert companies.status_code == 200 and len(companies.json()["value"]) == 1
        # Removing it from the list shuts the door again, token or no token.
        assert (
            await admin.delete(
                f"/_sandbox/entra-applications/{FABRIKAM_TENANT}/production/{S2S_CLIENT_ID}"
            )
        ).status_code == 204
        refused_401(await http.get(f"{root}/companies"))


async def test_a_disabled_app_is_refused_and_users_are_not(
    sandbox_app: Starlette, admin: httpx.AsyncClient
) -> None:
    app_bc = await connect_app(sandbox_app, client_id=DEV_CLIENT_ID, secret=DEV_CLIENT_SECRET)
    user_bc = await connect(sandbox_app)  # Alice, signed in through the same app registration
    disabled = await admin.patch(f"{APPS}/{DEV_CLIENT_ID}", json={"state": "Disabled"})
    assert disabled.status_code == 200 and disabled.json()["state"] == "Disabled"
    refused_401(await app_bc.get("vendors"))
    refused_401(await app_bc.get(f"{app_bc.root}/$batch"))
    assert (await user_bc.get("vendors?$top=1")).status_code == 200
    await admin.patch(f"{APPS}/{DEV_CLIENT_ID}", json={"state": "Enabled"})
    assert (await app_bc.get("vendors?$top=1")).status_code == 200
    await app_bc.http.aclose()
    await user_bc.http.aclose()


async def test_a_read_only_permission_set_refuses_every_kind_of_write(
    sandbox_app: Starlette, admin: httpx.AsyncClient
) -> None:
    bc = await connect_app(sandbox_app)
    assert (
        await admin.patch(f"{APPS}/{S2S_CLIENT_ID}", json={"permissionSets": ["d365 read"]})
    ).json()["permissionSets"] == ["D365 READ"]
    vendor = await bc.first("vendors")
    permission_error(await bc.post("vendors", json={"displayName": "Refused"}), "Vendor", "Insert")
    permission_error(
        await bc.patch(
            f"vendors({vendor['id']})", json={"city": "Paris"}, headers={"If-Match": "*"}
        ),
        "Vendor",
        "Modify",
    )
    permission_error(
        await bc.delete(f"vendors({vendor['id']})", headers={"If-Match": "*"}), "Vendor", "Delete"
    )
    invoice = await bc.first("salesInvoices", "&$filter=status eq 'Draft'")
    permission_error(
        await bc.post(f"salesInvoices({invoice['id']})/Microsoft.NAV.post"),
        "Sales Invoice Entity Aggregate",
        "Modify",
    )
    # Inside a $batch each operation is checked on its own.
    batch = await bc.post(
        f"{bc.root}/$batch",
        json={
            "requests": [
                {"id": "1", "method": "GET", "url": f"companies({bc.company_id})/vendors?$top=1"},
                {
                    "id": "2",
                    "method": "POST",
                    "url": f"companies({bc.company_id})/vendors",
                    "headers": {"Content-Type": "application/json"},
                    "body": {"displayName": "Refused too"},
                },
            ]
        },
    )
    assert [r["status"] for r in batch.json()["responses"]] == [200, 403]
    unchanged = await bc.get(f"vendors({vendor['id']})")
    assert unchanged.json()["city"] == vendor["city"]
    assert (await bc.get("vendors?$filter=displayName eq 'Refused'")).json()["value"] == []
    await bc.http.aclose()


async def test_a_set_for_one_table_covers_that_table_only(
    sandbox_app: Starlette, admin: httpx.AsyncClient
) -> None:
    bc = await connect_app(sandbox_app)
    await admin.patch(f"{APPS}/{S2S_CLIENT_ID}", json={"permissionSets": ["D365 CUSTOMER, VIEW"]})
    assert (await bc.get("customers?$top=1")).status_code == 200
    permission_error(await bc.get("vendors"), "Vendor", "Read")
    permission_error(await bc.post("customers", json={"displayName": "No"}), "Customer", "Insert")
    # The environment's own tables stay readable: the app can still find its companies.
    assert (await bc.get(f"{bc.root}/companies")).status_code == 200
    await admin.patch(f"{APPS}/{S2S_CLIENT_ID}", json={"permissionSets": []})
    permission_error(await bc.get("customers"), "Customer", "Read")
    custom = await bc.get(
        f"/v2.0/{CONTOSO_TENANT}/production/api/contoso/logistics/v1.0/companies({bc.company_id})/carriers"
    )
    assert custom.status_code == 403
    assert custom.json()["error"]["message"].startswith(
        f"{DENIED} (TableData Carrier Read: contoso/logistics/v1.0)"
    )
    await bc.http.aclose()


async def test_the_admin_api_accepts_only_what_the_card_would(admin: httpx.AsyncClient) -> None:
    url = f"{APPS}/{S2S_CLIENT_ID}"
    cases = {
        "SUPER": ({"permissionSets": ["SUPER"]}, "Applications can't be assigned the SUPER"),
        "unknown set": ({"permissionSets": ["D365 NOTHING"]}, "'D365 NOTHING' does not exist"),
        "state": ({"state": "On"}, "State must be Enabled or Disabled"),
        "field": ({"roles": []}, "unknown fields: roles"),
    }
    for name, (body, message) in cases.items():
        response = await admin.patch(url, json=body)
        assert response.status_code == 400, name
        assert message in response.json()["error"], name
    assert (await admin.patch(f"{APPS}/not-listed", json={"state": "Enabled"})).status_code == 404
    assert (
        await admin.get("/_sandbox/entra-applications/contoso.example/sandbox")
    ).status_code == 404
    # Reset brings the seeded list back.
    await admin.delete(url)
    assert S2S_CLIENT_ID not in {a["clientId"] for a in (await admin.get(APPS)).json()["value"]}
    assert (await admin.post("/_sandbox/reset")).status_code == 204
    assert S2S_CLIENT_ID in {a["clientId"] for a in (await admin.get(APPS)).json()["value"]}


async def test_a_file_database_keeps_revocations_and_removals_across_restarts(
    tmp_path: Path,
) -> None:
    settings = sandbox_settings(db_path=str(tmp_path / "sandbox.db"))
    first = create_sandbox(settings)
    async with first.router.lifespan_context(first), plain_client(first) as admin:
        await admin.delete(f"/_sandbox/identity/consents/{FABRIKAM_TENANT}/{DEV_CLIENT_ID}")
        await admin.delete(f"{APPS}/{S2S_CLIENT_ID}")
    again = create_sandbox(settings)
    async with again.router.lifespan_context(again), plain_client(again) as admin:
        consents = (await admin.get("/_sandbox/identity/consents")).json()["value"]
        fabrikam_dev = next(
            c
            for c in consents
            if (c["clientId"], c["tenantId"]) == (DEV_CLIENT_ID, FABRIKAM_TENANT)
        )
        assert fabrikam_dev["revoked"] is True
        listed = {a["clientId"] for a in (await admin.get(APPS)).json()["value"]}
        assert listed == {DEV_CLIENT_ID, "bcgraph-s2s-expired"}
