"""Admin consent makes one organisation connection that every user of the organisation
queries and writes through; users of another organisation, or of none, never reach it."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from gateway.connections import ConnectionKind
from gateway.limits import LimitsConfig
from sandbox.directory import CONTOSO_TENANT
from tests.gateway.orgs.consent import ME, START, as_user, consent, graphql, s2s_settings
from tests.gateway.stack import Stack, running_stack

CONTOSO, FABRIKAM = "contoso-co", "fabrikam-co"


@pytest.fixture
async def stack() -> AsyncIterator[Stack]:
    async with running_stack(**s2s_settings()) as stack:
        yield stack


async def test_two_users_of_one_organisation_share_its_connection(stack: Stack) -> None:
    finished = await consent(stack, "u-ann", CONTOSO)
    assert finished.status_code == 200, finished.text
    assert "Organisation connected" in finished.text

    stored = await stack.gateway.state.runtime.store.list()
    assert [(c.user_id, c.kind, c.tenant_id) for c in stored] == [
        (f"org:{CONTOSO}", ConnectionKind.APP, CONTOSO_TENANT)
    ]
    assert stored[0].refresh_token is None

    for user in ("u-ann", "u-ben"):
        me = await graphql(stack, user, CONTOSO, ME)
        assert me["data"]["me"] == {
            "userId": user,
            "connected": True,
            "connectionKind": "ORGANISATION",
            "organisation": CONTOSO,
            "tenantId": CONTOSO_TENANT,
            "environment": "production",
        }

    created = await graphql(
        stack,
        "u-ben",
        CONTOSO,
        'mutation { createVendor(input: {displayName: "Org Supplies"}) { id number } }',
    )
    assert "errors" not in created, created
    vendor_id = created["data"]["createVendor"]["id"]
    read = await graphql(
        stack, "u-ann", CONTOSO, f'{{ vendor(id: "{vendor_id}") {{ displayName }} }}'
    )
    assert read["data"]["vendor"] == {"displayName": "Org Supplies"}


async def test_users_of_another_organisation_or_none_never_reach_it(stack: Stack) -> None:
    assert (await consent(stack, "u-ann", CONTOSO)).status_code == 200
    for user, org in (("u-carl", FABRIKAM), ("u-dora", None), ("u-eve", "contoso")):
        me = await graphql(stack, user, org, ME)
        assert me["data"]["me"]["connected"] is False, (user, me)
        assert me["data"]["me"]["connectionKind"] is None
        refused = await graphql(stack, user, org, "{ vendors(first: 1) { nodes { id } } }")
        assert refused["errors"][0]["extensions"]["code"] == "NOT_CONNECTED", refused
        proxied = await stack.http.get("/proxy/companies", headers=as_user(stack, user, org))
        assert proxied.status_code == 409, proxied.text


async def test_a_user_id_naming_an_organisation_is_refused(stack: Stack) -> None:
    assert (await consent(stack, "u-ann", CONTOSO)).status_code == 200
    refused = await graphql(stack, f"org:{CONTOSO}", None, ME)
    assert refused["errors"][0]["extensions"]["reason"] == "reserved_user_id", refused


async def test_a_users_own_connection_comes_before_the_organisations(stack: Stack) -> None:
    assert (await consent(stack, "u-ann", CONTOSO)).status_code == 200
    own = await stack.connect("u-ann", "bob@contoso.example")
    assert own.status_code == 200, own.text
    me = await graphql(stack, "u-ann", CONTOSO, ME)
    assert me["data"]["me"]["connectionKind"] == "USER"
    assert me["data"]["me"]["organisation"] is None
    other = await graphql(stack, "u-ben", CONTOSO, ME)
    assert other["data"]["me"]["connectionKind"] == "ORGANISATION"


async def test_the_proxy_goes_through_the_organisations_connection(stack: Stack) -> None:
    assert (await consent(stack, "u-ann", CONTOSO)).status_code == 200
    answer = await stack.http.get("/proxy/companies", headers=as_user(stack, "u-ben", CONTOSO))
    assert answer.status_code == 200, answer.text
    assert answer.json()["value"], answer.json()


async def test_only_a_user_whose_token_names_an_organisation_may_start(stack: Stack) -> None:
    refused = await stack.http.get(START, headers=as_user(stack, "u-dora", None))
    assert refused.status_code == 400
    assert "names no organisation" in refused.text
    unauthenticated = await stack.http.get(START)
    assert unauthenticated.status_code == 401
    ticket = await stack.http.post(START, headers=as_user(stack, "u-dora", None))
    assert ticket.json()["errors"][0]["extensions"]["reason"] == "no_organisation"


async def test_the_organisations_users_share_its_rate_limit() -> None:
    limits = LimitsConfig(rate_per_second=0.01, rate_burst=2)
    async with running_stack(**s2s_settings(), limits=limits) as stack:
        assert (await consent(stack, "u-ann", CONTOSO)).status_code == 200
        assert "errors" not in await graphql(stack, "u-ann", CONTOSO, ME)
        assert "errors" not in await graphql(stack, "u-ben", CONTOSO, ME)
        refused = await graphql(stack, "u-cid", CONTOSO, ME)
        assert refused["errors"][0]["extensions"]["code"] == "RATE_LIMITED", refused
        # A user of another organisation has a bucket of their own.
        assert "errors" not in await graphql(stack, "u-carl", FABRIKAM, ME)


async def test_a_browser_starts_with_a_single_use_ticket(stack: Stack) -> None:
    issued = await stack.http.post(
        START, params={"tenant": "contoso.example"}, headers=as_user(stack, "u-ann", CONTOSO)
    )
    assert issued.status_code == 200, issued.text
    url = issued.json()["url"]
    assert url.startswith(f"http://localhost:8000{START}?ticket=")
    started = await stack.http.get(url)
    assert started.status_code == 302
    location = started.headers["location"]
    assert location.startswith("http://sandbox.test/contoso.example/v2.0/adminconsent?"), location
    assert "scope=https%3A%2F%2Fapi.businesscentral.dynamics.com%2F.default" in location
    again = await stack.http.get(url)
    assert again.status_code == 400
    assert "already used" in again.text


async def test_a_tenant_connected_to_one_organisation_is_refused_to_another(stack: Stack) -> None:
    assert (await consent(stack, "u-ann", CONTOSO)).status_code == 200
    # The callback's tenant comes through the browser: another organisation's user could
    # name Contoso there. Contoso's tenant stays Contoso's organisation's.
    refused = await consent(stack, "u-mal", "mallory-co")
    assert refused.status_code == 409
    assert "already connected to another organisation" in refused.text
    stored = await stack.gateway.state.runtime.store.list()
    assert [c.user_id for c in stored] == [f"org:{CONTOSO}"]
    # The same organisation may connect it again (an admin renewing consent).
    assert (await consent(stack, "u-ben", CONTOSO)).status_code == 200
