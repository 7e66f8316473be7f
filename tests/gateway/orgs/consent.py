"""Organisation connections through the sandbox: the gateway set up with an app registered
for service-to-service use (no consent yet), user tokens that name an organisation, and an
admin's browser walking Microsoft's admin consent."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl, urlsplit

import httpx

from gateway.auth import UserTokenConfig
from gateway.oauth import OAuthConfig
from sandbox.directory import S2S_CLIENT_ID, S2S_CLIENT_SECRET
from tests.conftest import BASE_URL as SANDBOX_URL
from tests.consent import ConsentForm
from tests.gateway.stack import GATEWAY_URL, USER_TOKEN_SECRET, Stack

ORG_CLAIM = "org"
ALICE_OID = "0f1e2d3c-0000-4000-8000-000000000a11"  # Contoso's tenant admin
BOB_OID = "0f1e2d3c-0000-4000-8000-000000000b0b"  # a Contoso user, not an admin
CAROL_OID = "0f1e2d3c-0000-4000-8000-000000000ca1"  # Fabrikam's tenant admin
START = "/connect/organisation/start"

ME = "{ me { userId connected connectionKind organisation tenantId environment } }"


def s2s_settings(client_id: str = S2S_CLIENT_ID, secret: str = S2S_CLIENT_SECRET) -> dict[str, Any]:
    """The gateway's settings for an app registered for S2S, and the organisation claim."""
    oauth = OAuthConfig(
        client_id=client_id,
        client_secret=secret,
        authority=f"{SANDBOX_URL}/organizations",
        bc_api_base_url=SANDBOX_URL,
        redirect_url=f"{GATEWAY_URL}/oauth/callback",
    )
    tokens = UserTokenConfig(hs256_secret=USER_TOKEN_SECRET, org_claim=ORG_CLAIM)
    return {"oauth": oauth, "user_tokens": tokens}


def as_user(stack: Stack, user_id: str, org: str | None) -> dict[str, str]:
    claims = {ORG_CLAIM: org} if org is not None else {}
    return {"Authorization": f"Bearer {stack.token(user_id, **claims)}"}


async def consent(
    stack: Stack,
    user_id: str,
    org: str,
    *,
    admin: str = ALICE_OID,
    action: str = "accept",
    params: dict[str, str] | None = None,
    signer: str | None = None,
    tenant: str | None = None,
) -> httpx.Response:
    """A user of `org` starts admin consent; `admin` answers Microsoft's page with `action`;
    the browser comes back to the gateway (with its `tenant` rewritten, if given), goes on
    to the sign-in that confirms the tenant, where `signer` (else `admin`) signs in, and
    comes back again. Returns the gateway's last answer."""
    start = await stack.http.get(START, params=params, headers=as_user(stack, user_id, org))
    assert start.status_code == 302, start.text
    path, query = await answer_page(stack, start.headers["location"], admin, action)
    if tenant is not None:
        query["tenant"] = tenant
    consented = await stack.http.get(path, params=query)
    if consented.status_code != 302:
        return consented
    path, query = await answer_page(stack, consented.headers["location"], signer or admin)
    return await stack.http.get(path, params=query)


async def answer_page(
    stack: Stack, url: str, user: str, action: str = "accept"
) -> tuple[str, dict[str, str]]:
    """The identity provider's page at `url`, answered by `user`: where it sends the browser."""
    page = await stack.idp.get(url)
    assert page.status_code == 200, page.text
    form = ConsentForm(page.text)
    answer = await stack.idp.post(
        form.action, data=form.hidden | {"user_id": user, "action": action}
    )
    assert answer.status_code == 302, answer.text
    back = urlsplit(answer.headers["location"])
    return back.path, dict(parse_qsl(back.query))


async def graphql(
    stack: Stack, user_id: str, org: str | None, query: str, variables: dict[str, Any] | None = None
) -> dict[str, Any]:
    response = await stack.http.post(
        "/graphql",
        json={"query": query, "variables": variables or {}},
        headers=as_user(stack, user_id, org),
    )
    body: dict[str, Any] = response.json()
    return body
