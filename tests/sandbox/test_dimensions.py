"""Dimensions, dimension values and default dimensions over the sandbox's HTTP API: the
read-only sets, the navigations, and BC's rules and messages for default dimensions."""

from __future__ import annotations

import uuid
import xml.etree.ElementTree as ET
from typing import Any
from urllib.parse import quote

import pytest

from sandbox.metadata import EDM_NS, EDMX_NS
from tests.conftest import BC
from tests.sandbox.test_currencies import error
from tests.sandbox.test_webhooks import started, subscribe

NS = {"edmx": EDMX_NS, "edm": EDM_NS}
EMPTY_GUID = "00000000-0000-0000-0000-000000000000"
DIALOG = "Application_DialogException"


async def rows(bc: BC, path: str) -> list[dict[str, Any]]:
    response = await bc.get(path)
    assert response.status_code == 200, response.text
    return list(response.json()["value"])


async def dimension(bc: BC, code: str) -> dict[str, Any]:
    query = "&$expand=dimensionValues&$filter=" + quote(f"code eq '{code}'")
    return await bc.first("dimensions", query)


async def vendor(bc: BC, number: str) -> dict[str, Any]:
    return await bc.first("vendors", "&$filter=" + quote(f"number eq '{number}'"))


async def test_dimensions_and_values_are_seeded_in_both_companies(bc: BC, bc_fabrikam: BC) -> None:
    for company in (bc, bc_fabrikam):
        dims = await rows(company, "dimensions?$expand=dimensionValues")
        assert [d["code"] for d in dims] == sorted(d["code"] for d in dims)
        assert {"AREA", "DEPARTMENT", "PROJECT"} <= {d["code"] for d in dims}
        for dim in dims:
            assert dim["dimensionValues"]
            assert {v["dimensionId"] for v in dim["dimensionValues"]} == {dim["id"]}
        values = await rows(company, "dimensionValues")
        assert len(values) == sum(len(d["dimensionValues"]) for d in dims)
        under = await rows(company, f"dimensions({dims[0]['id']})/dimensionValues")
        assert under == dims[0]["dimensionValues"]


@pytest.mark.parametrize("entity_set", ["dimensions", "dimensionValues"])
async def test_dimensions_and_values_are_read_only(bc: BC, entity_set: str) -> None:
    record = await bc.first(entity_set)
    path = f"{entity_set}({record['id']})"
    etag = {"If-Match": record["@odata.etag"]}
    added = await bc.post(entity_set, json={"code": "NEW"})
    changed = await bc.patch(path, json={"displayName": "X"}, headers=etag)
    removed = await bc.delete(path, headers=etag)
    for refused in (added, changed, removed):
        assert error(refused)[:2] == (405, "BadRequest_MethodNotAllowed")


async def test_a_vendors_default_dimensions_are_its_own(bc: BC) -> None:
    first = await vendor(bc, "10000")
    mine = await rows(bc, f"vendors({first['id']})/defaultDimensions")
    assert mine and all((d["parentType"], d["parentId"]) == ("Vendor", first["id"]) for d in mine)
    expanded = await bc.get(f"vendors({first['id']})?$expand=defaultDimensions")
    assert expanded.json()["defaultDimensions"] == mine
    everyone = await rows(bc, "defaultDimensions")
    kinds = {d["parentType"] for d in everyone}
    assert {"Vendor", "Employee"} <= kinds
    other = await vendor(bc, "20000")
    foreign = await bc.get(f"vendors({other['id']})/defaultDimensions({mine[0]['id']})")
    assert error(foreign)[:2] == (404, "Internal_RecordNotFound")


async def test_a_default_dimension_created_under_its_parent(bc: BC) -> None:
    parent = await vendor(bc, "20000")
    project = await dimension(bc, "PROJECT")
    value = project["dimensionValues"][0]
    created = await bc.post(
        f"vendors({parent['id']})/defaultDimensions",
        json={"dimensionId": project["id"], "dimensionValueId": value["id"]},
    )
    assert created.status_code == 201, created.text
    row = created.json()
    assert (row["parentType"], row["parentId"]) == ("Vendor", parent["id"])
    assert (row["dimensionCode"], row["dimensionValueCode"]) == ("PROJECT", value["code"])
    assert row["postingValidation"] == "_x0020_"
    path = f"vendors({parent['id']})/defaultDimensions({row['id']})"
    etag = {"If-Match": row["@odata.etag"]}
    no_value = await bc.patch(
        path,
        json={"dimensionValueId": EMPTY_GUID, "postingValidation": "No_x0020_Code"},
        headers=etag,
    )
    assert no_value.status_code == 200, no_value.text
    assert no_value.json()["dimensionValueCode"] == ""
    etag = {"If-Match": no_value.json()["@odata.etag"]}
    with_value = await bc.patch(path, json={"dimensionValueId": value["id"]}, headers=etag)
    assert error(with_value) == (
        400,
        DIALOG,
        "Dimension Value Code must be equal to '' in Default Dimension: Table ID=23, "
        f"No.=20000, Dimension Code=PROJECT. Current value is '{value['code']}'.",
    )
    moved = await bc.patch(
        path, json={"dimensionId": (await dimension(bc, "AREA"))["id"]}, headers=etag
    )
    assert error(moved) == (400, DIALOG, "You can't rename a Default Dimension.")
    coded = await bc.patch(path, json={"dimensionCode": "AREA"}, headers=etag)
    assert error(coded)[2] == "Control 'dimensionCode' is read-only."
    again = await bc.post(
        f"vendors({parent['id']})/defaultDimensions", json={"dimensionId": project["id"]}
    )
    assert error(again) == (
        409,
        "Internal_EntityWithSameKeyExists",
        "The Default Dimension already exists. Identification fields and values: "
        "Table ID='23',No.='20000',Dimension Code='PROJECT'",
    )
    deleted = await bc.delete(path, headers=etag)
    assert deleted.status_code == 204
    assert row["id"] not in [d["id"] for d in await rows(bc, "defaultDimensions")]


async def test_bcs_refusals_of_a_default_dimension(bc: BC) -> None:
    parent = await vendor(bc, "30000")
    project, area = await dimension(bc, "PROJECT"), await dimension(bc, "AREA")
    base = {"parentType": "Vendor", "parentId": parent["id"], "dimensionId": project["id"]}

    async def refusal(**body: Any) -> tuple[int, str, str]:
        return error(await bc.post("defaultDimensions", json={**base, **body}))

    orphan = error(await bc.post("defaultDimensions", json={"dimensionId": project["id"]}))
    assert orphan == (
        400,
        DIALOG,
        "You must get to the parent first to get to the default dimensions.",
    )
    assert (await refusal(parentId=str(uuid.uuid4())))[2] == "Parent is not found."
    assert (await refusal(parentType="Customer"))[2] == "Parent is not found."
    assert (await refusal(dimensionId=str(uuid.uuid4())))[2] == (
        'The "dimensionId" does not match to a Dimension.'
    )
    assert (await refusal(dimensionValueId=str(uuid.uuid4())))[2] == (
        'The "dimensionValueId" does not match to a Dimension Value.'
    )
    assert await refusal(dimensionValueId=area["dimensionValues"][0]["id"]) == (
        400,
        DIALOG,
        'The "dimensionId" and "dimensionValueId" match to different Dimension records.',
    )
    posting = await refusal(postingValidation="Sometimes")
    assert "Microsoft.NAV.defaultDimensionValuePostingType" in posting[2]
    no_dimension = error(
        await bc.post(
            f"vendors({parent['id']})/defaultDimensions",
            json={"postingValidation": "No_x0020_Code"},
        )
    )
    assert no_dimension[2] == (
        "Dimension Code must have a value in Default Dimension: Table ID=23, No.=30000, "
        "Dimension Code=. It cannot be zero or empty."
    )
    created = await bc.post("defaultDimensions", json=base)
    assert created.status_code == 201, created.text
    assert created.json()["dimensionCode"] == "PROJECT"


async def test_metadata_states_the_navigations_and_enums(bc: BC) -> None:
    response = await bc.get(f"{bc.root}/$metadata")
    schema = ET.fromstring(response.content).find("edmx:DataServices/edm:Schema", NS)
    assert schema is not None
    for name in ("vendor", "employee"):
        nav = schema.find(
            f"edm:EntityType[@Name='{name}']/edm:NavigationProperty[@Name='defaultDimensions']",
            NS,
        )
        assert nav is not None and nav.get("Type") == "Collection(Microsoft.NAV.defaultDimension)"
    values = schema.find(
        "edm:EntityType[@Name='dimension']/edm:NavigationProperty[@Name='dimensionValues']", NS
    )
    assert values is not None
    parent = schema.find("edm:EnumType[@Name='defaultDimensionParentType']", NS)
    assert parent is not None
    members = [m.get("Name") for m in parent.findall("edm:Member", NS)]
    assert members == ["_x0020_", "Customer", "Item", "Vendor", "Employee"]


async def test_an_employees_default_dimensions_go_with_it(bc: BC) -> None:
    employee = await bc.first("employees")
    mine = await rows(bc, f"employees({employee['id']})/defaultDimensions")
    assert mine
    deleted = await bc.delete(
        f"employees({employee['id']})", headers={"If-Match": employee["@odata.etag"]}
    )
    assert deleted.status_code == 204
    left = {d["id"] for d in await rows(bc, "defaultDimensions")}
    assert not {d["id"] for d in mine} & left


async def test_a_default_dimension_change_notifies_its_webhook_subscription() -> None:
    async with started() as env:
        bc = env.bc
        sub = await subscribe(bc, "defaultDimensions")
        # One the change changes (a write that changes nothing notifies nothing).
        default = await bc.first(
            "defaultDimensions", "&$filter=postingValidation ne 'Code_x0020_Mandatory'"
        )
        changed = await bc.patch(
            f"defaultDimensions({default['id']})",
            json={"postingValidation": "Code_x0020_Mandatory"},
            headers={"If-Match": default["@odata.etag"]},
        )
        assert changed.status_code == 200, changed.text
        posts = await env.receiver.wait(1)
    [item] = posts[0].items
    assert item["subscriptionId"] == sub["subscriptionId"]
    assert item["resource"].endswith(f"/defaultDimensions({default['id']})")
