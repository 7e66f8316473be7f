"""Dimensions, their values and default dimensions over GraphQL, and the defaultDimensions
navigation of vendors and employees: what it reads, and that it costs no call of its own."""

from __future__ import annotations

from typing import Any

from tests.graphql.conftest import Gateway

DIMENSIONS = """{ dimensions(orderBy: [{field: CODE}]) { totalCount nodes { id code displayName
  dimensionValues { totalCount nodes { code displayName dimensionId } } } } }"""


async def dimension(gw: Gateway, code: str) -> dict[str, Any]:
    page = await gw.data(
        """query($code: String) { dimensions(filter: {code: {eq: $code}}) { nodes { id code
        dimensionValues { nodes { id code } } } } }""",
        {"code": code},
    )
    return dict(page["dimensions"]["nodes"][0])


async def test_dimensions_and_their_values_come_in_one_call(gw: Gateway) -> None:
    await gw.reset_stats()
    page = (await gw.data(DIMENSIONS))["dimensions"]
    assert await gw.upstream_requests() == 1  # the values through $expand
    codes = [d["code"] for d in page["nodes"]]
    assert codes == sorted(codes) and {"DEPARTMENT", "PROJECT"} <= set(codes)
    for dim in page["nodes"]:
        values = dim["dimensionValues"]
        assert values["totalCount"] == len(values["nodes"]) > 0
        assert {v["dimensionId"] for v in values["nodes"]} == {dim["id"]}


async def test_dimension_values_are_listed_filtered_and_read_by_id(gw: Gateway) -> None:
    department = await dimension(gw, "DEPARTMENT")
    listed = await gw.data(
        """query($id: UUID!) { dimensionValues(filter: {dimensionId: {eq: $id}},
        orderBy: [{field: CODE, direction: DESC}]) { totalCount nodes { id code
        dimension { code } } } }""",
        {"id": department["id"]},
    )
    values = listed["dimensionValues"]["nodes"]
    assert [v["code"] for v in values] == sorted((v["code"] for v in values), reverse=True)
    assert {v["dimension"]["code"] for v in values} == {"DEPARTMENT"}
    one = await gw.data(
        """query($id: UUID!, $d: UUID!) { dimensionValue(id: $id) { code }
        dimension(id: $d) { code } }""",
        {"id": values[0]["id"], "d": department["id"]},
    )
    assert one["dimensionValue"] == {"code": values[0]["code"]}
    assert one["dimension"] == {"code": "DEPARTMENT"}


async def test_dimensions_and_values_are_read_only(gw: Gateway) -> None:
    mutations = (await gw.data('{ __type(name: "Mutation") { fields { name } } }'))["__type"]
    names = {f["name"] for f in mutations["fields"]}
    for kind in ("Dimension", "DimensionValue"):
        assert not {f"create{kind}", f"update{kind}", f"delete{kind}"} & names
    assert {"createDefaultDimension", "updateDefaultDimension", "deleteDefaultDimension"} <= names


VENDORS = """{ vendors(first: 12, orderBy: [{field: NUMBER}]) { nodes { id number
  defaultDimensions { totalCount nodes { parentType parentId dimensionCode dimensionValueCode
  postingValidation } } } } }"""


async def test_a_vendors_default_dimensions_come_with_it_in_one_call(gw: Gateway) -> None:
    await gw.reset_stats()
    vendors = (await gw.data(VENDORS))["vendors"]["nodes"]
    assert await gw.upstream_requests() == 1
    with_defaults = [v for v in vendors if v["defaultDimensions"]["totalCount"]]
    assert 0 < len(with_defaults) < len(vendors)
    for vendor in with_defaults:
        for default in vendor["defaultDimensions"]["nodes"]:
            assert (default["parentType"], default["parentId"]) == ("VENDOR", vendor["id"])
            assert default["dimensionCode"] and default["postingValidation"] != "BLANK"


async def test_an_employees_default_dimensions(gw: Gateway) -> None:
    await gw.reset_stats()
    page = await gw.data(
        """{ employees(first: 3) { nodes { id defaultDimensions { nodes { parentId
        dimensionCode dimensionValueCode } } } } }"""
    )
    assert await gw.upstream_requests() == 1
    for employee in page["employees"]["nodes"]:
        [default] = employee["defaultDimensions"]["nodes"]
        assert default["parentId"] == employee["id"]
        assert default["dimensionCode"] == "DEPARTMENT"


CREATE = """mutation($input: CreateDefaultDimensionInput!) { createDefaultDimension(
  input: $input) { id etag parentType dimensionCode dimensionValueCode postingValidation
  dimension { code } dimensionValue { code } } }"""


async def test_a_default_dimension_is_created_updated_listed_and_deleted(gw: Gateway) -> None:
    vendor = (await gw.data('{ vendors(filter: {number: {eq: "20000"}}) { nodes { id } } }'))[
        "vendors"
    ]["nodes"][0]
    project = await dimension(gw, "PROJECT")
    first, second = project["dimensionValues"]["nodes"][:2]
    created = (
        await gw.data(
            CREATE,
            {
                "input": {
                    "parentType": "VENDOR",
                    "parentId": vendor["id"],
                    "dimensionId": project["id"],
                    "dimensionValueId": first["id"],
                    "postingValidation": "SAME_CODE",
                }
            },
        )
    )["createDefaultDimension"]
    assert (created["dimensionCode"], created["dimensionValueCode"]) == ("PROJECT", first["code"])
    assert created["dimension"] == {"code": "PROJECT"}
    assert created["dimensionValue"] == {"code": first["code"]}
    updated = (
        await gw.data(
            """mutation($id: UUID!, $etag: String, $value: UUID) { updateDefaultDimension(
            id: $id, etag: $etag, input: {dimensionValueId: $value,
            postingValidation: CODE_MANDATORY}) { etag dimensionValueCode postingValidation } }""",
            {"id": created["id"], "etag": created["etag"], "value": second["id"]},
        )
    )["updateDefaultDimension"]
    assert updated["dimensionValueCode"] == second["code"]
    assert updated["postingValidation"] == "CODE_MANDATORY"
    listed = await gw.data(
        """query($parent: UUID!) { defaultDimensions(filter: {parentId: {eq: $parent}}) {
        nodes { id dimensionCode } } }""",
        {"parent": vendor["id"]},
    )
    assert created["id"] in [d["id"] for d in listed["defaultDimensions"]["nodes"]]
    deleted = await gw.data(
        "mutation($id: UUID!, $etag: String) { deleteDefaultDimension(id: $id, etag: $etag) }",
        {"id": created["id"], "etag": updated["etag"]},
    )
    assert deleted["deleteDefaultDimension"] == created["id"]


async def test_a_value_of_another_dimension_is_bcs_refusal(gw: Gateway) -> None:
    vendor = (await gw.data("{ vendors(first: 1) { nodes { id } } }"))["vendors"]["nodes"][0]
    project, department = await dimension(gw, "PROJECT"), await dimension(gw, "DEPARTMENT")
    result = await gw.execute(
        CREATE,
        {
            "input": {
                "parentType": "VENDOR",
                "parentId": vendor["id"],
                "dimensionId": project["id"],
                "dimensionValueId": department["dimensionValues"]["nodes"][0]["id"],
            }
        },
    )
    assert result.errors is not None
    assert result.errors[0].message.startswith(
        'The "dimensionId" and "dimensionValueId" match to different Dimension records.'
    )
    missing = await gw.execute(
        CREATE, {"input": {"parentType": "VENDOR", "parentId": vendor["id"]}}
    )
    assert missing.errors and missing.errors[0].extensions["code"] == "BAD_USER_INPUT"
