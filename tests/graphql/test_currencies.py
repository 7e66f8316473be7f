"""Currencies, declared in bcmodel/currencies.py and seeded, and written nowhere else: the
whole GraphQL surface an entity gets from its declaration, over the sandbox."""

from __future__ import annotations

from tests.graphql.conftest import Gateway

LIST = """{ currencies(first: 50, orderBy: [{field: CODE, direction: ASC}]) {
  totalCount nodes { id code displayName symbol amountDecimalPlaces amountRoundingPrecision } } }"""
CREATE = """mutation($input: CreateCurrencyInput!) {
  createCurrency(input: $input) { id etag code displayName symbol } }"""
UPDATE = """mutation($id: UUID!, $input: UpdateCurrencyInput!, $etag: String) {
  updateCurrency(id: $id, input: $input, etag: $etag) { id etag symbol } }"""
DELETE = """mutation($id: UUID!, $etag: String) { deleteCurrency(id: $id, etag: $etag) }"""


async def test_currencies_are_listed_sorted_and_typed(gw: Gateway) -> None:
    page = (await gw.data(LIST))["currencies"]
    codes = [c["code"] for c in page["nodes"]]
    assert codes == sorted(codes) and len(codes) == page["totalCount"] > 0
    assert all(isinstance(c["amountRoundingPrecision"], str) for c in page["nodes"])


async def test_a_currency_is_created_read_updated_and_deleted(gw: Gateway) -> None:
    created = (
        await gw.data(CREATE, {"input": {"code": "nok", "displayName": "Krone", "symbol": "kr"}})
    )["createCurrency"]
    assert created["code"] == "NOK"  # a Code field: BC uppercases it
    one = await gw.data("query($id: UUID!) { currency(id: $id) { code } }", {"id": created["id"]})
    assert one["currency"] == {"code": "NOK"}
    updated = (
        await gw.data(
            UPDATE, {"id": created["id"], "input": {"symbol": "NKr"}, "etag": created["etag"]}
        )
    )["updateCurrency"]
    assert updated["symbol"] == "NKr" and updated["etag"] != created["etag"]
    assert (await gw.data(DELETE, {"id": created["id"], "etag": updated["etag"]}))["deleteCurrency"]
    gone = await gw.execute(
        "query($id: UUID!) { currency(id: $id) { code } }", {"id": created["id"]}
    )
    assert gone.errors and gone.errors[0].extensions["code"] == "NOT_FOUND"


async def test_a_currency_without_its_code_is_refused_before_bc(gw: Gateway) -> None:
    await gw.reset_stats()
    result = await gw.execute(CREATE, {"input": {"displayName": "No code"}})
    assert result.errors is not None
    assert (
        result.errors[0].extensions
        == {
            "code": "BAD_USER_INPUT",
            "field": "input.code",
        }
        or result.errors[0].extensions["code"] == "BAD_USER_INPUT"
    )
    assert await gw.upstream_requests() == 0
