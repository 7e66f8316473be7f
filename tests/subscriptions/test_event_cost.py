"""What one live event costs BC: the record is read once, with every navigation its
declaration states expanded (event_query.py), so the relations a subscription
selects on it (`paymentTerm { code }`, a line's `account` and `invoice`) cost no call of
their own. Counted by the sandbox, per BC operation (each operation of a $batch counts)."""

from __future__ import annotations

from typing import Any

import httpx

from tests.conftest import BASE_URL
from tests.subscriptions.harness import ALICE_ID, Live, fast_webhooks, live

ANY = {"If-Match": "*"}

WITH_RELATIONS = """subscription($entities: [EntityKind!], $changes: [ChangeType!], $company: UUID) {
  recordChanged(entities: $entities, changeTypes: $changes, companyId: $company) {
    entity changeType recordId
    record {
      __typename
      ... on Vendor { displayName paymentTerm { code } }
      ... on PurchaseInvoiceLine { description account { number } invoice { number } }
    }
  }
}"""


async def reads(admin: httpx.AsyncClient) -> int:
    """BC reads since the last reset: GET operations, alone or inside a $batch."""
    stats = (await admin.get("/_sandbox/stats")).json()
    return sum(r["count"] for r in stats["requests"] if r["method"] == "GET")


async def one_event(
    world: Live, ws: Any, admin: httpx.AsyncClient, write: Any, key: tuple[str, str, str]
) -> tuple[int, dict[str, Any]]:
    await admin.delete("/_sandbox/stats")
    await write()
    event = (await world.events(ws, {key}))[key]
    return await reads(admin), event


async def test_an_event_costs_one_read_whatever_relations_it_selects() -> None:
    # Nothing runs on a timer meanwhile: reconciliation and checks would read BC too.
    quiet = fast_webhooks(poll_interval_seconds=3600.0, reconcile_seconds=3600.0)
    async with live(webhooks=quiet) as world:
        bc = world.bc[ALICE_ID]
        admin = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=world.sandbox_app), base_url=BASE_URL
        )
        vendor = await bc.first("vendors", "&$filter=number eq '20000'")
        assert vendor["paymentTermsId"] != "00000000-0000-0000-0000-000000000000"
        drafts = (await bc.get("purchaseInvoices?$filter=status eq 'Draft'")).json()["value"]
        invoice = drafts[0]
        path = f"purchaseInvoices({invoice['id']})/purchaseInvoiceLines"
        line = next(
            x
            for x in (await bc.get(path)).json()["value"]
            if x["accountId"] != "00000000-0000-0000-0000-000000000000"
        )
        try:
            async with world.socket() as ws:
                await world.subscribe(
                    ws,
                    entities=["VENDOR", "PURCHASE_INVOICE_LINE"],
                    changes=["UPDATED"],
                    document=WITH_RELATIONS,
                )

                async def rename_vendor() -> None:
                    body = {"displayName": "Costed"}
                    await bc.patch(f"vendors({vendor['id']})", json=body, headers=ANY)

                count, event = await one_event(
                    world, ws, admin, rename_vendor, ("VENDOR", "UPDATED", vendor["id"])
                )
                assert event["record"]["paymentTerm"]["code"]
                assert count == 1

                async def change_line() -> None:
                    body = {"description": "Costed line"}
                    await bc.patch(f"{path}({line['id']})", json=body, headers=ANY)

                key = ("PURCHASE_INVOICE_LINE", "UPDATED", line["id"])
                count, event = await one_event(world, ws, admin, change_line, key)
                record = event["record"]
                assert record["description"] == "Costed line"
                assert record["account"]["number"]
                assert record["invoice"]["number"] == invoice["number"]
                assert count == 1
        finally:
            await admin.aclose()
