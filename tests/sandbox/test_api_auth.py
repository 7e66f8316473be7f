"""The sandbox's API takes only valid tokens, and a token reaches only its own tenant."""

from __future__ import annotations

import base64
import hashlib
import secrets
from urllib.parse import parse_qs, urlsplit

import httpx
from starlette.applications import Starlette

from sandbox.directory import CONTOSO_TENANT, DEV_CLIENT_ID, DEV_CLIENT_SECRET, FABRIKAM_TENANT
from tests.conftest import BASE_URL, BC

ROOT = f"/v2.0/{CONTOSO_TENANT}/production/api/v2.0"


def client(app: Starlette, token: str | None = None) -> httpx.AsyncClient:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url=BASE_URL, headers=headers
    )


async def test_missing_and_bad_tokens_are_401(sandbox_app: Starlette) -> None:
    async with client(sandbox_app) as anonymous:
        response = await anonymous.get(f"{ROOT}/companies")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "Authentication_InvalidCredentials"
    async with client(sandbox_app, "not.a.token") as forged:
        assert (await forged.get(f"{ROOT}/companies")).status_code == 401


async def test_a_token_reaches_only_its_own_tenant(bc: BC, bc_fabrikam: BC) -> None:
    cross = await bc_fabrikam.get(f"{ROOT}/companies")
    assert cross.status_code == 401
    own = await bc_fabrikam.get("/v2.0/production/api/v2.0/companies")
    assert [c["name"] for c in own.json()["value"]] == ["FABRIKAM"] or len(own.json()["value"]) == 1
    assert bc_fabrikam.company_id not in {
        c["id"] for c in (await bc.get(f"{ROOT}/companies")).json()["value"]
    }
    foreign_company = await bc.get(f"{ROOT}/companies({bc_fabrikam.company_id})/vendors")
    assert foreign_company.status_code == 404


async def test_client_credentials_token_reads_the_tenant(sandbox_app: Starlette) -> None:
    async with client(sandbox_app) as http:
        token = await http.post(
            f"/{FABRIKAM_TENANT}/oauth2/v2.0/token",
            data={
                "grant_type": "client_credentials",
                "client_id": DEV_CLIENT_ID,
                "client_secret": DEV_CLIENT_SECRET,
                "scope": "https://api.businesscentral.dynamics.com/.default",
            },
        )
        assert token.status_code == 200, token.text
        access = token.json()["access_token"]
        response = await http.get(
            f"/v2.0/{FABRIKAM_TENANT}/production/api/v2.0/companies",
            headers={"Authorization": f"Bearer {access}"},
        )
    assert response.status_code == 200 and len(response.json()["value"]) == 1


async def test_authorization_code_with_pkce_then_refresh_then_api(sandbox_app: Starlette) -> None:
    verifier = secrets.token_urlsafe(48)
    challenge = (
        base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    )
    redirect = "http://127.0.0.1:9999/oauth/callback"
    scope = "https://api.businesscentral.dynamics.com/user_impersonation offline_access"
    async with client(sandbox_app) as http:
        authorize = await http.get(
            "/organizations/oauth2/v2.0/authorize",
            params={
                "client_id": DEV_CLIENT_ID,
                "response_type": "code",
                "redirect_uri": redirect,
                "scope": scope,
                "state": "s1",
                "code_challenge": challenge,
                "code_challenge_method": "S256",
                "login_hint": "bob@contoso.example",
            },
        )
        assert authorize.status_code == 302, authorize.text
        query = parse_qs(urlsplit(authorize.headers["location"]).query)
        assert query["state"] == ["s1"]
        token = await http.post(
            "/organizations/oauth2/v2.0/token",
            data={
                "grant_type": "authorization_code",
                "code": query["code"][0],
                "redirect_uri": redirect,
                "client_id": DEV_CLIENT_ID,
                "client_secret": DEV_CLIENT_SECRET,
                "code_verifier": verifier,
            },
        )
        assert token.status_code == 200, token.text
        refreshed = await http.post(
            "/organizations/oauth2/v2.0/token",
            data={
                "grant_type": "refresh_token",
                "refresh_token": token.json()["refresh_token"],
                "client_id": DEV_CLIENT_ID,
                "client_secret": DEV_CLIENT_SECRET,
            },
        )
        assert refreshed.status_code == 200, refreshed.text
        api = await http.get(
            "/v2.0/production/api/v2.0/companies",
            headers={"Authorization": f"Bearer {refreshed.json()['access_token']}"},
        )
    assert api.status_code == 200
    assert {c["name"] for c in api.json()["value"]} == {"CRONUS US", "CRONUS US TEST"}
