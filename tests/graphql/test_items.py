"""Items and item variants over GraphQL against the seeded sandbox: listed, filtered,
sorted, read, written, refused by BC, and their navigations read in the item's own call
to BC ($expand) or, filtered, in a query of their own."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from tests.graphql.conftest import Gateway
from tests.graphql.test_mutations import error_of

ITEM_FIELDS = """id etag number displayName type itemCategoryId itemCategoryCode blocked gtin
  inventory unitPrice unitCost taxGroupCode baseUnitOfMeasureId baseUnitOfMeasureCode
  lastModifiedDateTime"""
LIST = f"""query($f: ItemFilter, $o: [ItemOrder!], $n: Int) {{
  items(filter: $f, orderBy: $o, first: $n) {{ totalCount nodes {{ {ITEM_FIELDS} }} }} }}"""
GET = f"query($id: UUID!) {{ item(id: $id) {{ {ITEM_FIELDS} }} }}"
CREATE = (
    f"""mutation($input: CreateItemInput!) {{ createItem(input: $input) {{ {ITEM_FIELDS} }} }}"""
)
UPDATE = f"""mutation($id: UUID!, $input: UpdateItemInput!, $etag: String) {{
  updateItem(id: $id, input: $input, etag: $etag) {{ {ITEM_FIELDS} }} }}"""
DELETE = "mutation($id: UUID!, $etag: String) { deleteItem(id: $id, etag: $etag) }"


async def item(gw: Gateway, number: str) -> dict[str, Any]:
    data = await gw.data(LIST, {"f": {"number": {"eq": number}}})
    [found] = data["items"]["nodes"]
    return dict(found)


async def test_items_are_listed_filtered_and_sorted(gw: Gateway) -> None:
    everything = (await gw.data(LIST, {"n": 100}))["items"]
    numbers = [i["number"] for i in everything["nodes"]]
    assert len(numbers) == everything["totalCount"] > 20
    assert numbers == sorted(numbers, key=str.casefold)  # BC's key order by default
    for row in everything["nodes"]:
        assert Decimal(row["unitPrice"]) > Decimal(row["unitCost"]) > 0
        assert row["type"] in ("INVENTORY", "NON_INVENTORY")
    priciest = await gw.data(
        LIST,
        {
            "f": {"itemCategoryCode": {"eq": "CHAIR"}},
            "o": [{"field": "UNIT_PRICE", "direction": "DESC"}, {"field": "NUMBER"}],
            "n": 3,
        },
    )
    page = priciest["items"]
    chairs = [i for i in everything["nodes"] if i["itemCategoryCode"] == "CHAIR"]
    assert page["totalCount"] == len(chairs) and len(page["nodes"]) == 3
    prices = [Decimal(i["unitPrice"]) for i in page["nodes"]]
    assert prices == sorted(prices, reverse=True)
    assert prices[0] == max(Decimal(c["unitPrice"]) for c in chairs)
    one = (await gw.data(GET, {"id": page["nodes"][0]["id"]}))["item"]
    assert one == page["nodes"][0]


async def test_an_item_is_created_read_updated_and_deleted(gw: Gateway) -> None:
    created = (
        await gw.data(
            CREATE,
            {
                "input": {
                    "displayName": "Standing Desk",
                    "type": "INVENTORY",
                    "itemCategoryCode": "desk",
                    "baseUnitOfMeasureCode": "PCS",
                    "unitCost": "410.5",
                    "unitPrice": "599",
                }
            },
        )
    )["createItem"]
    assert created["number"] == "70105" and created["itemCategoryCode"] == "DESK"
    assert created["itemCategoryId"] is not None and created["unitPrice"] == "599"
    updated = (
        await gw.data(
            UPDATE,
            {
                "id": created["id"],
                "input": {"inventory": 12, "gtin": "ab12"},
                "etag": created["etag"],
            },
        )
    )["updateItem"]
    assert (updated["inventory"], updated["gtin"]) == ("12", "AB12")
    assert updated["etag"] != created["etag"]
    read = (await gw.data(GET, {"id": created["id"]}))["item"]
    assert read == updated
    assert (await gw.data(DELETE, {"id": created["id"], "etag": updated["etag"]}))["deleteItem"]
    gone = await gw.execute(GET, {"id": created["id"]})
    assert gone.errors and gone.errors[0].extensions["code"] == "NOT_FOUND"


async def test_bc_refuses_what_the_item_page_refuses(gw: Gateway) -> None:
    # A new item has no stock (BC refuses it): the create input has no inventory.
    await gw.reset_stats()
    inventory = await gw.execute(CREATE, {"input": {"displayName": "X", "inventory": 1}})
    assert inventory.errors is not None and "inventory" in inventory.errors[0].message
    assert await gw.upstream_requests() == 0
    category = error_of(
        await gw.execute(CREATE, {"input": {"displayName": "X", "itemCategoryCode": "NOPE"}})
    )
    assert 'The "itemCategoryCode" does not match to a Item Category.' in category["message"]
    taken = error_of(await gw.execute(CREATE, {"input": {"number": "1896-S"}}))
    assert taken["bcCode"] == "Internal_EntityWithSameKeyExists"
    bad_enum = await gw.execute(CREATE, {"input": {"type": "GADGET"}})
    assert bad_enum.errors is not None  # not an ItemType: refused before BC


async def test_item_navigations_come_with_the_item(gw: Gateway) -> None:
    query = """query($f: ItemFilter) { items(filter: $f) { nodes { number
        itemCategory { code displayName } baseUnitOfMeasure { code internationalStandardCode }
        itemVariants { totalCount nodes { code item { number } } } } } }"""
    await gw.reset_stats()
    data = await gw.data(query, {"f": {"number": {"in": ["1896-S", "1900-S"]}}})
    assert await gw.upstream_requests() == 1
    desk, chair = data["items"]["nodes"]
    assert desk["itemCategory"] == {"code": "DESK", "displayName": "Office Desk"}
    assert desk["baseUnitOfMeasure"] == {"code": "PCS", "internationalStandardCode": "H87"}
    assert desk["itemVariants"]["totalCount"] == 2
    assert [v["code"] for v in desk["itemVariants"]["nodes"]] == ["OAK", "WALNUT"]
    assert {v["item"]["number"] for v in desk["itemVariants"]["nodes"]} == {"1896-S"}
    assert chair["itemVariants"] == {"totalCount": 0, "nodes": []}
    assert chair["itemCategory"]["code"] == "CHAIR"


async def test_selecting_an_items_category_costs_one_request(gw: Gateway) -> None:
    await gw.reset_stats()
    data = await gw.data("{ items(first: 10) { nodes { number itemCategory { code } } } }")
    assert await gw.upstream_requests() == 1
    assert all(i["itemCategory"]["code"] for i in data["items"]["nodes"])


async def test_a_filtered_navigation_is_filtered_and_sorted(gw: Gateway) -> None:
    query = """query($f: ItemFilter) { items(filter: $f) { nodes { number
        itemVariants(filter: {code: {ne: "OAK"}}, orderBy: [{field: CODE, direction: DESC}]) {
          totalCount nodes { code } } } } }"""
    data = await gw.data(query, {"f": {"number": {"eq": "1896-S"}}})
    [desk] = data["items"]["nodes"]
    assert desk["itemVariants"] == {"totalCount": 1, "nodes": [{"code": "WALNUT"}]}


async def test_a_variant_is_created_updated_and_deleted(gw: Gateway) -> None:
    lamp = await item(gw, "1928-S")
    fields = "id etag itemId itemNumber code description item { displayName }"
    created = (
        await gw.data(
            f"""mutation($input: CreateItemVariantInput!) {{
              createItemVariant(input: $input) {{ {fields} }} }}""",
            {"input": {"itemNumber": "1928-S", "code": "gold", "description": "Gold finish"}},
        )
    )["createItemVariant"]
    assert (created["itemId"], created["code"]) == (lamp["id"], "GOLD")
    assert created["item"] == {"displayName": "AMSTERDAM Lamp"}
    updated = (
        await gw.data(
            f"""mutation($id: UUID!, $input: UpdateItemVariantInput!, $etag: String) {{
              updateItemVariant(id: $id, input: $input, etag: $etag) {{ {fields} }} }}""",
            {"id": created["id"], "input": {"description": "Gilded"}, "etag": created["etag"]},
        )
    )["updateItemVariant"]
    assert updated["description"] == "Gilded"
    listed = await gw.data(
        """{ itemVariants(filter: {itemNumber: {eq: "1928-S"}}, orderBy: [{field: CODE}]) {
             nodes { code } } }"""
    )
    assert [v["code"] for v in listed["itemVariants"]["nodes"]] == ["BRASS", "CHROME", "GOLD"]
    duplicate = error_of(
        await gw.execute(
            """mutation($input: CreateItemVariantInput!) { createItemVariant(input: $input) { id } }""",
            {"input": {"itemId": lamp["id"], "code": "BRASS"}},
        )
    )
    assert duplicate["bcCode"] == "Internal_EntityWithSameKeyExists"
    await gw.reset_stats()
    no_item = error_of(
        await gw.execute(
            """mutation($input: CreateItemVariantInput!) { createItemVariant(input: $input) { id } }""",
            {"input": {"code": "SOLO"}},
        )
    )
    assert no_item["code"] == "BAD_USER_INPUT"  # neither itemId nor itemNumber
    assert await gw.upstream_requests() == 0
    deleted = await gw.data(
        "mutation($id: UUID!, $etag: String) { deleteItemVariant(id: $id, etag: $etag) }",
        {"id": created["id"], "etag": updated["etag"]},
    )
    assert deleted["deleteItemVariant"]


async def test_invoice_lines_read_their_item_in_the_invoices_call(gw: Gateway) -> None:
    query = """{ purchaseInvoices(first: 5, filter: {status: DRAFT}) { nodes { number
        lines { nodes { lineType lineObjectNumber item { number unitPrice }
          unitOfMeasure { code } } } } } }"""
    await gw.reset_stats()
    data = await gw.data(query)
    assert await gw.upstream_requests() == 1
    lines = [line for i in data["purchaseInvoices"]["nodes"] for line in i["lines"]["nodes"]]
    item_lines = [line for line in lines if line["lineType"] == "ITEM"]
    assert item_lines
    for line in item_lines:
        assert line["item"]["number"] == line["lineObjectNumber"]
        assert line["unitOfMeasure"] == {"code": "PCS"}
    assert all(line["item"] is None for line in lines if line["lineType"] != "ITEM")
