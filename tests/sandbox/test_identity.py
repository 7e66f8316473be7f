"""The emulated Microsoft identity platform, driven over HTTP like a real app and browser would."""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, cast
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from joserfc import jwt
from joserfc.jwk import KeySet, KeySetSerialization, RSAKey
from joserfc.jwt import JWTClaimsRegistry
from starlette.applications import Starlette

import sandbox.identity
from sandbox.directory import (
    CONTOSO_TENANT,
    DEV_CLIENT_ID,
    DEV_CLIENT_SECRET,
    FABRIKAM_TENANT,
    Client,
    Directory,
    Tenant,
    User,
    default_directory,
)
from sandbox.errors import ODataError
from sandbox.identity import IdentityProvider, Principal
from sandbox.settings import SandboxSettings
from tests.consent import ConsentForm

BASE = "http://sandbox.test"
BC = "https://api.businesscentral.dynamics.com"
REDIRECT = "http://localhost:8765/callback"
ALICE = "0f1e2d3c-0000-4000-8000-000000000a11"
BOB = "0f1e2d3c-0000-4000-8000-000000000b0b"
CAROL = "0f1e2d3c-0000-4000-8000-000000000ca1"
DELEGATED = f"openid offline_access {BC}/user_impersonation {BC}/Financials.ReadWrite.All"
START = 1_800_000_000.0


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def pkce() -> tuple[str, str]:
    # Computed here, not with the sandbox's helper, so the test checks the sandbox against RFC 7636.
    verifier = secrets.token_urlsafe(48)
    digest = hashlib.sha256(verifier.encode()).digest()
    return verifier, base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def query(response: httpx.Response) -> dict[str, str]:
    assert response.status_code == 302, response.text
    return {k: v[0] for k, v in parse_qs(urlsplit(response.headers["location"]).query).items()}


def oauth_error(response: httpx.Response, status: int, error: str, code: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    assert body["error"] == error
    assert body["error_codes"] == [code]
    assert body["error_description"].startswith(f"AADSTS{code}: ")
    assert {"timestamp", "trace_id", "correlation_id"} <= body.keys()
    return body


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def settings() -> SandboxSettings:
    return SandboxSettings()


@pytest.fixture
def idp(settings: SandboxSettings, clock: Clock) -> IdentityProvider:
    return memory_idp(settings, clock)


@pytest.fixture
async def http(idp: IdentityProvider) -> AsyncIterator[httpx.AsyncClient]:
    async with client_of(idp) as client:
        yield client


def memory_idp(settings: SandboxSettings, clock: Clock) -> IdentityProvider:
    return IdentityProvider(settings, sqlite3.connect(":memory:"), clock=clock)


def with_clients(*clients: Client) -> SandboxSettings:
    """The default directory's tenants and users, with `clients` its app registrations."""
    default = default_directory()
    return SandboxSettings(
        directory=Directory(tenants=default.tenants, users=default.users, clients=clients)
    )


@asynccontextmanager
async def client_of(idp: IdentityProvider) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client to `idp`'s endpoints, in this process."""
    transport = httpx.ASGITransport(app=Starlette(routes=idp.routes))
    async with httpx.AsyncClient(transport=transport, base_url=BASE) as client:
        yield client


async def authorize(
    http: httpx.AsyncClient, tenant: str = CONTOSO_TENANT, **params: str
) -> httpx.Response:
    defaults = {
        "client_id": DEV_CLIENT_ID,
        "response_type": "code",
        "redirect_uri": REDIRECT,
        "scope": DELEGATED,
        "state": "st-123",
    }
    return await http.get(f"/{tenant}/oauth2/v2.0/authorize", params=defaults | params)


async def token(
    http: httpx.AsyncClient, tenant: str = CONTOSO_TENANT, **form: str
) -> httpx.Response:
    defaults = {"client_id": DEV_CLIENT_ID, "client_secret": DEV_CLIENT_SECRET}
    return await http.post(f"/{tenant}/oauth2/v2.0/token", data=defaults | form)


async def redeem(
    http: httpx.AsyncClient,
    code: str,
    verifier: str | None,
    tenant: str = CONTOSO_TENANT,
    redirect_uri: str = REDIRECT,
) -> httpx.Response:
    """The token request that redeems an authorization code, with its PKCE verifier if any."""
    form = {"grant_type": "authorization_code", "code": code, "redirect_uri": redirect_uri}
    if verifier is not None:
        form["code_verifier"] = verifier
    return await token(http, tenant, **form)


async def sign_in(
    http: httpx.AsyncClient,
    user: str = "alice@contoso.example",
    tenant: str = CONTOSO_TENANT,
    scope: str = DELEGATED,
) -> dict[str, Any]:
    """The whole auto-consent flow; returns the token response."""
    code, verifier = await code_and_verifier(http, tenant, user, scope)
    response = await redeem(http, code, verifier, tenant)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def code_and_verifier(
    http: httpx.AsyncClient,
    tenant: str = CONTOSO_TENANT,
    user: str = "alice@contoso.example",
    scope: str = DELEGATED,
) -> tuple[str, str]:
    """An authorization code (auto-consent) and the PKCE verifier that redeems it."""
    verifier, challenge = pkce()
    params = query(
        await authorize(
            http,
            tenant,
            login_hint=user,
            scope=scope,
            code_challenge=challenge,
            code_challenge_method="S256",
        )
    )
    return params["code"], verifier


# --- authorization code + PKCE --------------------------------------------------------------


async def test_auth_code_flow_with_pkce_and_auto_consent(
    http: httpx.AsyncClient, idp: IdentityProvider
) -> None:
    verifier, challenge = pkce()
    response = await authorize(
        http,
        login_hint="alice@contoso.example",
        code_challenge=challenge,
        code_challenge_method="S256",
        nonce="n-1",
    )
    params = query(response)
    assert response.headers["location"].startswith(REDIRECT + "?")
    assert params["state"] == "st-123"

    response = await redeem(http, params["code"], verifier)
    assert response.status_code == 200, response.text
    assert response.headers["cache-control"] == "no-store"
    body = response.json()
    assert body["token_type"] == "Bearer"
    assert body["expires_in"] == body["ext_expires_in"] == 3600
    assert body["scope"] == f"{BC}/user_impersonation {BC}/Financials.ReadWrite.All"
    assert body["refresh_token"]

    principal = idp.verifier.verify(f"Bearer {body['access_token']}")
    assert principal == Principal(
        tenant_id=CONTOSO_TENANT,
        subject=ALICE,
        kind="user",
        scopes=frozenset({"user_impersonation", "Financials.ReadWrite.All"}),
        client_id=DEV_CLIENT_ID,
    )
    claims = jwt.decode(body["access_token"], idp_public_key(await jwks(http))).claims
    assert claims["aud"] == BC
    assert claims["iss"] == f"{BASE}/{CONTOSO_TENANT}/v2.0"
    assert claims["scp"] == "user_impersonation Financials.ReadWrite.All"
    assert claims["upn"] == claims["preferred_username"] == "alice@contoso.example"
    assert claims["name"] == "Alice Ash"
    assert claims["appid"] == claims["azp"] == DEV_CLIENT_ID
    assert claims["iat"] == claims["nbf"] == int(START)
    assert claims["exp"] == int(START) + 3600

    id_claims = jwt.decode(body["id_token"], idp_public_key(await jwks(http))).claims
    assert id_claims["aud"] == DEV_CLIENT_ID
    assert id_claims["nonce"] == "n-1"
    assert id_claims["oid"] == ALICE


async def test_id_tokens_name_the_users_directory_roles(http: httpx.AsyncClient) -> None:
    # Entra's `wids`: role template ids; every member holds "User", an admin Global Admin too.
    key = idp_public_key(await jwks(http))
    admin = jwt.decode((await sign_in(http))["id_token"], key).claims
    assert admin["wids"] == [
        "62e90394-69f5-4237-9190-012177145e10",
        "b79fbf4d-3ef9-4689-8143-76b194e85509",
    ]
    member = jwt.decode((await sign_in(http, "bob@contoso.example"))["id_token"], key).claims
    assert member["wids"] == ["b79fbf4d-3ef9-4689-8143-76b194e85509"]


async def test_tokens_carry_only_what_was_requested(http: httpx.AsyncClient) -> None:
    body = await sign_in(http, scope=f"{BC}/user_impersonation")
    assert body["scope"] == f"{BC}/user_impersonation"
    assert "refresh_token" not in body  # no offline_access
    assert "id_token" not in body  # no openid


async def test_default_scope_grants_both_permissions(
    http: httpx.AsyncClient, idp: IdentityProvider
) -> None:
    body = await sign_in(http, scope=f"{BC}/.default")
    principal = idp.verifier.verify(f"Bearer {body['access_token']}")
    assert principal.scopes == {"user_impersonation", "Financials.ReadWrite.All"}


async def test_common_tenant_resolves_the_users_home_tenant(
    http: httpx.AsyncClient, idp: IdentityProvider
) -> None:
    body = await sign_in(http, user="carol@fabrikam.example", tenant="common")
    principal = idp.verifier.verify(f"Bearer {body['access_token']}")
    assert principal.tenant_id == FABRIKAM_TENANT
    assert principal.subject == CAROL
    claims = jwt.decode(body["access_token"], idp_public_key(await jwks(http))).claims
    assert claims["tid"] == FABRIKAM_TENANT
    assert claims["iss"] == f"{BASE}/{FABRIKAM_TENANT}/v2.0"


async def test_tenant_domain_works_like_its_id(
    http: httpx.AsyncClient, idp: IdentityProvider
) -> None:
    body = await sign_in(http, user="bob@contoso.example", tenant="contoso.example")
    assert idp.verifier.verify(f"Bearer {body['access_token']}").tenant_id == CONTOSO_TENANT


async def test_tokens_for_each_tenant_carry_that_tenant(
    http: httpx.AsyncClient, idp: IdentityProvider
) -> None:
    contoso = await sign_in(http, user="alice@contoso.example", tenant=CONTOSO_TENANT)
    fabrikam = await sign_in(http, user="carol@fabrikam.example", tenant=FABRIKAM_TENANT)
    key = idp_public_key(await jwks(http))
    assert jwt.decode(contoso["access_token"], key).claims["tid"] == CONTOSO_TENANT
    assert jwt.decode(fabrikam["access_token"], key).claims["tid"] == FABRIKAM_TENANT


# --- the consent page -----------------------------------------------------------------------


async def test_consent_page_without_login_hint_then_accept(
    http: httpx.AsyncClient, idp: IdentityProvider
) -> None:
    verifier, challenge = pkce()
    response = await authorize(http, code_challenge=challenge, code_challenge_method="S256")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert response.headers["x-frame-options"] == "DENY"
    form = ConsentForm(response.text)
    assert form.action == f"/{CONTOSO_TENANT}/oauth2/v2.0/authorize"
    assert form.user_ids == [ALICE, BOB]  # Contoso's users only
    assert "bcgraph (development)" in response.text
    assert "user_impersonation" in response.text

    answer = await http.post(form.action, data=form.hidden | {"user_id": BOB, "action": "accept"})
    params = query(answer)
    assert params["state"] == "st-123"
    body = (await redeem(http, params["code"], verifier)).json()
    assert idp.verifier.verify(f"Bearer {body['access_token']}").subject == BOB


async def test_consent_page_on_common_offers_every_user(http: httpx.AsyncClient) -> None:
    response = await authorize(http, "common")
    assert ConsentForm(response.text).user_ids == [ALICE, BOB, CAROL]


async def test_prompt_consent_shows_the_page_despite_a_login_hint(
    http: httpx.AsyncClient,
) -> None:
    response = await authorize(http, login_hint="alice@contoso.example", prompt="consent")
    assert response.status_code == 200
    assert 'value="' + ALICE + '" checked' in response.text


async def test_consent_cancel_redirects_access_denied(http: httpx.AsyncClient) -> None:
    form = ConsentForm((await authorize(http)).text)
    answer = await http.post(form.action, data=form.hidden | {"user_id": ALICE, "action": "cancel"})
    params = query(answer)
    assert params["error"] == "access_denied"
    assert params["error_description"].startswith("AADSTS65004")
    assert params["state"] == "st-123"
    assert "code" not in params


async def test_tampered_consent_form_is_refused_without_redirect(
    http: httpx.AsyncClient,
) -> None:
    form = ConsentForm((await authorize(http)).text)
    tampered = form.hidden | {"redirect_uri": "http://localhost:9999/steal"}
    answer = await http.post(form.action, data=tampered | {"user_id": ALICE, "action": "accept"})
    assert answer.status_code == 400
    assert "location" not in answer.headers
    assert "altered" in answer.text


async def test_consent_form_expires(http: httpx.AsyncClient, clock: Clock) -> None:
    form = ConsentForm((await authorize(http)).text)
    clock.advance(601)
    answer = await http.post(form.action, data=form.hidden | {"user_id": ALICE, "action": "accept"})
    assert answer.status_code == 400


async def test_consent_for_a_user_of_another_tenant_is_refused(http: httpx.AsyncClient) -> None:
    form = ConsentForm((await authorize(http)).text)
    answer = await http.post(form.action, data=form.hidden | {"user_id": CAROL, "action": "accept"})
    assert answer.status_code == 400
    assert "AADSTS50020" in answer.text


async def test_consent_page_escapes_html(clock: Clock) -> None:
    directory = Directory(
        tenants=(Tenant(CONTOSO_TENANT, "contoso.example", "Contoso"),),
        users=(User(ALICE, "alice@contoso.example", "<b>Alice</b>", CONTOSO_TENANT),),
        clients=(Client("evil", "s", "<script>alert(1)</script>"),),
    )
    idp = memory_idp(SandboxSettings(directory=directory), clock)
    async with client_of(idp) as http:
        response = await authorize(http, client_id="evil", state='"><script>x</script>')
    assert "<script>" not in response.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text
    assert "&lt;b&gt;Alice&lt;/b&gt;" in response.text
    assert ConsentForm(response.text).hidden["state"] == '"><script>x</script>'


async def test_prompt_none_without_a_known_user_is_login_required(
    http: httpx.AsyncClient,
) -> None:
    params = query(await authorize(http, prompt="none"))
    assert params["error"] == "login_required"
    assert params["state"] == "st-123"


async def test_without_auto_consent_the_page_always_appears(clock: Clock) -> None:
    idp = memory_idp(SandboxSettings(auto_consent=False), clock)
    async with client_of(idp) as http:
        response = await authorize(http, login_hint="alice@contoso.example")
    assert response.status_code == 200
    assert ConsentForm(response.text).user_ids == [ALICE, BOB]


# --- authorization endpoint refusals ---------------------------------------------------------


def assert_error_page(response: httpx.Response, code: str) -> None:
    """Refused with a page of its own (AADSTS`code`), never a redirect to where it came from."""
    assert response.status_code == 400
    assert "location" not in response.headers
    assert f"AADSTS{code}" in response.text


async def test_unknown_client_gets_an_error_page_not_a_redirect(http: httpx.AsyncClient) -> None:
    response = await authorize(http, client_id="nobody", login_hint="alice@contoso.example")
    assert_error_page(response, "700016")


@pytest.mark.parametrize(
    "uri",
    [
        "https://evil.example/cb",
        "http://localhost.evil.example/cb",
        "ftp://localhost/x",
        "http://evil-localhost/cb",
        "http://.localhost/cb",
    ],
)
async def test_redirect_uri_not_allowed_gets_an_error_page(
    http: httpx.AsyncClient, uri: str
) -> None:
    response = await authorize(http, redirect_uri=uri, login_hint="alice@contoso.example")
    assert_error_page(response, "50011")


@pytest.mark.parametrize(
    "uri",
    [
        "http://127.0.0.1/cb",
        "http://localhost:5000/oauth/callback",
        "https://localhost/",
        # RFC 6761 loopback names (compose.yaml's bcgraph.localhost).
        "http://bcgraph.localhost:8000/oauth/callback",
    ],
)
async def test_loopback_redirects_on_any_port_are_allowed(
    http: httpx.AsyncClient, uri: str
) -> None:
    params = query(await authorize(http, redirect_uri=uri, login_hint="alice@contoso.example"))
    assert "code" in params


async def test_registered_redirect_uris_must_match_exactly(clock: Clock) -> None:
    registered = "https://gateway.example/oauth/callback"
    idp = memory_idp(
        with_clients(Client("web", "s", "Web app", redirect_uris=(registered,))),
        clock,
    )
    async with client_of(idp) as http:
        hint = {"client_id": "web", "login_hint": "alice@contoso.example"}
        assert "code" in query(await authorize(http, redirect_uri=registered, **hint))
        for uri in (registered + "/", REDIRECT):
            assert (await authorize(http, redirect_uri=uri, **hint)).status_code == 400


async def test_unknown_tenant_gets_an_error_page(http: httpx.AsyncClient) -> None:
    response = await authorize(http, "nowhere.example")
    assert response.status_code == 400
    assert "AADSTS90002" in response.text


async def test_plain_pkce_is_refused(http: httpx.AsyncClient) -> None:
    verifier, _ = pkce()
    for method in ({"code_challenge_method": "plain"}, {}):
        params = query(
            await authorize(
                http, login_hint="alice@contoso.example", code_challenge=verifier, **method
            )
        )
        assert params["error"] == "invalid_request"
        assert "S256" in params["error_description"]
        assert params["state"] == "st-123"


async def test_malformed_s256_challenge_is_refused(http: httpx.AsyncClient) -> None:
    params = query(
        await authorize(
            http,
            login_hint="alice@contoso.example",
            code_challenge="too-short",
            code_challenge_method="S256",
        )
    )
    assert params["error_description"].startswith("AADSTS501491")


async def test_scope_must_name_business_central(http: httpx.AsyncClient) -> None:
    for scope in ("openid offline_access", "https://graph.microsoft.com/User.Read", f"{BC}/Nope"):
        params = query(await authorize(http, scope=scope, login_hint="alice@contoso.example"))
        assert params["error"] == "invalid_scope", scope


async def test_only_the_code_response_type(http: httpx.AsyncClient) -> None:
    params = query(await authorize(http, response_type="token", login_hint="alice@contoso.example"))
    assert params["error"] == "unsupported_response_type"


# --- token endpoint: authorization_code refusals ---------------------------------------------


async def test_pkce_is_optional_for_a_confidential_client(http: httpx.AsyncClient) -> None:
    # As at Entra for web apps: the client secret proves the client; PKCE adds, when used.
    code = query(await authorize(http, login_hint="alice@contoso.example"))["code"]
    downgrade = await redeem(http, code, pkce()[0])
    oauth_error(downgrade, 400, "invalid_grant", 70000)  # a verifier, but no challenge was made
    assert (await redeem(http, code, None)).status_code == 200


async def test_wrong_code_verifier(http: httpx.AsyncClient) -> None:
    code, _ = await code_and_verifier(http)
    other, _ = pkce()
    response = await redeem(http, code, other)
    oauth_error(response, 400, "invalid_grant", 501481)


async def test_missing_code_verifier(http: httpx.AsyncClient) -> None:
    code, _ = await code_and_verifier(http)
    response = await redeem(http, code, None)
    oauth_error(response, 400, "invalid_request", 900144)


async def test_wrong_redirect_uri_at_redemption(http: httpx.AsyncClient) -> None:
    code, verifier = await code_and_verifier(http)
    response = await redeem(http, code, verifier, redirect_uri="http://localhost:8765/other")
    oauth_error(response, 400, "invalid_grant", 70000)


async def test_replayed_code_is_refused_and_revokes_what_it_yielded(
    http: httpx.AsyncClient,
) -> None:
    code, verifier = await code_and_verifier(http)
    first = await redeem(http, code, verifier)
    assert first.status_code == 200
    body = oauth_error(await redeem(http, code, verifier), 400, "invalid_grant", 54005)
    assert "already redeemed" in body["error_description"]

    refresh = await token(
        http, grant_type="refresh_token", refresh_token=first.json()["refresh_token"]
    )
    oauth_error(refresh, 400, "invalid_grant", 50173)


async def test_expired_code(http: httpx.AsyncClient, clock: Clock) -> None:
    code, verifier = await code_and_verifier(http)
    clock.advance(601)
    response = await redeem(http, code, verifier)
    oauth_error(response, 400, "invalid_grant", 70008)


async def test_unknown_code(http: httpx.AsyncClient) -> None:
    response = await redeem(http, "made-up", None)
    oauth_error(response, 400, "invalid_grant", 9002313)


async def test_code_redeemed_at_another_tenant(http: httpx.AsyncClient) -> None:
    code, verifier = await code_and_verifier(http)
    response = await redeem(http, code, verifier, FABRIKAM_TENANT)
    oauth_error(response, 400, "invalid_grant", 700005)


# --- token endpoint: client authentication --------------------------------------------------


async def test_unknown_client_at_the_token_endpoint(http: httpx.AsyncClient) -> None:
    response = await token(http, grant_type="client_credentials", client_id="nobody")
    oauth_error(response, 400, "unauthorized_client", 700016)


async def test_bad_client_secret_is_401(http: httpx.AsyncClient) -> None:
    response = await token(
        http, grant_type="client_credentials", client_secret="wrong", scope=f"{BC}/.default"
    )
    oauth_error(response, 401, "invalid_client", 7000215)


async def test_missing_client_secret_is_401(http: httpx.AsyncClient) -> None:
    response = await http.post(
        f"/{CONTOSO_TENANT}/oauth2/v2.0/token",
        data={"grant_type": "client_credentials", "client_id": DEV_CLIENT_ID},
    )
    oauth_error(response, 401, "invalid_client", 7000218)


async def test_http_basic_client_authentication(http: httpx.AsyncClient) -> None:
    response = await http.post(
        f"/{CONTOSO_TENANT}/oauth2/v2.0/token",
        data={"grant_type": "client_credentials", "scope": f"{BC}/.default"},
        auth=(DEV_CLIENT_ID, DEV_CLIENT_SECRET),
    )
    assert response.status_code == 200, response.text
    bad = await http.post(
        f"/{CONTOSO_TENANT}/oauth2/v2.0/token",
        data={"grant_type": "client_credentials", "scope": f"{BC}/.default"},
        auth=(DEV_CLIENT_ID, "wrong"),
    )
    oauth_error(bad, 401, "invalid_client", 7000215)


async def test_grant_type_missing_or_unsupported(http: httpx.AsyncClient) -> None:
    oauth_error(await token(http), 400, "invalid_request", 900144)
    oauth_error(await token(http, grant_type="password"), 400, "unsupported_grant_type", 70003)


async def test_error_correlation_id_echoes_client_request_id(http: httpx.AsyncClient) -> None:
    response = await http.post(
        f"/{CONTOSO_TENANT}/oauth2/v2.0/token",
        data={"grant_type": "password"},
        headers={"client-request-id": "abc-123"},
    )
    assert response.json()["correlation_id"] == "abc-123"


# --- refresh tokens -------------------------------------------------------------------------


async def test_refresh_rotates_and_detects_reuse(
    http: httpx.AsyncClient, idp: IdentityProvider
) -> None:
    first = (await sign_in(http))["refresh_token"]
    response = await token(http, grant_type="refresh_token", refresh_token=first)
    assert response.status_code == 200, response.text
    body = response.json()
    second = body["refresh_token"]
    assert second != first
    assert body["id_token"]  # openid was part of the grant
    assert idp.verifier.verify(f"Bearer {body['access_token']}").subject == ALICE

    reused = await token(http, grant_type="refresh_token", refresh_token=first)
    assert (
        "already been redeemed"
        in oauth_error(reused, 400, "invalid_grant", 70008)["error_description"]
    )
    # Reuse means the family leaked: the token handed out after the reused one is dead too.
    after = await token(http, grant_type="refresh_token", refresh_token=second)
    oauth_error(after, 400, "invalid_grant", 50173)


async def test_refresh_may_narrow_then_widen_again(
    http: httpx.AsyncClient, idp: IdentityProvider
) -> None:
    first = (await sign_in(http))["refresh_token"]
    narrow = (
        await token(
            http, grant_type="refresh_token", refresh_token=first, scope=f"{BC}/user_impersonation"
        )
    ).json()
    assert narrow["scope"] == f"{BC}/user_impersonation"
    assert "id_token" not in narrow  # openid not asked this time
    principal = idp.verifier.verify(f"Bearer {narrow['access_token']}")
    assert principal.scopes == {"user_impersonation"}

    wide = (
        await token(http, grant_type="refresh_token", refresh_token=narrow["refresh_token"])
    ).json()
    assert idp.verifier.verify(f"Bearer {wide['access_token']}").scopes == {
        "user_impersonation",
        "Financials.ReadWrite.All",
    }


async def test_refresh_cannot_gain_scopes(http: httpx.AsyncClient) -> None:
    first = (await sign_in(http, scope=f"offline_access {BC}/user_impersonation"))["refresh_token"]
    response = await token(
        http,
        grant_type="refresh_token",
        refresh_token=first,
        scope=f"{BC}/Financials.ReadWrite.All",
    )
    oauth_error(response, 400, "invalid_scope", 70011)


async def test_revoked_refresh_token_is_invalid_grant(
    http: httpx.AsyncClient, idp: IdentityProvider
) -> None:
    refresh = (await sign_in(http))["refresh_token"]
    assert idp.revoke_refresh_tokens(ALICE) == 1
    assert idp.revoke_refresh_tokens("alice@contoso.example") == 0
    response = await token(http, grant_type="refresh_token", refresh_token=refresh)
    oauth_error(response, 400, "invalid_grant", 50173)


async def test_expired_refresh_token(http: httpx.AsyncClient, clock: Clock) -> None:
    refresh = (await sign_in(http))["refresh_token"]
    clock.advance(90 * 24 * 3600 + 1)
    response = await token(http, grant_type="refresh_token", refresh_token=refresh)
    oauth_error(response, 400, "invalid_grant", 70008)


async def test_refresh_token_of_another_client(clock: Clock) -> None:
    idp = memory_idp(
        with_clients(*default_directory().clients, Client("other", "other-secret", "Other")), clock
    )
    async with client_of(idp) as http:
        refresh = (await sign_in(http))["refresh_token"]
        response = await token(
            http,
            grant_type="refresh_token",
            refresh_token=refresh,
            client_id="other",
            client_secret="other-secret",
        )
    oauth_error(response, 400, "invalid_grant", 70000)


# --- client credentials ---------------------------------------------------------------------


async def test_client_credentials(http: httpx.AsyncClient, idp: IdentityProvider) -> None:
    response = await token(
        http, FABRIKAM_TENANT, grant_type="client_credentials", scope=f"{BC}/.default"
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["token_type"] == "Bearer"
    assert "refresh_token" not in body
    assert idp.verifier.verify(f"Bearer {body['access_token']}") == Principal(
        tenant_id=FABRIKAM_TENANT,
        subject=DEV_CLIENT_ID,
        kind="app",
        scopes=frozenset({"API.ReadWrite.All"}),
        client_id=DEV_CLIENT_ID,
    )
    claims = jwt.decode(body["access_token"], idp_public_key(await jwks(http))).claims
    assert claims["roles"] == ["API.ReadWrite.All"]
    assert "scp" not in claims
    assert claims["tid"] == FABRIKAM_TENANT


async def test_client_credentials_need_a_specific_tenant(http: httpx.AsyncClient) -> None:
    for segment in ("common", "organizations"):
        response = await token(
            http, segment, grant_type="client_credentials", scope=f"{BC}/.default"
        )
        oauth_error(response, 400, "unauthorized_client", 90130)


async def test_client_credentials_need_admin_consent_in_the_tenant(clock: Clock) -> None:
    idp = memory_idp(
        with_clients(Client("app", "app-secret", "Daemon", app_tenants=(CONTOSO_TENANT,))),
        clock,
    )
    async with client_of(idp) as http:
        form = {
            "grant_type": "client_credentials",
            "client_id": "app",
            "client_secret": "app-secret",
            "scope": f"{BC}/.default",
        }
        assert (await token(http, CONTOSO_TENANT, **form)).status_code == 200
        refused = await token(http, FABRIKAM_TENANT, **form)
    body = oauth_error(refused, 400, "unauthorized_client", 700016)
    assert FABRIKAM_TENANT in body["error_description"]


async def test_client_credentials_scope_must_be_bc_default(http: httpx.AsyncClient) -> None:
    wrong = await token(http, grant_type="client_credentials", scope=f"{BC}/user_impersonation")
    oauth_error(wrong, 400, "invalid_scope", 1002012)
    other = await token(
        http, grant_type="client_credentials", scope="https://graph.microsoft.com/.default"
    )
    oauth_error(other, 400, "invalid_resource", 500011)
    missing = await token(http, grant_type="client_credentials")
    oauth_error(missing, 400, "invalid_request", 900144)


# --- discovery ------------------------------------------------------------------------------


async def jwks(http: httpx.AsyncClient, tenant: str = CONTOSO_TENANT) -> dict[str, Any]:
    response = await http.get(f"/{tenant}/discovery/v2.0/keys")
    assert response.status_code == 200
    body: dict[str, Any] = response.json()
    return body


def idp_public_key(key_set: dict[str, Any]) -> KeySet:
    return KeySet.import_key_set(cast(KeySetSerialization, key_set))


async def test_openid_configuration(http: httpx.AsyncClient) -> None:
    config = (await http.get("/contoso.example/v2.0/.well-known/openid-configuration")).json()
    root = f"{BASE}/{CONTOSO_TENANT}"
    assert config["issuer"] == f"{root}/v2.0"
    assert config["authorization_endpoint"] == f"{root}/oauth2/v2.0/authorize"
    assert config["token_endpoint"] == f"{root}/oauth2/v2.0/token"
    assert config["jwks_uri"] == f"{root}/discovery/v2.0/keys"
    assert config["response_types_supported"] == ["code"]
    assert config["code_challenge_methods_supported"] == ["S256"]
    assert set(config["grant_types_supported"]) == {
        "authorization_code",
        "refresh_token",
        "client_credentials",
    }

    common = (await http.get("/common/v2.0/.well-known/openid-configuration")).json()
    assert common["issuer"] == f"{BASE}/{{tenantid}}/v2.0"
    assert common["token_endpoint"] == f"{BASE}/common/oauth2/v2.0/token"

    unknown = await http.get("/nowhere.example/v2.0/.well-known/openid-configuration")
    oauth_error(unknown, 400, "invalid_request", 90002)


async def test_public_url_is_the_issuer(clock: Clock) -> None:
    settings = SandboxSettings(public_url="https://bc.example.net/")
    idp = memory_idp(settings, clock)
    async with client_of(idp) as http:
        config = (await http.get(f"/{CONTOSO_TENANT}/v2.0/.well-known/openid-configuration")).json()
        body = await sign_in(http)
    assert config["issuer"] == f"https://bc.example.net/{CONTOSO_TENANT}/v2.0"
    assert idp.verifier.verify(f"Bearer {body['access_token']}").subject == ALICE
    # With a public URL configured, a token naming any other issuer host is refused.
    stray = idp.issue_access_token(user=ALICE, issuer_base="https://elsewhere.example")
    with pytest.raises(ODataError):
        idp.verifier.verify(f"Bearer {stray}")


async def test_jwks_holds_only_the_public_key(http: httpx.AsyncClient) -> None:
    keys = (await jwks(http))["keys"]
    assert len(keys) == 1
    key = keys[0]
    assert key["kty"] == "RSA"
    assert key["use"] == "sig"
    assert key["kid"]
    assert {"n", "e"} <= key.keys()
    assert not {"d", "p", "q", "dp", "dq", "qi"} & key.keys()


async def test_a_client_can_verify_tokens_from_the_published_keys(
    http: httpx.AsyncClient, clock: Clock
) -> None:
    # What an independent resource server would do: discovery, then JWKS, then a JWT library.
    access_token = (await sign_in(http))["access_token"]
    config = (await http.get(f"/{CONTOSO_TENANT}/v2.0/.well-known/openid-configuration")).json()
    key_set = KeySet.import_key_set((await http.get(config["jwks_uri"])).json())
    decoded = jwt.decode(access_token, key_set, algorithms=["RS256"])
    assert decoded.header["kid"] == key_set.keys[0].kid
    JWTClaimsRegistry(
        now=int(clock()),
        iss={"essential": True, "value": config["issuer"]},
        aud={"essential": True, "value": BC},
        exp={"essential": True},
        tid={"essential": True, "value": CONTOSO_TENANT},
    ).validate(decoded.claims)


# --- the verifier ---------------------------------------------------------------------------


def rejected(idp: IdentityProvider, header: str | None) -> bool:
    try:
        idp.verifier.verify(header)
    except ODataError as error:
        assert error.status == 401
        assert error.code == "Authentication_InvalidCredentials"
        return True
    return False


async def test_expired_token_is_rejected(idp: IdentityProvider, clock: Clock) -> None:
    header = f"Bearer {idp.issue_access_token(user='alice@contoso.example')}"
    clock.advance(3600 + 59)  # within the 60 s leeway
    assert not rejected(idp, header)
    clock.advance(2)
    assert rejected(idp, header)


async def test_token_from_the_future_is_rejected(idp: IdentityProvider, clock: Clock) -> None:
    header = f"Bearer {idp.issue_access_token(user=ALICE)}"
    clock.advance(-120)
    assert rejected(idp, header)


async def test_tampered_token_is_rejected(http: httpx.AsyncClient, idp: IdentityProvider) -> None:
    genuine = idp.issue_access_token(user=ALICE)
    header, payload, signature = genuine.split(".")
    claims = jwt.decode(genuine, idp_public_key(await jwks(http))).claims
    forged_claims = json.dumps(claims | {"tid": FABRIKAM_TENANT}).encode()
    forged_payload = base64.urlsafe_b64encode(forged_claims).rstrip(b"=").decode()
    assert rejected(idp, f"Bearer {header}.{forged_payload}.{signature}")
    assert rejected(idp, f"Bearer {header}.{payload}.{signature[:-4]}AAAA")


async def test_token_signed_by_another_key_is_rejected(
    http: httpx.AsyncClient, idp: IdentityProvider
) -> None:
    genuine = jwt.decode(idp.issue_access_token(user=ALICE), idp_public_key(await jwks(http)))
    impostor = RSAKey.generate_key(2048)
    forged = jwt.encode(genuine.header, genuine.claims, impostor)  # same kid, wrong key
    assert rejected(idp, f"Bearer {forged}")


async def test_wrong_audience_is_rejected(http: httpx.AsyncClient, idp: IdentityProvider) -> None:
    # An ID token is signed by the same key, but it is meant for the app, not for BC.
    id_token = (await sign_in(http))["id_token"]
    assert rejected(idp, f"Bearer {id_token}")


async def test_verifier_checks_every_claim(clock: Clock) -> None:
    # Sign with the provider's own key (read from its table), so only the claims can be at fault.
    conn = sqlite3.connect(":memory:")
    idp = IdentityProvider(SandboxSettings(), conn, clock=clock)
    key = RSAKey.import_key(conn.execute("SELECT private_pem FROM idp_signing_key").fetchone()[0])
    genuine = jwt.decode(idp.issue_access_token(user=ALICE), key)

    def sign(claims: dict[str, Any], header: dict[str, Any] | None = None) -> str:
        return "Bearer " + jwt.encode(header or genuine.header, claims, key)

    assert not rejected(idp, sign(genuine.claims))
    base = genuine.claims
    iss_fabrikam = f"http://localhost/{FABRIKAM_TENANT}/v2.0"
    for claims in (
        base | {"aud": "https://graph.microsoft.com"},
        base | {"tid": "00000000-0000-0000-0000-000000000000"},
        base | {"tid": "contoso.example"},  # a domain is not a tid
        base | {"iss": iss_fabrikam},  # issuer of another tenant
        base | {"nbf": int(START) + 3600},
        {k: v for k, v in base.items() if k != "exp"},
        {k: v for k, v in base.items() if k != "scp"},  # neither scp nor roles
        base | {"roles": ["API.ReadWrite.All"], "scp": 7},
    ):
        assert rejected(idp, sign(claims)), claims
    assert rejected(idp, sign(base, genuine.header | {"kid": "another"}))


async def test_malformed_authorization_headers_are_rejected(idp: IdentityProvider) -> None:
    good = idp.issue_access_token(user=ALICE)
    for header in (None, "", "Bearer", "Bearer ", f"Basic {good}", "Bearer not.a.jwt", "Bearer x"):
        assert rejected(idp, header), header
    assert not rejected(idp, f"bearer {good}")  # the scheme is case-insensitive


async def test_issue_access_token_helper(idp: IdentityProvider) -> None:
    user = idp.verifier.verify(f"Bearer {idp.issue_access_token(user='bob@contoso.example')}")
    assert (user.kind, user.subject, user.tenant_id) == ("user", BOB, CONTOSO_TENANT)
    app = idp.verifier.verify(f"Bearer {idp.issue_access_token(tenant='fabrikam.example')}")
    assert (app.kind, app.subject, app.tenant_id) == ("app", DEV_CLIENT_ID, FABRIKAM_TENANT)
    with pytest.raises(ValueError):
        idp.issue_access_token()
    with pytest.raises(ValueError):
        idp.issue_access_token(user=ALICE, tenant=CONTOSO_TENANT)
    with pytest.raises(ValueError):
        idp.issue_access_token(user="nobody@contoso.example")


# --- environments ---------------------------------------------------------------------------


async def test_environments_for_the_tokens_tenant(
    http: httpx.AsyncClient, idp: IdentityProvider
) -> None:
    bearer = {"Authorization": f"Bearer {idp.issue_access_token(user='carol@fabrikam.example')}"}
    response = await http.get("/environments/v1.2", headers=bearer)
    assert response.status_code == 200
    assert response.json() == {
        "value": [
            {
                "aadTenantId": FABRIKAM_TENANT,
                "applicationFamily": "BusinessCentral",
                "type": "Production",
                "name": "production",
                "countryCode": "US",
                "webServiceUrl": f"{BASE}/v2.0/{FABRIKAM_TENANT}/production",
                "webClientLoginUrl": f"{BASE}/{FABRIKAM_TENANT}/production",
                "ringName": "PROD",
            }
        ]
    }


async def test_environments_need_a_token(http: httpx.AsyncClient) -> None:
    response = await http.get("/environments/v1.2")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "Authentication_InvalidCredentials"
    assert response.headers["www-authenticate"].startswith("Bearer")


# --- persistence and public surface ---------------------------------------------------------


async def test_file_database_keeps_the_signing_key(tmp_path: Path, clock: Clock) -> None:
    path = str(tmp_path / "sandbox.db")
    first_conn = sqlite3.connect(path)
    first = IdentityProvider(SandboxSettings(), first_conn, clock=clock)
    issued = first.issue_access_token(user=ALICE)
    first_conn.close()

    second_conn = sqlite3.connect(path)
    second = IdentityProvider(SandboxSettings(), second_conn, clock=clock)
    assert second.verifier.verify(f"Bearer {issued}").subject == ALICE
    second_conn.close()


async def test_refresh_tokens_survive_a_restart(tmp_path: Path, clock: Clock) -> None:
    path = str(tmp_path / "sandbox.db")
    conn = sqlite3.connect(path)
    idp = IdentityProvider(SandboxSettings(), conn, clock=clock)
    async with client_of(idp) as http:
        refresh = (await sign_in(http))["refresh_token"]
    conn.close()

    conn = sqlite3.connect(path)
    idp = IdentityProvider(SandboxSettings(), conn, clock=clock)
    async with client_of(idp) as http:
        response = await token(http, grant_type="refresh_token", refresh_token=refresh)
    conn.close()
    assert response.status_code == 200, response.text


def test_public_api() -> None:
    assert sorted(sandbox.identity.__all__) == ["IdentityProvider", "Principal", "TokenVerifier"]
