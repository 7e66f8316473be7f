"""Clients of the sandbox's BC API as an application: an app token from the client
credentials grant over HTTP, then the same `BC` helper the user tests use."""

from __future__ import annotations

import httpx
from starlette.applications import Starlette

from sandbox.directory import CONTOSO_TENANT, S2S_CLIENT_ID, S2S_CLIENT_SECRET
from tests.conftest import BASE_URL, BC

BC_DEFAULT = "https://api.businesscentral.dynamics.com/.default"


def plain_client(app: Starlette, token: str | None = None) -> httpx.AsyncClient:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url=BASE_URL, headers=headers
    )


async def admin_consent(
    app: Starlette, tenant: str = CONTOSO_TENANT, client_id: str = S2S_CLIENT_ID
) -> None:
    """The tenant's admin consents through /v2.0/adminconsent (hinted: no page)."""
    directory = app.state.sandbox.settings.directory
    admin = next(u for u in directory.users if u.tenant_id == tenant and u.admin)
    async with plain_client(app) as http:
        response = await http.get(
            f"/{tenant}/v2.0/adminconsent",
            params={
                "client_id": client_id,
                "redirect_uri": "http://localhost:8765/admin-callback",
                "scope": BC_DEFAULT,
                "login_hint": admin.username,
            },
        )
    assert response.status_code == 302, response.text
    assert "admin_consent=True&tenant=" in response.headers["location"]


async def app_token(
    app: Starlette,
    tenant: str = CONTOSO_TENANT,
    client_id: str = S2S_CLIENT_ID,
    secret: str = S2S_CLIENT_SECRET,
) -> str:
    async with plain_client(app) as http:
        response = await http.post(
            f"/{tenant}/oauth2/v2.0/token",
            data={
                "grant_type": "client_credentials",
                "client_id": client_id,
                "client_secret": secret,
                "scope": BC_DEFAULT,
            },
        )
    assert response.status_code == 200, response.text
    return str(response.json()["access_token"])


async def connect_app(
    app: Starlette,
    tenant: str = CONTOSO_TENANT,
    client_id: str = S2S_CLIENT_ID,
    secret: str = S2S_CLIENT_SECRET,
    company_id: str = "",
) -> BC:
    """As the app, after its admin consent; `company_id` empty picks the tenant's first
    company, which needs the app to be let in (on the Entra Applications list, enabled)."""
    await admin_consent(app, tenant, client_id)
    http = plain_client(app, await app_token(app, tenant, client_id, secret))
    bc = BC(http, app.state.sandbox, tenant, company_id)
    if not company_id:
        companies = await bc.get(f"{bc.root}/companies")
        assert companies.status_code == 200, companies.text
        bc.company_id = sorted(companies.json()["value"], key=lambda c: c["name"])[0]["id"]
    return bc
