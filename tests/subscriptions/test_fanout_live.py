"""Planned subscriptions, end to end: documents that differ in their selections share one
source per (user, company, entity sets), and each socket gets, frame for frame, what the
ordinary path (graphql-core per event) sends for the same document."""

from __future__ import annotations

import json
import re
from typing import Any

from tests.subscriptions.harness import ALICE_ID, eventually, live
from tests.subscriptions.wsclient import Socket

ANY = {"If-Match": "*"}
CORRELATION = r'"bcCorrelationId": "[^"]*"'
ARGS = "recordChanged(entities: $entities, changeTypes: $changes, companyId: $company)"
HEAD = "subscription($entities: [EntityKind!], $changes: [ChangeType!], $company: UUID)"

# Representative selections: scalars and enums of the event, the record's plain fields
# (enums, Decimals, dates, GUIDs, blanks), aliases, named and inline fragments, an
# interface's fragment inside the union, repeats, __typename at every level.
DOCUMENTS = [
    f"""{HEAD} {{ {ARGS} {{ entity changeType id recordId companyId occurredAt
      record {{ __typename
        ... on Vendor {{ number displayName blocked balance taxLiable currencyId
                         lastModifiedDateTime etag paymentTermsId }}
        ... on PurchaseInvoice {{ number invoiceDate dueDate status vendorId
                                  totalAmountIncludingTax }} }} }} }}""",
    f"""{HEAD} {{ renamed: {ARGS} {{ kind: entity ...Parts __typename
      record {{ ...V ... on BusinessCentralRecord {{ id }} ... on Vendor {{ city }} }} }} }}
      fragment Parts on RecordEvent {{ recordId how: changeType recordId }}
      fragment V on Vendor {{ name: displayName displayName email }}""",
    f"{HEAD} {{ {ARGS} {{ recordId changeType }} }}",
]


def ordinary(document: str) -> str:
    """The same document, which no plan takes (a directive): today's path."""
    return document.replace("recordId", "recordId @include(if: true)", 1)


async def payloads(ws: Socket, op_id: str, count: int) -> list[str]:
    found = []
    for _ in range(count):
        message = await ws.next_for(op_id, 10.0)
        assert message["type"] == "next", message
        found.append(json.dumps(message["payload"]))
    return found


async def test_planned_payloads_are_what_graphql_core_sends() -> None:
    async with live() as world:
        bc = world.bc[ALICE_ID]
        graphql = world.graphql()
        for document in DOCUMENTS:
            assert graphql.subscription_plans.plan(document, None) is not None
            assert graphql.subscription_plans.plan(ordinary(document), None) is None
        vendor = await bc.first("vendors", "&$filter=number eq '20000'")
        invoice = (await bc.get("purchaseInvoices?$filter=status eq 'Draft'")).json()["value"][0]
        async with world.socket() as ws:
            await world.subscribe(
                ws, "p0", entities=["VENDOR", "PURCHASE_INVOICE"], document=DOCUMENTS[0]
            )
            listening = world.runtime().broadcast.subscriber_count
            variables: dict[str, Any] = {
                "entities": ["VENDOR", "PURCHASE_INVOICE"],
                "company": bc.company_id,
            }
            for n, document in enumerate(DOCUMENTS):
                if n:
                    await ws.subscribe(f"p{n}", document, variables)
                await ws.subscribe(f"o{n}", ordinary(document), variables)

            async def all_listening() -> bool:
                return graphql.shared_listeners == 2 * len(DOCUMENTS)

            await eventually(all_listening)
            # One pub/sub reader for every planned document; one per ordinary one.
            assert world.runtime().broadcast.subscriber_count == listening + len(DOCUMENTS)

            created: dict[str, Any] = {}

            async def create() -> None:
                created.update((await bc.post("vendors", json={"displayName": "Fan-out"})).json())

            writes = [
                lambda: bc.patch(
                    f"vendors({vendor['id']})", json={"displayName": "Planned"}, headers=ANY
                ),
                lambda: bc.patch(
                    f"purchaseInvoices({invoice['id']})",
                    json={"vendorInvoiceNumber": "PLAN-1"},
                    headers=ANY,
                ),
                create,
                lambda: bc.delete(f"vendors({created['id']})", headers=ANY),
            ]
            for write in writes:
                await write()
                # Each change, from every operation, before the next change.
                planned = [await payloads(ws, f"p{n}", 1) for n in range(len(DOCUMENTS))]
                today = [await payloads(ws, f"o{n}", 1) for n in range(len(DOCUMENTS))]
                assert planned == today
                assert all('"errors"' not in p[0] for p in planned)


async def test_a_planned_subscription_ends_as_the_ordinary_one_does() -> None:
    async with live() as world, world.socket() as ws:
        document = DOCUMENTS[2]
        await world.subscribe(ws, "p", entities=["VENDOR"], document=document)
        await world.subscribe(ws, "o", entities=["VENDOR"], document=ordinary(document))
        # An unknown company: the same refusal, before anything is watched.
        unknown = {"entities": ["VENDOR"], "company": "6f0c4bd2-3a48-4c2b-9e3a-0b8f3d1c2a11"}
        await ws.subscribe("p-unknown", document, unknown)
        await ws.subscribe("o-unknown", ordinary(document), unknown)
        [planned], [today] = await payloads(ws, "p-unknown", 1), await payloads(ws, "o-unknown", 1)
        # Each asked BC, whose answer has its own correlation id.
        assert re.sub(CORRELATION, "", planned) == re.sub(CORRELATION, "", today)
        assert '"NOT_FOUND"' in planned
        # The user disconnects BC: the same last error, then complete.
        assert await world.runtime().tokens.disconnect(ALICE_ID)
        [planned], [today] = await payloads(ws, "p", 1), await payloads(ws, "o", 1)
        assert planned == today and '"disconnected"' in planned
        assert (await ws.next_for("p"))["type"] == (await ws.next_for("o"))["type"] == "complete"
