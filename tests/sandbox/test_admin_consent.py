"""Admin consent and the client credentials grant behind it, driven over HTTP as an app
and an admin's browser would: the sign-in page, the redirect, then the token endpoint."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from starlette.applications import Starlette

from sandbox.app import create_sandbox
from sandbox.directory import (
    CONTOSO_TENANT,
    DEV_CLIENT_ID,
    DEV_CLIENT_SECRET,
    EXPIRED_CLIENT_ID,
    EXPIRED_CLIENT_SECRET,
    FABRIKAM_TENANT,
    S2S_CLIENT_ID,
    S2S_CLIENT_SECRET,
)
from tests.conftest import BASE_URL, sandbox_settings
from tests.consent import ConsentForm

BC_DEFAULT = "https://api.businesscentral.dynamics.com/.default"
REDIRECT = "http://localhost:8765/admin-callback"
ALICE = "0f1e2d3c-0000-4000-8000-000000000a11"  # Contoso's admin
BOB = "0f1e2d3c-0000-4000-8000-000000000b0b"  # a Contoso user, not an admin


@pytest.fixture
def app() -> Starlette:
    return create_sandbox(sandbox_settings())


@pytest.fixture
async def http(app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as client:
        yield client


async def consent_page(
    http: httpx.AsyncClient, path: str, **params: str
) -> tuple[httpx.Response, ConsentForm]:
    query = {"client_id": S2S_CLIENT_ID, "redirect_uri": REDIRECT, "state": "st-9"} | params
    page = await http.get(path, params=query)
    assert page.status_code == 200, page.text
    return page, ConsentForm(page.text)


async def answer(
    http: httpx.AsyncClient, form: ConsentForm, user_id: str, action: str = "accept"
) -> dict[str, str]:
    response = await http.post(
        form.action, data=form.hidden | {"user_id": user_id, "action": action}
    )
    return redirected(response)


def redirected(response: httpx.Response) -> dict[str, str]:
    assert response.status_code == 302, response.text
    location = response.headers["location"]
    assert location.startswith(REDIRECT + "?")
    return {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}


async def app_token(
    http: httpx.AsyncClient,
    tenant: str = CONTOSO_TENANT,
    client_id: str = S2S_CLIENT_ID,
    secret: str = S2S_CLIENT_SECRET,
) -> httpx.Response:
    return await http.post(
        f"/{tenant}/oauth2/v2.0/token",
        data={
            "grant_type": "client_credentials",
            "client_id": client_id,
            "client_secret": secret,
            "scope": BC_DEFAULT,
        },
    )


def aadsts(response: httpx.Response, status: int, error: str, code: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    assert (body["error"], body["error_codes"]) == (error, [code])
    assert body["error_description"].startswith(f"AADSTS{code}: ")
    return body


async def test_an_admin_consents_on_the_page_then_the_app_takes_app_tokens(
    http: httpx.AsyncClient,
) -> None:
    before = await app_token(http)
    body = aadsts(before, 400, "unauthorized_client", 700016)
    assert (
        f"'{S2S_CLIENT_ID}' was not found in the directory '{CONTOSO_TENANT}'"
        in (body["error_description"])
    )

    page, form = await consent_page(http, f"/{CONTOSO_TENANT}/v2.0/adminconsent", scope=BC_DEFAULT)
    assert "accept for your organization" in page.text
    assert "API.ReadWrite.All" in page.text
    assert form.action == f"/{CONTOSO_TENANT}/v2.0/adminconsent"
    assert set(form.user_ids) == {ALICE, BOB}  # the tenant's users only
    params = await answer(http, form, ALICE)
    assert params == {
        "admin_consent": "True",
        "tenant": CONTOSO_TENANT,
        "scope": BC_DEFAULT,
        "state": "st-9",
    }

    token = await app_token(http)
    assert token.status_code == 200, token.text
    assert token.json()["token_type"] == "Bearer"
    assert "refresh_token" not in token.json()
    # The consent is the tenant's: Fabrikam's admin has not given one.
    aadsts(await app_token(http, FABRIKAM_TENANT), 400, "unauthorized_client", 700016)
    listed = (await http.get("/_sandbox/identity/consents")).json()["value"]
    assert {
        "clientId": S2S_CLIENT_ID,
        "tenantId": CONTOSO_TENANT,
        "grantedBy": ALICE,
        "revoked": False,
    }.items() <= next(c for c in listed if c["clientId"] == S2S_CLIENT_ID).items()


async def test_v1_admin_consent_by_domain_with_a_hinted_admin_needs_no_page(
    http: httpx.AsyncClient,
) -> None:
    response = await http.get(
        "/contoso.example/adminconsent",
        params={
            "client_id": S2S_CLIENT_ID,
            "redirect_uri": REDIRECT,
            "state": "v1",
            "login_hint": "alice@contoso.example",
        },
    )
    # v1.0 takes no scope and returns none; the tenant comes back as its id, not its domain.
    assert redirected(response) == {
        "admin_consent": "True",
        "tenant": CONTOSO_TENANT,
        "state": "v1",
    }
    assert (await app_token(http)).status_code == 200


async def test_a_user_who_is_not_an_admin_cannot_consent(http: httpx.AsyncClient) -> None:
    _, form = await consent_page(http, f"/{CONTOSO_TENANT}/v2.0/adminconsent", scope=BC_DEFAULT)
    params = await answer(http, form, BOB)
    assert params["admin_consent"] == "True" and params["state"] == "st-9"
    assert params["error"] == "access_denied"
    assert params["error_description"].startswith(
        "AADSTS90094: bcgraph service (development) needs permission to access resources in "
        "your organization that only an admin can grant."
    )
    assert "tenant" not in params
    aadsts(await app_token(http), 400, "unauthorized_client", 700016)
    # The hinted path refuses the same way.
    hinted = await http.get(
        f"/{CONTOSO_TENANT}/adminconsent",
        params={
            "client_id": S2S_CLIENT_ID,
            "redirect_uri": REDIRECT,
            "login_hint": "bob@contoso.example",
        },
    )
    assert redirected(hinted)["error_description"].startswith("AADSTS90094: ")


async def test_a_declined_consent_comes_back_as_access_denied(http: httpx.AsyncClient) -> None:
    _, form = await consent_page(http, f"/{CONTOSO_TENANT}/v2.0/adminconsent", scope=BC_DEFAULT)
    params = await answer(http, form, ALICE, action="cancel")
    assert params == {
        "admin_consent": "True",
        "error": "access_denied",
        "error_description": "AADSTS65004: The resource owner or authorization server denied "
        "the request.",
        "state": "st-9",
    }
    aadsts(await app_token(http), 400, "unauthorized_client", 700016)


async def test_a_revoked_consent_is_refused_at_the_token_endpoint(
    http: httpx.AsyncClient,
) -> None:
    # The development app was consented in both tenants before the sandbox started.
    assert (await app_token(http, FABRIKAM_TENANT, DEV_CLIENT_ID, DEV_CLIENT_SECRET)).is_success
    revoked = await http.delete(f"/_sandbox/identity/consents/{FABRIKAM_TENANT}/{DEV_CLIENT_ID}")
    assert revoked.status_code == 204
    refused = await app_token(http, FABRIKAM_TENANT, DEV_CLIENT_ID, DEV_CLIENT_SECRET)
    aadsts(refused, 400, "unauthorized_client", 700016)
    # Contoso's consent is untouched, and revoking twice says there is nothing left to revoke.
    assert (await app_token(http, CONTOSO_TENANT, DEV_CLIENT_ID, DEV_CLIENT_SECRET)).is_success
    again = await http.delete(f"/_sandbox/identity/consents/{FABRIKAM_TENANT}/{DEV_CLIENT_ID}")
    assert again.status_code == 404
    # Consent again (the admin API stands in for the page) and reset both bring it back.
    regranted = await http.put(f"/_sandbox/identity/consents/fabrikam.example/{DEV_CLIENT_ID}")
    assert regranted.status_code == 204
    assert (await app_token(http, FABRIKAM_TENANT, DEV_CLIENT_ID, DEV_CLIENT_SECRET)).is_success
    await http.delete(f"/_sandbox/identity/consents/{FABRIKAM_TENANT}/{DEV_CLIENT_ID}")
    assert (await http.post("/_sandbox/reset")).status_code == 204
    assert (await app_token(http, FABRIKAM_TENANT, DEV_CLIENT_ID, DEV_CLIENT_SECRET)).is_success
    unknown = await http.delete(f"/_sandbox/identity/consents/{CONTOSO_TENANT}/no-such-app")
    assert unknown.status_code == 404


async def test_an_expired_client_secret_is_refused(http: httpx.AsyncClient) -> None:
    response = await app_token(http, CONTOSO_TENANT, EXPIRED_CLIENT_ID, EXPIRED_CLIENT_SECRET)
    body = aadsts(response, 401, "invalid_client", 7000222)
    assert (
        f"The provided client secret keys for app '{EXPIRED_CLIENT_ID}' are expired."
        in body["error_description"]
    )
    # A wrong secret is still a wrong secret, expired or not.
    aadsts(
        await app_token(http, CONTOSO_TENANT, EXPIRED_CLIENT_ID, "x"),
        401,
        "invalid_client",
        7000215,
    )


async def test_v2_scope_must_ask_for_application_permissions(http: httpx.AsyncClient) -> None:
    path = f"/{CONTOSO_TENANT}/v2.0/adminconsent"
    base = {"client_id": S2S_CLIENT_ID, "redirect_uri": REDIRECT, "state": "s"}
    missing = redirected(await http.get(path, params=base))
    assert missing["error"] == "invalid_request"
    assert missing["error_description"].startswith("AADSTS900144: ")
    delegated = redirected(
        await http.get(
            path,
            params=base | {"scope": "https://api.businesscentral.dynamics.com/user_impersonation"},
        )
    )
    assert delegated["error"] == "invalid_scope"
    foreign = redirected(
        await http.get(path, params=base | {"scope": "https://graph.microsoft.com/.default"})
    )
    assert foreign["error"] == "invalid_scope"


async def test_untrusted_redirects_get_an_error_page_not_a_redirect(
    http: httpx.AsyncClient,
) -> None:
    page = await http.get(
        f"/{CONTOSO_TENANT}/adminconsent",
        params={"client_id": "no-such-app", "redirect_uri": REDIRECT},
    )
    assert page.status_code == 400 and "AADSTS700016" in page.text
    page = await http.get(
        f"/{CONTOSO_TENANT}/adminconsent",
        params={"client_id": S2S_CLIENT_ID, "redirect_uri": "https://attacker.example/cb"},
    )
    assert page.status_code == 400 and "AADSTS50011" in page.text
    unknown_tenant = await http.get(
        "/nowhere.example/adminconsent",
        params={"client_id": S2S_CLIENT_ID, "redirect_uri": REDIRECT},
    )
    assert unknown_tenant.status_code == 400 and "AADSTS90002" in unknown_tenant.text


async def test_a_sign_in_page_cannot_be_posted_as_an_admin_consent(
    http: httpx.AsyncClient,
) -> None:
    sign_in = await http.get(
        f"/{CONTOSO_TENANT}/oauth2/v2.0/authorize",
        params={
            "client_id": S2S_CLIENT_ID,
            "response_type": "code",
            "redirect_uri": REDIRECT,
            "scope": BC_DEFAULT,
            "prompt": "consent",
        },
    )
    form = ConsentForm(sign_in.text)
    forged = await http.post(
        f"/{CONTOSO_TENANT}/v2.0/adminconsent",
        data=form.hidden | {"user_id": ALICE, "action": "accept"},
    )
    assert forged.status_code == 400
    aadsts(await app_token(http), 400, "unauthorized_client", 700016)
