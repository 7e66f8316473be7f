"""Isolation: two users in two tenants interleave 1,000 random operations through one gateway
(GraphQL reads and writes, the REST proxy), often naming each other's ids and companies,
and neither ever sees a record of the other's tenant.

How a cross-tenant read would show: an id of the other tenant in a response that the request
did not itself contain (an error may echo the id the caller sent; that is not a leak). Each
tenant's ids are known in full: the seed is deterministic, and ids created during the run are
added to their creator's tenant.
"""

from __future__ import annotations

import asyncio
import json
import random
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest

from sandbox.directory import CONTOSO_TENANT, FABRIKAM_TENANT
from tests.resilience.harness import (
    USER_A,
    USER_C,
    Harness,
    faulty_stack,
    seed_companies,
    seed_ids,
    seed_rows,
    unique_name,
)

OPERATIONS = 1000
UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")

BY_ID = {
    "vendors": "vendor",
    "purchaseInvoices": "purchaseInvoice",
    "purchaseInvoiceLines": "purchaseInvoiceLine",
    "accounts": "account",
    "taxGroups": "taxGroup",
    "paymentTerms": "paymentTerm",
}
LISTS = {
    "vendors": "vendors(first: 20, companyId: $c) { nodes { id number paymentTerm { id } } }",
    "purchaseInvoices": "purchaseInvoices(first: 5, companyId: $c) { nodes { id vendor { id }"
    " lines { nodes { id accountId account { id } } } } }",
    "accounts": "accounts(first: 20, companyId: $c) { nodes { id } }",
    "taxGroups": "taxGroups(companyId: $c) { nodes { id } }",
    "paymentTerms": "paymentTerms(companyId: $c) { nodes { id } }",
}


@dataclass
class Tenant:
    user: str
    tenant: str
    companies: list[str]
    ids: set[str]
    # A few record ids per entity set, to ask for by id (one's own or the other's).
    samples: dict[str, list[str]] = field(default_factory=dict)


async def tenant(h: Harness, user: str, tenant_id: str) -> Tenant:
    me = await h.stack.graphql(user, "{ me { defaultCompanyId } }")
    default = me.json()["data"]["me"]["defaultCompanyId"]
    others = sorted(str(c["id"]) for c in seed_companies(tenant_id) if str(c["id"]) != default)
    t = Tenant(user, tenant_id, [default, *others], set(seed_ids(tenant_id)))
    for entity_set in BY_ID:
        # By-id reads name no company, so they are about the default company's records.
        rows = seed_rows(tenant_id, entity_set, default)
        t.samples[entity_set] = [str(r["id"]) for r in rows[:10]]
    return t


@dataclass
class Request:
    """One operation: what to send, and a check of its answer beyond the leak scan."""

    me: Tenant
    kind: str
    send: Callable[[], Any]
    sent_ids: set[str]
    foreign: bool  # names the other tenant's ids
    expect: Callable[[httpx.Response], None] | None = None


def plan(rng: random.Random, me: Tenant, other: Tenant, mutations: bool, h: Harness) -> Request:
    stack = h.stack

    def graphql(
        kind: str, query: str, variables: dict[str, Any], foreign: bool, **kw: Any
    ) -> Request:
        return Request(
            me,
            kind,
            lambda: stack.graphql(me.user, query, variables),
            set(UUID.findall(json.dumps(variables) + query)),
            foreign,
            **kw,
        )

    choice = rng.randrange(10 if mutations else 8)
    if choice == 0:  # a list in one of one's own companies
        entity_set = rng.choice(list(LISTS))
        company = rng.choice(me.companies)
        return graphql("list", f"query($c: UUID) {{ {LISTS[entity_set]} }}", {"c": company}, False)
    if choice == 1:  # a list in the other's company
        entity_set = rng.choice(list(LISTS))
        return graphql(
            "list-foreign-company",
            f"query($c: UUID) {{ {LISTS[entity_set]} }}",
            {"c": rng.choice(other.companies)},
            True,
            expect=_refused,
        )
    if choice in (2, 3):  # by id: one's own or the other's
        foreign = choice == 3
        entity_set = rng.choice(list(BY_ID))
        owner = other if foreign else me
        record = rng.choice(owner.samples[entity_set])
        query = f"query($i: UUID!) {{ {BY_ID[entity_set]}(id: $i) {{ id }} }}"
        return graphql(
            "by-id-foreign" if foreign else "by-id",
            query,
            {"i": record},
            foreign,
            expect=_refused if foreign else _found(record),
        )
    if choice == 4:  # a filter listing the other's ids
        wanted = rng.sample(other.samples["vendors"], 3)
        query = "query($ids: [UUID!]) { vendors(filter: {id: {in: $ids}}) { nodes { id } } }"
        return graphql("filter-foreign", query, {"ids": wanted}, True, expect=_empty("vendors"))
    if choice == 5:  # lines of the other's invoice
        invoice = rng.choice(other.samples["purchaseInvoices"])
        query = (
            "query($d: UUID) { purchaseInvoiceLines(filter: {documentId: {eq: $d}})"
            " { nodes { id } } }"
        )
        return graphql(
            "lines-foreign", query, {"d": invoice}, True, expect=_empty("purchaseInvoiceLines")
        )
    if choice == 6:  # the REST proxy, on one's own company or the other's
        foreign = rng.random() < 0.5
        company = rng.choice(other.companies if foreign else me.companies)
        vendor = rng.choice(other.samples["vendors"]) if rng.random() < 0.5 else None
        path = f"/proxy/companies({company})/vendors" + (f"({vendor})" if vendor else "?$top=5")
        return Request(
            me,
            "proxy-foreign" if foreign or vendor else "proxy",
            lambda: stack.http.get(path, headers=stack.auth(me.user)),
            set(UUID.findall(path)),
            foreign or vendor is not None,
            expect=_proxy_refused if foreign or vendor else None,
        )
    if choice == 7:  # the connection's own view
        query = "{ companies { id } me { tenantId defaultCompanyId } }"
        return graphql("me", query, {}, False, expect=_tenant_is(me))
    if choice == 8:  # a write in one's own company, whose new id joins one's own
        query = "mutation($n: String) { createVendor(input: {displayName: $n}) { id displayName } }"
        return graphql("create", query, {"n": unique_name("iso")}, False, expect=_created(me))
    # A write aimed at the other's record.
    record = rng.choice(other.samples["vendors"])
    query = (
        'mutation($i: UUID!) { updateVendor(id: $i, input: {displayName: "taken"}) { id } }'
        if rng.random() < 0.5
        else "mutation($i: UUID!) { deleteVendor(id: $i) }"
    )
    return graphql("write-foreign", query, {"i": record}, True, expect=_refused)


def _body(response: httpx.Response) -> dict[str, Any]:
    assert response.status_code == 200, response.text[:300]
    return dict(response.json())


def _refused(response: httpx.Response) -> None:
    body = _body(response)
    codes = {e["extensions"]["code"] for e in body.get("errors") or ()}
    assert codes and codes <= {"NOT_FOUND", "FORBIDDEN", "BAD_USER_INPUT"}, body


def _found(record: str) -> Callable[[httpx.Response], None]:
    def check(response: httpx.Response) -> None:
        body = _body(response)
        assert "errors" not in body, body
        assert record in json.dumps(body["data"])

    return check


def _empty(field_name: str) -> Callable[[httpx.Response], None]:
    def check(response: httpx.Response) -> None:
        body = _body(response)
        if body.get("errors"):  # BC may refuse the filter; it must not answer it
            _refused(response)
        else:
            assert body["data"][field_name]["nodes"] == [], body

    return check


def _proxy_refused(response: httpx.Response) -> None:
    assert response.status_code in (400, 401, 403, 404), (response.status_code, response.text)


def _tenant_is(me: Tenant) -> Callable[[httpx.Response], None]:
    def check(response: httpx.Response) -> None:
        data = _body(response)["data"]
        assert data["me"]["tenantId"] == me.tenant
        assert {c["id"] for c in data["companies"]} == set(me.companies)

    return check


def _created(me: Tenant) -> Callable[[httpx.Response], None]:
    def check(response: httpx.Response) -> None:
        body = _body(response)
        assert "errors" not in body, body
        me.ids.add(body["data"]["createVendor"]["id"])

    return check


@pytest.fixture
async def harness() -> Any:
    async with faulty_stack() as running:
        yield running


async def test_two_tenants_interleaving_never_see_each_other(harness: Harness) -> None:
    alice = await tenant(harness, USER_A, CONTOSO_TENANT)
    carol = await tenant(harness, USER_C, FABRIKAM_TENANT)
    assert alice.ids.isdisjoint(carol.ids)
    introspection = "{ __schema { mutationType { fields { name } } } }"
    mutations = "createVendor" in (await harness.stack.graphql(USER_A, introspection)).text
    rng = random.Random(20260)
    requests = [
        plan(rng, *((alice, carol) if rng.random() < 0.5 else (carol, alice)), mutations, harness)
        for _ in range(OPERATIONS)
    ]
    kinds: Counter[str] = Counter()
    leaks: list[tuple[str, set[str]]] = []
    own_seen: Counter[str] = Counter()
    gate = asyncio.Semaphore(20)

    async def run(request: Request) -> None:
        async with gate:
            response = await request.send()
        me = request.me
        other = carol if me is alice else alice
        kinds[request.kind] += 1
        if request.expect is not None:
            request.expect(response)
        found = set(UUID.findall(response.text))
        leaked = (found & other.ids) - request.sent_ids
        if leaked:
            leaks.append((request.kind, leaked))
        own_seen[me.user] += len(found & me.ids)

    await asyncio.gather(*(run(r) for r in requests))

    assert leaks == []
    assert sum(kinds.values()) == OPERATIONS
    # The run did what it claims: both users read plenty of their own records, and a large
    # share of the operations named the other tenant's ids.
    assert own_seen[USER_A] > 500 and own_seen[USER_C] > 500, own_seen
    assert sum(1 for r in requests if r.foreign) > OPERATIONS // 3, kinds
    # Ids created in the run are part of the check (when mutations exist).
    if mutations:
        assert kinds["create"] > 0 and len(alice.ids) > len(seed_ids(CONTOSO_TENANT))


async def test_a_line_read_by_id_is_found(harness: Harness) -> None:
    alice = await tenant(harness, USER_A, CONTOSO_TENANT)
    line = alice.samples["purchaseInvoiceLines"][0]
    response = await harness.stack.graphql(
        USER_A, "query($i: UUID!) { purchaseInvoiceLine(id: $i) { id } }", {"i": line}
    )
    _found(line)(response)


async def test_two_tenants_subscribed_at_once_receive_only_their_own_events() -> None:
    # Imported here: the live-events harness needs the subscriptions feature's modules.
    from tests.subscriptions.harness import ALICE_ID, CAROL_ID, EVENTS, live

    async with live(users=(ALICE_ID, CAROL_ID)) as world:
        alice, carol = world.bc[ALICE_ID], world.bc[CAROL_ID]
        async with world.socket(ALICE_ID) as wa, world.socket(CAROL_ID) as wc:
            await world.subscribe(wa, user_id=ALICE_ID)  # every entity kind
            await world.subscribe(wc, user_id=CAROL_ID)
            # Carol asks for the events of Alice's company: refused, and nothing comes.
            await wc.subscribe("2", EVENTS, {"company": alice.company_id})
            refused = await wc.next_for("2")
            assert refused["type"] in ("error", "next"), refused
            if refused["type"] == "next":
                codes = {e["extensions"]["code"] for e in refused["payload"]["errors"]}
                assert codes <= {"NOT_FOUND", "FORBIDDEN", "BAD_USER_INPUT"}, refused

            made: dict[str, set[str]] = {ALICE_ID: set(), CAROL_ID: set()}

            async def writes(user: str, bc: Any) -> None:
                for i in range(15):
                    created = await bc.post("vendors", json={"displayName": f"iso {user} {i}"})
                    assert created.status_code == 201, created.text
                    made[user].add(created.json()["id"])

            await asyncio.gather(writes(ALICE_ID, alice), writes(CAROL_ID, carol))
            got = {
                ALICE_ID: await world.events(
                    wa, {("VENDOR", "CREATED", i) for i in made[ALICE_ID]}
                ),
                CAROL_ID: await world.events(
                    wc, {("VENDOR", "CREATED", i) for i in made[CAROL_ID]}
                ),
            }
            late = {ALICE_ID: await wa.quiet(0.3), CAROL_ID: await wc.quiet(0.3)}

    companies = {ALICE_ID: alice.company_id, CAROL_ID: carol.company_id}
    for user, other in ((ALICE_ID, CAROL_ID), (CAROL_ID, ALICE_ID)):
        assert {e["companyId"] for e in got[user].values()} == {companies[user]}
        assert not {key[2] for key in got[user]} & made[other]
        for message in late[user]:
            text = json.dumps(message)
            assert companies[other] not in text and not any(i in text for i in made[other])
