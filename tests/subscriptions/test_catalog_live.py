"""Live events for the catalog: items and their variants are declared (bcmodel/items.py,
bcmodel/item_variants.py) and seeded, and BC webhooks them; a GraphQL subscription gets
their changes with the references the declaration expands (an item's category)."""

from __future__ import annotations

from tests.subscriptions.harness import ALICE_ID, live

ANY = {"If-Match": "*"}
DOCUMENT = """subscription($entities: [EntityKind!], $changes: [ChangeType!], $company: UUID) {
  recordChanged(entities: $entities, changeTypes: $changes, companyId: $company) {
    entity changeType recordId
    record {
      __typename
      ... on Item { number unitPrice itemCategory { code } }
      ... on ItemVariant { code itemNumber }
    }
  }
}"""


async def test_item_and_variant_changes_reach_a_subscription() -> None:
    async with live() as world:
        bc = world.bc[ALICE_ID]
        async with world.socket() as ws:
            await world.subscribe(ws, entities=["ITEM", "ITEM_VARIANT"], document=DOCUMENT)
            desk = await bc.first("items", "&$filter=number eq '1896-S'")
            changed = await bc.patch(f"items({desk['id']})", json={"unitPrice": 1099}, headers=ANY)
            assert changed.status_code == 200, changed.text
            made = await bc.post(f"items({desk['id']})/itemVariants", json={"code": "teak"})
            assert made.status_code == 201, made.text
            updated = ("ITEM", "UPDATED", desk["id"])
            created = ("ITEM_VARIANT", "CREATED", made.json()["id"])
            seen = await world.events(ws, {updated, created})
    assert seen[updated]["record"] == {
        "__typename": "Item",
        "number": "1896-S",
        "unitPrice": "1099",
        "itemCategory": {"code": "DESK"},
    }
    assert seen[created]["record"] == {
        "__typename": "ItemVariant",
        "code": "TEAK",
        "itemNumber": "1896-S",
    }
