"""What goes wrong with an organisation connection comes back as a clear page or error: consent
refused, an app Microsoft will not give a token, consent revoked after connecting."""

from __future__ import annotations

import asyncio
import dataclasses
import time

from gateway.app import Runtime
from sandbox.directory import (
    CONTOSO_TENANT,
    EXPIRED_CLIENT_ID,
    EXPIRED_CLIENT_SECRET,
    S2S_CLIENT_ID,
)
from tests.gateway.orgs.consent import BOB_OID, ME, consent, graphql, s2s_settings
from tests.gateway.stack import Stack, running_stack

CONTOSO = "contoso-co"
VENDORS = "{ vendors(first: 1) { nodes { id } } }"


def runtime(stack: Stack) -> Runtime:
    found: Runtime = stack.gateway.state.runtime
    return found


async def test_an_admin_declining_connects_nothing() -> None:
    async with running_stack(**s2s_settings()) as stack:
        declined = await consent(stack, "u-ann", CONTOSO, action="decline")
        assert declined.status_code == 403
        assert "Consent not given" in declined.text
        assert "access_denied" in declined.text
        assert await runtime(stack).store.list() == []


async def test_a_user_who_is_not_an_admin_cannot_consent() -> None:
    async with running_stack(**s2s_settings()) as stack:
        refused = await consent(stack, "u-ann", CONTOSO, admin=BOB_OID)
        assert refused.status_code == 403
        assert "A tenant admin must accept" in refused.text
        assert await runtime(stack).store.list() == []


async def test_an_app_whose_secret_expired_is_refused_a_token() -> None:
    settings = s2s_settings(EXPIRED_CLIENT_ID, EXPIRED_CLIENT_SECRET)
    async with running_stack(**settings) as stack:
        refused = await consent(stack, "u-ann", CONTOSO)
        assert refused.status_code == 502
        assert f"Microsoft refused the app a token in tenant {CONTOSO_TENANT}" in refused.text
        assert "invalid_client" in refused.text
        assert await runtime(stack).store.list() == []


async def test_a_callback_without_the_starting_browser_is_refused() -> None:
    async with running_stack(**s2s_settings()) as stack:
        start = await stack.http.get(
            "/connect/organisation/start",
            headers={"Authorization": f"Bearer {stack.token('u-ann', org=CONTOSO)}"},
        )
        stack.http.cookies.clear()
        state = dict(p.split("=", 1) for p in start.headers["location"].split("?")[1].split("&"))
        back = await stack.http.get(
            "/oauth/adminconsent",
            params={"admin_consent": "True", "tenant": CONTOSO_TENANT, "state": state["state"]},
        )
        assert back.status_code == 400
        assert "started in another browser" in back.text
        assert await runtime(stack).store.list() == []


async def test_revoked_consent_asks_every_user_for_an_admins_consent_again() -> None:
    async with running_stack(**s2s_settings()) as stack:
        assert (await consent(stack, "u-ann", CONTOSO)).status_code == 200
        assert "errors" not in await graphql(stack, "u-ben", CONTOSO, VENDORS)
        revoked = await stack.idp.delete(
            f"/_sandbox/identity/consents/{CONTOSO_TENANT}/{S2S_CLIENT_ID}"
        )
        assert revoked.status_code == 204
        await expire_token(runtime(stack), f"org:{CONTOSO}")

        for user in ("u-ben", "u-ann"):
            body = await graphql(stack, user, CONTOSO, VENDORS)
            error = body["errors"][0]
            assert error["extensions"]["code"] == "NOT_CONNECTED", body
            assert error["extensions"]["reason"] == "needs_consent"
            assert error["extensions"]["consentUrl"] == (
                "http://localhost:8000/connect/organisation/start"
            )
            assert "an admin of tenant" in error["message"]
            assert "must consent again" in error["message"]
            assert "unauthorized_client" in error["message"]
        me = await graphql(stack, "u-ben", CONTOSO, ME)
        assert me["data"]["me"]["connected"] is False
        assert me["data"]["me"]["connectionKind"] == "ORGANISATION"

        # An admin consents again: the organisation's users are back.
        assert (await consent(stack, "u-ben", CONTOSO)).status_code == 200
        assert "errors" not in await graphql(stack, "u-ann", CONTOSO, VENDORS)


async def expire_token(runtime: Runtime, key: str) -> None:
    """The app token runs out: the next call asks for one by client credentials."""
    connection = await runtime.store.get(key)
    assert connection is not None
    past = time.time() - 10
    await runtime.store.put(dataclasses.replace(connection, issued_at=past - 3600, expires_at=past))
    runtime.tokens.forget(key)


async def test_an_expired_app_token_is_renewed_once_for_many_requests() -> None:
    async with running_stack(**s2s_settings()) as stack:
        assert (await consent(stack, "u-ann", CONTOSO)).status_code == 200
        key = f"org:{CONTOSO}"
        await expire_token(runtime(stack), key)
        before = await runtime(stack).store.get(key)
        assert before is not None

        answers = await asyncio.gather(
            *(graphql(stack, f"u-{i}", CONTOSO, VENDORS) for i in range(10))
        )
        assert all("errors" not in a for a in answers), answers
        after = await runtime(stack).store.get(key)
        assert after is not None
        # One client-credentials token, written once; no refresh token, ever.
        assert after.version == before.version + 1
        assert after.access_token != before.access_token and after.refresh_token is None
        assert after.expires_at - after.issued_at > 300
