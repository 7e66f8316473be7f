"""The ID token that confirms an admin consent's tenant is trusted only when it verifies: the
identity provider's signature, the app as audience, the tenant's own issuer, this sign-in's
nonce. Tokens come from the real sandbox's sign-in."""

from __future__ import annotations

import dataclasses
import secrets
from collections.abc import AsyncIterator
from urllib.parse import parse_qs, urlsplit

import pytest
from joserfc import jws, jwt
from joserfc.jwk import RSAKey

from gateway.oauth import IdentityClient, OAuthConfig
from gateway.oauth.id_tokens import GLOBAL_ADMINISTRATOR, IdTokenError, IdTokenVerifier
from gateway.oauth.identity import unverified_claims
from sandbox.directory import CONTOSO_TENANT
from tests.conftest import BASE_URL as SANDBOX_URL
from tests.gateway.stack import GATEWAY_URL, Stack, running_stack

CONFIG = OAuthConfig(redirect_url=f"{GATEWAY_URL}/oauth/callback").resolve(SANDBOX_URL)
REDIRECT = f"{GATEWAY_URL}/oauth/adminconsent"


@pytest.fixture
async def stack() -> AsyncIterator[Stack]:
    async with running_stack() as stack:
        yield stack


async def id_token(stack: Stack, user: str, nonce: str) -> str:
    """A sign-in at the sandbox (auto-consent for the hinted user), as the gateway makes it."""
    identity = IdentityClient(CONFIG, stack.idp)
    verifier = secrets.token_urlsafe(64)
    url = identity.authorize_url(
        state="s",
        code_verifier=verifier,
        redirect_uri=REDIRECT,
        login_hint=user,
        scope=f"openid profile {CONFIG.app_scope}",
        nonce=nonce,
    )
    answer = await stack.idp.get(url)
    assert answer.status_code == 302, answer.text
    code = parse_qs(urlsplit(answer.headers["location"]).query)["code"][0]
    tokens = await identity.exchange_code(code, verifier, REDIRECT)
    assert tokens.id_token is not None
    return tokens.id_token


async def test_a_genuine_id_token_names_the_tenant_and_roles(stack: Stack) -> None:
    token = await id_token(stack, "alice@contoso.example", "n-1")
    signed = await IdTokenVerifier(CONFIG, stack.idp).verify(token, nonce="n-1")
    assert signed.tenant_id == CONTOSO_TENANT
    assert signed.username == "alice@contoso.example"
    assert signed.roles is not None and GLOBAL_ADMINISTRATOR in signed.roles
    assert signed.may_consent is True
    member = await id_token(stack, "bob@contoso.example", "n-2")
    assert (
        await IdTokenVerifier(CONFIG, stack.idp).verify(member, nonce="n-2")
    ).may_consent is False


async def test_another_sign_ins_token_is_refused(stack: Stack) -> None:
    token = await id_token(stack, "alice@contoso.example", "n-1")
    with pytest.raises(IdTokenError, match="nonce"):
        await IdTokenVerifier(CONFIG, stack.idp).verify(token, nonce="n-other")


async def test_a_token_for_another_app_is_refused(stack: Stack) -> None:
    token = await id_token(stack, "alice@contoso.example", "n-1")
    other = dataclasses.replace(CONFIG, client_id="another-app", client_secret="x")
    with pytest.raises(IdTokenError, match="another audience"):
        await IdTokenVerifier(other, stack.idp).verify(token, nonce="n-1")


async def test_a_token_signed_by_anyone_else_is_refused(stack: Stack) -> None:
    genuine = await id_token(stack, "alice@contoso.example", "n-1")
    # The same claims and key id, signed with a key the identity provider never published.
    claims = unverified_claims(genuine)
    kid = jws.extract_compact(genuine.encode()).headers()["kid"]
    forged = jwt.encode({"alg": "RS256", "kid": kid}, claims, RSAKey.generate_key(2048))
    with pytest.raises(IdTokenError, match="signature"):
        await IdTokenVerifier(CONFIG, stack.idp).verify(forged, nonce="n-1")
