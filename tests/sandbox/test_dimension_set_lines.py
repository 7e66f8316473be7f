"""A purchase invoice's dimension set over the sandbox's HTTP API: lines addressed under
their invoice and keyed by their dimension, BC's refusals and messages, and the set saved
back into the invoice."""

from __future__ import annotations

import uuid
from typing import Any
from urllib.parse import quote

from tests.conftest import BC
from tests.sandbox.test_currencies import error
from tests.sandbox.test_webhooks import started, subscribe

DIALOG = "Application_DialogException"


async def dimension(bc: BC, code: str) -> dict[str, Any]:
    query = "&$expand=dimensionValues&$filter=" + quote(f"code eq '{code}'")
    return await bc.first("dimensions", query)


async def draft(bc: BC) -> dict[str, Any]:
    """A draft invoice without a dimension set."""
    response = await bc.get(
        "purchaseInvoices?$expand=dimensionSetLines&$filter=" + quote("status eq 'Draft'")
    )
    return next(i for i in response.json()["value"] if not i["dimensionSetLines"])


async def test_lines_live_under_their_invoice_keyed_by_dimension(bc: BC) -> None:
    response = await bc.get("purchaseInvoices?$expand=dimensionSetLines")
    invoices = [i for i in response.json()["value"] if i["dimensionSetLines"]]
    first = invoices[0]
    line = first["dimensionSetLines"][0]
    assert line["id"] == (await dimension(bc, line["code"]))["id"]
    one = await bc.get(f"purchaseInvoices({first['id']})/dimensionSetLines({line['id']})")
    assert one.status_code == 200 and one.json()["valueCode"] == line["valueCode"]
    # An invoice whose set lacks that dimension has no line by that id.
    other = next(i for i in invoices if line["id"] not in {d["id"] for d in i["dimensionSetLines"]})
    missing = [line["id"]]
    elsewhere = await bc.get(f"purchaseInvoices({other['id']})/dimensionSetLines({missing[0]})")
    assert error(elsewhere)[:2] == (404, "Internal_RecordNotFound")
    root = await bc.get("dimensionSetLines")
    assert error(root) == (
        400,
        DIALOG,
        "You must get to the parent first to get to the dimension set line.",
    )
    filtered = await bc.get("dimensionSetLines?$filter=" + quote(f"parentId eq {first['id']}"))
    assert filtered.json()["value"] == first["dimensionSetLines"]


async def test_bcs_refusals_of_a_dimension_set_line(bc: BC) -> None:
    invoice = await draft(bc)
    path = f"purchaseInvoices({invoice['id']})/dimensionSetLines"
    project, area = await dimension(bc, "PROJECT"), await dimension(bc, "AREA")
    vw = next(v for v in project["dimensionValues"] if v["code"] == "VW")

    async def refused(body: dict[str, Any], where: str = path) -> str:
        status, code, message = error(await bc.post(where, json=body))
        assert (status, code) == (400, DIALOG)
        return message

    assert await refused({"code": "PROJECT"}, "dimensionSetLines") == (
        "You must get to the parent first to create a dimension set line."
    )
    assert await refused({"valueCode": "VW"}) == 'The "id" or "code" field must be filled in.'
    assert await refused({"id": str(uuid.uuid4()), "valueCode": "VW"}) == (
        'The "id" does not match to a Dimension.'
    )
    assert await refused({"code": "NOPE", "valueCode": "VW"}) == (
        'The "code" does not match to a Dimension.'
    )
    assert await refused({"id": area["id"], "code": "PROJECT", "valueCode": "VW"}) == (
        "The dimension field values do not match to a specific Dimension."
    )
    assert await refused({"code": "PROJECT"}) == (
        'The "valueId" or "valueCode" field must be filled in.'
    )
    assert await refused({"code": "PROJECT", "valueCode": "SALES"}) == (
        'The "valueCode" does not match to a Dimension Value.'
    )
    assert await refused({"code": "PROJECT", "valueId": str(uuid.uuid4())}) == (
        'The "valueId" does not match to a Dimension Value.'
    )
    assert await refused({"code": "PROJECT", "valueId": vw["id"], "valueCode": "TOYOTA"}) == (
        'The values of the "dimensionCode" field and the "dimensionId" field do not refer '
        "to the same Dimension Value."
    )
    created = await bc.post(path, json={"id": project["id"], "valueId": vw["id"]})
    assert created.status_code == 201, created.text
    line = created.json()
    assert (line["code"], line["valueCode"], line["parentType"]) == (
        "PROJECT",
        "VW",
        "Purchase_x0020_Invoice",
    )
    assert await refused({"code": "PROJECT", "valueCode": "TOYOTA"}) == (
        "The dimension set line already exists. Check existing dimension set lines and the "
        "default dimension set lines on the parent."
    )
    etag = {"If-Match": line["@odata.etag"]}
    recoded = await bc.patch(f"{path}({line['id']})", json={"code": "AREA"}, headers=etag)
    assert error(recoded) == (400, DIALOG, 'The "id" and "code" fields cannot be modified.')
    moved = await bc.patch(
        f"{path}({line['id']})", json={"parentId": str(uuid.uuid4())}, headers=etag
    )
    assert error(moved)[2] == "Control 'parentId' is read-only."


async def test_the_set_is_saved_into_the_invoice(bc: BC) -> None:
    invoice = await draft(bc)
    path = f"purchaseInvoices({invoice['id']})/dimensionSetLines"
    created = await bc.post(path, json={"code": "department", "valueCode": "sales"})
    assert created.status_code == 201, created.text
    line = created.json()
    saved = (await bc.get(f"purchaseInvoices({invoice['id']})")).json()
    assert saved["shortcutDimension1Code"] == "SALES"
    assert saved["@odata.etag"] != invoice["@odata.etag"]
    changed = await bc.patch(
        f"{path}({line['id']})",
        json={"valueCode": "PROD"},
        headers={"If-Match": line["@odata.etag"]},
    )
    assert changed.status_code == 200 and changed.json()["valueDisplayName"] == "Production"
    assert (await bc.get(f"purchaseInvoices({invoice['id']})")).json()[
        "shortcutDimension1Code"
    ] == "PROD"
    removed = await bc.delete(
        f"{path}({line['id']})", headers={"If-Match": changed.json()["@odata.etag"]}
    )
    assert removed.status_code == 204
    assert (await bc.get(f"purchaseInvoices({invoice['id']})")).json()[
        "shortcutDimension1Code"
    ] == ""
    assert (await bc.get(path)).json()["value"] == []


async def test_an_invoices_set_goes_with_it(bc: BC) -> None:
    invoice = await draft(bc)
    path = f"purchaseInvoices({invoice['id']})/dimensionSetLines"
    assert (await bc.post(path, json={"code": "AREA", "valueCode": "10"})).status_code == 201
    current = (await bc.get(f"purchaseInvoices({invoice['id']})")).json()
    deleted = await bc.delete(
        f"purchaseInvoices({invoice['id']})", headers={"If-Match": current["@odata.etag"]}
    )
    assert deleted.status_code == 204
    left = await bc.get("dimensionSetLines?$filter=" + quote(f"parentId eq {invoice['id']}"))
    assert left.json()["value"] == []


async def test_a_set_change_notifies_the_invoices_subscription() -> None:
    async with started() as env:
        bc = env.bc
        await subscribe(bc, "purchaseInvoices")
        invoice = await draft(bc)
        created = await bc.post(
            f"purchaseInvoices({invoice['id']})/dimensionSetLines",
            json={"code": "PROJECT", "valueCode": "VW"},
        )
        assert created.status_code == 201, created.text
        posts = await env.receiver.wait(1)
    [item] = posts[0].items
    assert item["changeType"] == "updated"
    assert item["resource"].endswith(f"/purchaseInvoices({invoice['id']})")


async def test_a_new_invoice_takes_its_vendors_default_dimensions(bc: BC) -> None:
    defaults = (await bc.get("defaultDimensions")).json()["value"]
    default = next(d for d in defaults if d["parentType"] == "Vendor")
    created = await bc.post("purchaseInvoices", json={"vendorId": default["parentId"]})
    assert created.status_code == 201, created.text
    invoice = created.json()
    lines = (await bc.get(f"purchaseInvoices({invoice['id']})/dimensionSetLines")).json()
    assert [(d["id"], d["code"], d["valueCode"]) for d in lines["value"]] == [
        (default["dimensionId"], default["dimensionCode"], default["dimensionValueCode"])
    ]
    plain = next(
        v["id"]
        for v in (await bc.get("vendors")).json()["value"]
        if v["id"] not in {d["parentId"] for d in defaults} and v["blocked"] == "_x0020_"
    )
    other = (await bc.post("purchaseInvoices", json={"vendorId": plain})).json()
    assert (await bc.get(f"purchaseInvoices({other['id']})/dimensionSetLines")).json()[
        "value"
    ] == []


async def test_the_invoices_global_dimension_codes_write_its_set(bc: BC) -> None:
    invoice = await draft(bc)
    path = f"purchaseInvoices({invoice['id']})"
    set_department = await bc.patch(
        path, json={"shortcutDimension1Code": "adm"}, headers={"If-Match": invoice["@odata.etag"]}
    )
    assert set_department.status_code == 200, set_department.text
    lines = (await bc.get(f"{path}/dimensionSetLines")).json()["value"]
    assert [(d["code"], d["valueCode"]) for d in lines] == [("DEPARTMENT", "ADM")]
    etag = {"If-Match": set_department.json()["@odata.etag"]}
    unknown = await bc.patch(path, json={"shortcutDimension2Code": "SALES"}, headers=etag)
    # The page validates the field on its source table, whose TableRelation refuses it.
    assert error(unknown) == (
        400,
        "Internal_InvalidTableRelation",
        "The field Shortcut Dimension 2 Code of table Purch. Inv. Entity Aggregate contains a "
        "value (SALES) that cannot be found in the related table (Dimension Value).",
    )
    cleared = await bc.patch(path, json={"shortcutDimension1Code": ""}, headers=etag)
    assert cleared.status_code == 200, cleared.text
    assert (await bc.get(f"{path}/dimensionSetLines")).json()["value"] == []
    created = await bc.post(
        "purchaseInvoices",
        json={"vendorId": invoice["vendorId"], "shortcutDimension2Code": "VW"},
    )
    assert created.status_code == 201, created.text
    new = created.json()
    lines = (await bc.get(f"purchaseInvoices({new['id']})/dimensionSetLines")).json()["value"]
    assert ("PROJECT", "VW") in [(d["code"], d["valueCode"]) for d in lines]
