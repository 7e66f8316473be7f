"""The tenant an organisation connects is the one a verified sign-in names, not the one the
browser brings back from admin consent: a user who rewrites it to another tenant where the
app is consented (here Fabrikam, where `bcgraph-dev` is) attaches nothing."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from gateway.app import Runtime
from sandbox.directory import (
    CONTOSO_TENANT,
    DEV_CLIENT_ID,
    DEV_CLIENT_SECRET,
    FABRIKAM_TENANT,
)
from tests.gateway.orgs.consent import (
    BOB_OID,
    CAROL_OID,
    START,
    answer_page,
    as_user,
    consent,
    s2s_settings,
)
from tests.gateway.stack import Stack, running_stack

# Consented in Contoso and Fabrikam, and on both tenants' Entra Applications lists: a
# client-credentials token for Fabrikam would open Fabrikam's Business Central.
CONSENTED_EVERYWHERE = s2s_settings(DEV_CLIENT_ID, DEV_CLIENT_SECRET)


def runtime(stack: Stack) -> Runtime:
    found: Runtime = stack.gateway.state.runtime
    return found


async def test_a_rewritten_tenant_is_refused_and_nothing_is_stored() -> None:
    async with running_stack(**CONSENTED_EVERYWHERE) as stack:
        # Mallory is Contoso's admin (Alice) and consents there, then edits the redirect.
        refused = await consent(stack, "u-mal", "mallory-co", tenant=FABRIKAM_TENANT)
        assert refused.status_code == 403, refused.text
        assert "Tenant not confirmed" in refused.text
        assert f"Consent came back for tenant {FABRIKAM_TENANT}" in refused.text
        assert f"signed in to tenant {CONTOSO_TENANT}" in refused.text
        assert await runtime(stack).store.list() == []
        me = await stack.http.post(
            "/graphql",
            json={"query": "{ me { connected } }"},
            headers=as_user(stack, "u-mal", "mallory-co"),
        )
        assert me.json()["data"]["me"]["connected"] is False


async def test_the_confirming_sign_in_must_be_in_the_consented_tenant() -> None:
    async with running_stack(**CONSENTED_EVERYWHERE) as stack:
        # Consent in Contoso, but a Fabrikam admin signs in to confirm it.
        refused = await consent(stack, "u-ann", "contoso-co", signer=CAROL_OID)
        assert refused.status_code == 403, refused.text
        assert "Tenant not confirmed" in refused.text
        assert await runtime(stack).store.list() == []


async def test_a_member_who_is_not_an_admin_cannot_confirm() -> None:
    async with running_stack(**CONSENTED_EVERYWHERE) as stack:
        # The ID token's directory roles (`wids`) name no role that may consent.
        refused = await consent(stack, "u-ben", "contoso-co", signer=BOB_OID)
        assert refused.status_code == 403, refused.text
        assert "is not an administrator of tenant" in refused.text
        assert await runtime(stack).store.list() == []


async def test_consent_goes_on_to_an_openid_sign_in_that_then_connects() -> None:
    async with running_stack(**CONSENTED_EVERYWHERE) as stack:
        start = await stack.http.get(START, headers=as_user(stack, "u-fay", "fabrikam-co"))
        path, query = await answer_page(stack, start.headers["location"], CAROL_OID)
        assert query["tenant"] == FABRIKAM_TENANT
        consented = await stack.http.get(path, params=query)
        assert consented.status_code == 302, consented.text
        sign_in = urlsplit(consented.headers["location"])
        asked = {k: v[0] for k, v in parse_qs(sign_in.query).items()}
        assert sign_in.path == "/organizations/oauth2/v2.0/authorize"
        assert "openid" in asked["scope"].split()
        assert asked["code_challenge_method"] == "S256"
        assert asked["nonce"] and asked["state"] != query["state"]
        # Nothing is stored until the sign-in confirms the tenant.
        assert await runtime(stack).store.list() == []

        path, signed = await answer_page(stack, consented.headers["location"], CAROL_OID)
        finished = await stack.http.get(path, params=signed)
        assert finished.status_code == 200, finished.text
        assert "Organisation connected" in finished.text
        stored = await runtime(stack).store.list()
        assert [(c.user_id, c.tenant_id) for c in stored] == [("org:fabrikam-co", FABRIKAM_TENANT)]
        # The sign-in's answer is single-use.
        again = await stack.http.get(path, params=signed)
        assert again.status_code == 400
        assert "already used" in again.text


async def test_the_sign_in_leg_refuses_another_browser() -> None:
    async with running_stack(**CONSENTED_EVERYWHERE) as stack:
        start = await stack.http.get(START, headers=as_user(stack, "u-fay", "fabrikam-co"))
        path, query = await answer_page(stack, start.headers["location"], CAROL_OID)
        consented = await stack.http.get(path, params=query)
        path, signed = await answer_page(stack, consented.headers["location"], CAROL_OID)
        stack.http.cookies.clear()
        refused = await stack.http.get(path, params=signed)
        assert refused.status_code == 400
        assert "started in another browser" in refused.text
        assert await runtime(stack).store.list() == []
