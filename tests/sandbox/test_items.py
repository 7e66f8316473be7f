"""Items and item variants over the sandbox's HTTP API: the catalog BC shows, the
references it takes by id or by code, inventory adjustments, and what it refuses."""

from __future__ import annotations

from decimal import Decimal
from typing import Any
from urllib.parse import quote

from bcmodel.edm import EMPTY_GUID
from bcmodel.items import ITEM
from tests.conftest import BC, instant
from tests.sandbox.test_currencies import error
from tests.sandbox.test_webhooks import started, subscribe

MISSING = "5f0c4c3e-0000-4000-8000-000000000001"


async def rows(bc: BC, path: str) -> list[dict[str, Any]]:
    response = await bc.get(path)
    assert response.status_code == 200, response.text
    return list(response.json()["value"])


async def item(bc: BC, number: str, query: str = "") -> dict[str, Any]:
    return await bc.first("items", "&$filter=" + quote(f"number eq '{number}'") + query)


async def by_code(bc: BC, entity_set: str, code: str) -> dict[str, Any]:
    return await bc.first(entity_set, "&$filter=" + quote(f"code eq '{code}'"))


async def test_items_are_listed_by_number_with_bcs_fields(bc: BC, bc_fabrikam: BC) -> None:
    items = await rows(bc, "items")
    assert list(items[0]) == ["@odata.etag", *ITEM.field_names]
    numbers = [i["number"] for i in items]
    assert numbers == sorted(numbers, key=str.casefold) and "1896-S" in numbers
    for row in items:
        # A sales price above cost: sales documents start from unitPrice.
        assert Decimal(str(row["unitPrice"])) > Decimal(str(row["unitCost"])) > 0
        assert row["baseUnitOfMeasureCode"] == "PCS" and row["baseUnitOfMeasureId"] != EMPTY_GUID
        assert row["itemCategoryCode"] and row["taxGroupCode"]
    desk = await item(bc, "1896-S")
    assert (desk["displayName"], desk["type"], desk["itemCategoryCode"]) == (
        "ATHENS Desk",
        "Inventory",
        "DESK",
    )
    paint = await item(bc, "70100")
    assert paint["type"] == "Non_x002D_Inventory" and paint["inventory"] == 0
    uk = await rows(bc_fabrikam, "items")
    assert len(uk) == len(items) and uk[0]["id"] != items[0]["id"]
    assert {i["taxGroupCode"] for i in uk}.isdisjoint({i["taxGroupCode"] for i in items})


async def test_an_item_expands_its_category_unit_and_variants(bc: BC) -> None:
    desk = await item(bc, "1896-S", "&$expand=itemCategory,unitOfMeasure,itemVariants")
    assert desk["itemCategory"]["code"] == "DESK"
    assert desk["unitOfMeasure"]["code"] == "PCS"
    assert [v["code"] for v in desk["itemVariants"]] == ["OAK", "WALNUT"]
    category = await bc.get(f"items({desk['id']})/itemCategory")
    assert category.status_code == 200 and category.json()["id"] == desk["itemCategoryId"]
    under = await rows(bc, f"items({desk['id']})/itemVariants?$orderby=code desc")
    assert [v["code"] for v in under] == ["WALNUT", "OAK"]
    assert all(v["itemId"] == desk["id"] and v["itemNumber"] == "1896-S" for v in under)
    one = await bc.get(f"items({desk['id']})/itemVariants({under[0]['id']})")
    assert one.status_code == 200 and one.json()["code"] == "WALNUT"
    lamp = await item(bc, "1928-S")
    elsewhere = await bc.get(f"items({lamp['id']})/itemVariants({under[0]['id']})")
    assert error(elsewhere)[:2] == (404, "Internal_RecordNotFound")


async def test_create_numbers_the_item_and_fills_in_ids_from_codes(bc: BC) -> None:
    unit = await by_code(bc, "unitsOfMeasure", "BOX")
    response = await bc.post(
        "items",
        json={
            "displayName": "Conference Phone",
            "itemCategoryCode": "misc",
            "baseUnitOfMeasureId": unit["id"],
            "taxGroupCode": (await item(bc, "1896-S"))["taxGroupCode"],
            "unitCost": 80,
            "unitPrice": 129.5,
        },
    )
    assert response.status_code == 201, response.text
    created = response.json()
    assert created["number"] == "70105"  # after the highest seeded number, 70104
    misc = await by_code(bc, "itemCategories", "MISC")
    assert (created["itemCategoryCode"], created["itemCategoryId"]) == ("MISC", misc["id"])
    assert created["baseUnitOfMeasureCode"] == "BOX"
    assert created["taxGroupId"] != EMPTY_GUID and created["inventory"] == 0
    assert created["type"] == "Inventory" and created["unitPrice"] == 129.5


async def test_create_refusals_carry_bcs_messages(bc: BC) -> None:
    async def refused(body: dict[str, Any]) -> tuple[int, str, str]:
        return error(await bc.post("items", json={"displayName": "X", **body}))

    assert (await refused({"inventory": 5}))[2] == "Inventory cannot be changed during on insert."
    assert (await refused({"itemCategoryId": MISSING}))[2] == (
        'The "itemCategoryId" does not match to a specific Item Category group.'
    )
    assert (await refused({"itemCategoryCode": "NOPE"}))[2] == (
        'The "itemCategoryCode" does not match to a Item Category.'
    )
    chair = await by_code(bc, "itemCategories", "CHAIR")
    assert (await refused({"itemCategoryId": chair["id"], "itemCategoryCode": "DESK"}))[2] == (
        "The item categories values do not match to a specific item category."
    )
    assert (await refused({"taxGroupCode": "NOPE"}))[2] == (
        'The "taxGroupCode" does not match to a Tax Group.'
    )
    assert (await refused({"baseUnitOfMeasureId": MISSING}))[2] == (
        'The "baseUnitOfMeasureId" does not match to a Unit of Measure.'
    )
    # Item's TableRelation, as the platform refuses any (docs/sandbox.md).
    assert (await refused({"baseUnitOfMeasureCode": "CRATE"}))[:2] == (
        400,
        "Internal_InvalidTableRelation",
    )
    bad_type = await refused({"type": "Gadget"})
    assert bad_type[0] == 400 and "Microsoft.NAV.itemType" in bad_type[2]
    assert (await refused({"lastModifiedDateTime": "2020-01-01T00:00:00Z"}))[:2] == (
        400,
        "BadRequest_InvalidOperation",
    )
    assert await refused({"number": "1896-s"}) == (
        409,
        "Internal_EntityWithSameKeyExists",
        "The Item already exists. Identification fields and values: No.='1896-S'",
    )


async def test_an_inventory_update_adjusts_the_stock_of_inventory_items_only(bc: BC) -> None:
    desk = await item(bc, "1896-S")
    changed = await bc.patch(
        f"items({desk['id']})", json={"inventory": 250}, headers={"If-Match": desk["@odata.etag"]}
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["inventory"] == 250
    assert instant(changed.json()["lastModifiedDateTime"]) > instant(desk["lastModifiedDateTime"])
    paint = await item(bc, "70100")
    refused = await bc.patch(
        f"items({paint['id']})", json={"inventory": 3}, headers={"If-Match": paint["@odata.etag"]}
    )
    assert error(refused)[2] == (
        "Type must be equal to 'Inventory'  in Item: No.=70100. Current value is 'Non-Inventory'."
    )


async def test_renaming_an_item_renames_it_in_its_variants(bc: BC) -> None:
    desk = await item(bc, "1896-S")
    renamed = await bc.patch(
        f"items({desk['id']})", json={"number": "1896-t"}, headers={"If-Match": desk["@odata.etag"]}
    )
    assert renamed.status_code == 200 and renamed.json()["number"] == "1896-T"
    variants = await rows(bc, f"items({desk['id']})/itemVariants")
    assert {v["itemNumber"] for v in variants} == {"1896-T"}


async def test_delete_refuses_an_item_on_a_draft_invoice_and_takes_the_variants(bc: BC) -> None:
    drafts = await rows(
        bc, "purchaseInvoices?$filter=status eq 'Draft'&$expand=purchaseInvoiceLines"
    )
    on_draft = next(
        line["itemId"]
        for invoice in drafts
        for line in invoice["purchaseInvoiceLines"]
        if line["lineType"] == "Item"
    )
    used = await bc.get(f"items({on_draft})")
    refused = await bc.delete(f"items({on_draft})", headers={"If-Match": used.headers["etag"]})
    assert error(refused) == (
        400,
        "Application_DialogException",
        f"You cannot delete Item {used.json()['number']} because there is at least one "
        "outstanding Purchase Invoice that includes this item.",
    )
    created = (await bc.post("items", json={"displayName": "Short-lived"})).json()
    variant = await bc.post(f"items({created['id']})/itemVariants", json={"code": "red"})
    assert variant.status_code == 201, variant.text
    assert variant.json()["itemNumber"] == created["number"]
    gone = await bc.delete(f"items({created['id']})", headers={"If-Match": created["@odata.etag"]})
    assert gone.status_code == 204
    assert error(await bc.get(f"itemVariants({variant.json()['id']})"))[0] == 404


async def test_variants_need_an_item_and_a_code_unique_for_it(bc: BC) -> None:
    desk = await item(bc, "1896-S")
    made = await bc.post("itemVariants", json={"itemNumber": "1896-s", "code": "ash"})
    assert made.status_code == 201, made.text
    assert (made.json()["itemId"], made.json()["code"]) == (desk["id"], "ASH")
    assert error(await bc.post("itemVariants", json={"itemId": desk["id"], "code": "OAK"})) == (
        409,
        "Internal_EntityWithSameKeyExists",
        "The Item Variant already exists. Identification fields and values: "
        "Item No.='1896-S',Code='OAK'",
    )
    lamp = await item(bc, "1928-S")
    same_code = await bc.post("itemVariants", json={"itemId": lamp["id"], "code": "OAK"})
    assert same_code.status_code == 201  # unique per item, not per company
    assert error(await bc.post("itemVariants", json={"code": "X"}))[:2] == (
        400,
        "Application_FieldValidationException",
    )
    assert error(await bc.post("itemVariants", json={"itemId": MISSING, "code": "X"}))[2] == (
        'The "itemId" does not match to an Item.'
    )
    assert error(await bc.post("itemVariants", json={"itemNumber": "NOPE", "code": "X"}))[2] == (
        'The "itemNumber" does not match to an Item.'
    )
    mismatch = await bc.post(
        "itemVariants", json={"itemId": desk["id"], "itemNumber": "1928-S", "code": "X"}
    )
    assert error(mismatch)[2] == "The item values do not match to a specific Item."
    under_other = await bc.post(
        f"items({lamp['id']})/itemVariants", json={"itemId": desk["id"], "code": "X"}
    )
    assert error(under_other)[2] == "The item values do not match to a specific Item."
    assert error(await bc.post("itemVariants", json={"itemId": desk["id"]}))[2] == (
        "Field 'code' must not be blank or empty."
    )


async def test_invoice_lines_reach_their_item_and_unit(bc: BC) -> None:
    invoices = await rows(bc, "purchaseInvoices?$expand=purchaseInvoiceLines")
    invoice = next(
        i
        for i in invoices
        if {"Item", "Account"} <= {x["lineType"] for x in i["purchaseInvoiceLines"]}
    )
    lines = await rows(
        bc, f"purchaseInvoices({invoice['id']})/purchaseInvoiceLines?$expand=item,unitOfMeasure"
    )
    item_lines = [line for line in lines if line["lineType"] == "Item"]
    assert item_lines
    for line in item_lines:
        assert line["item"]["number"] == line["lineObjectNumber"]
        assert line["unitOfMeasure"]["code"] == line["unitOfMeasureCode"] == "PCS"
    others = [line for line in lines if line["lineType"] != "Item"]
    assert all(line["item"] is None for line in others)


async def test_a_new_line_takes_the_items_name_cost_unit_and_tax_group(bc: BC) -> None:
    invoice = await bc.first("purchaseInvoices", "&$filter=status eq 'Draft'")
    lamp = await item(bc, "1928-S")
    response = await bc.post(
        f"purchaseInvoices({invoice['id']})/purchaseInvoiceLines",
        json={"lineType": "Item", "lineObjectNumber": "1928-s", "quantity": 2},
    )
    assert response.status_code == 201, response.text
    line = response.json()
    assert (line["itemId"], line["description"], line["unitCost"]) == (
        lamp["id"],
        lamp["displayName"],
        lamp["unitCost"],
    )
    assert (line["unitOfMeasureId"], line["taxCode"]) == (
        lamp["baseUnitOfMeasureId"],
        lamp["taxGroupCode"],
    )


async def test_an_item_change_notifies_its_webhook_subscription() -> None:
    async with started() as env:
        bc = env.bc
        sub = await subscribe(bc, "items")
        desk = await item(bc, "1896-S")
        changed = await bc.patch(
            f"items({desk['id']})",
            json={"unitPrice": 999},
            headers={"If-Match": desk["@odata.etag"]},
        )
        assert changed.status_code == 200, changed.text
        posts = await env.receiver.wait(1)
    [notification] = posts[0].items
    assert notification["subscriptionId"] == sub["subscriptionId"]
    assert notification["resource"].endswith(f"companies({bc.company_id})/items({desk['id']})")


async def test_a_blocked_item_is_refused_on_a_new_line(bc: BC) -> None:
    lamp = await item(bc, "1928-S")
    blocked = await bc.patch(
        f"items({lamp['id']})", json={"blocked": True}, headers={"If-Match": lamp["@odata.etag"]}
    )
    assert blocked.status_code == 200, blocked.text
    invoice = await bc.first("purchaseInvoices", "&$filter=status eq 'Draft'")
    refused = await bc.post(
        f"purchaseInvoices({invoice['id']})/purchaseInvoiceLines",
        json={"itemId": lamp["id"], "quantity": 1},
    )
    assert error(refused) == (
        400,
        "Application_DialogException",
        "Blocked must be equal to 'No'  in Item: No.=1928-S. Current value is 'Yes'.",
    )
