"""Null, empty and missing in filters, over the sandbox: `eq: null` is BC's blank, `ne: null`
the rest, and a null that means nothing is refused with the field's path. Nothing given
in a filter is dropped, so no filter quietly matches every record."""

from __future__ import annotations

from typing import Any

import pytest

from tests.graphql.conftest import Gateway

ALL_VENDORS = "{ vendors(first: 1000) { totalCount nodes { number email balance } } }"
VENDORS = (
    "query($f: VendorFilter) { vendors(first: 1000, filter: $f) { totalCount nodes { number } } }"
)


async def all_vendors(gw: Gateway) -> list[dict[str, Any]]:
    data = await gw.data(ALL_VENDORS)
    assert data["vendors"]["totalCount"] == len(data["vendors"]["nodes"])
    return list(data["vendors"]["nodes"])


async def numbers(gw: Gateway, filter_: dict[str, Any]) -> set[str]:
    data = await gw.data(VENDORS, {"f": filter_})
    nodes = data["vendors"]["nodes"]
    assert data["vendors"]["totalCount"] == len(nodes)
    return {n["number"] for n in nodes}


async def test_eq_null_is_the_blank_ones_and_ne_null_the_rest(gw: Gateway) -> None:
    vendors = await all_vendors(gw)
    blank = {v["number"] for v in vendors if v["email"] == ""}
    everyone = {v["number"] for v in vendors}
    assert 0 < len(blank) < len(everyone)  # the seed has vendors without an email
    assert await numbers(gw, {"email": {"eq": None}}) == blank
    assert await numbers(gw, {"email": {"ne": None}}) == everyone - blank
    # Written in the document rather than in a variable: the same.
    data = await gw.data(
        "{ vendors(first: 1000, filter: {email: {eq: null}}) { nodes { number } } }"
    )
    assert {n["number"] for n in data["vendors"]["nodes"]} == blank


async def test_a_blank_number_is_zero(gw: Gateway) -> None:
    vendors = await all_vendors(gw)
    zero = {v["number"] for v in vendors if float(v["balance"]) == 0}
    assert 0 < len(zero) < len(vendors)
    assert await numbers(gw, {"balance": {"eq": None}}) == zero
    assert await numbers(gw, {"balance": {"ne": None}}) == {v["number"] for v in vendors} - zero


async def test_blank_guids_and_dates_on_invoice_lines(gw: Gateway) -> None:
    invoices = await gw.data("{ purchaseInvoices(first: 40) { nodes { id } } }")
    ids = [n["id"] for n in invoices["purchaseInvoices"]["nodes"]]
    lines_q = """query($f: PurchaseInvoiceLineFilter) { purchaseInvoiceLines(first: 1000, filter: $f) {
        nodes { id itemId expectedReceiptDate } } }"""
    every = (await gw.data(lines_q, {"f": {"documentId": {"in": ids}}}))["purchaseInvoiceLines"]
    lines = every["nodes"]

    async def ids_where(condition: dict[str, Any]) -> set[str]:
        data = await gw.data(lines_q, {"f": {"documentId": {"in": ids}, **condition}})
        return {n["id"] for n in data["purchaseInvoiceLines"]["nodes"]}

    # GraphQL serves BC's blank GUIDs and dates as null: `eq: null` finds exactly those.
    no_item = {n["id"] for n in lines if n["itemId"] is None}
    undated = {n["id"] for n in lines if n["expectedReceiptDate"] is None}
    assert 0 < len(no_item) < len(lines) and 0 < len(undated) < len(lines)
    assert await ids_where({"itemId": {"eq": None}}) == no_item
    assert await ids_where({"itemId": {"ne": None}}) == {n["id"] for n in lines} - no_item
    assert await ids_where({"expectedReceiptDate": {"eq": None}}) == undated
    assert await ids_where({"expectedReceiptDate": {"ne": None}}) == (
        {n["id"] for n in lines} - undated
    )


# (filter, extensions.field): a null or an empty list where it can mean nothing.
REFUSED = [
    ({"balance": {"gt": None}}, "filter.balance.gt"),
    ({"balance": {"le": None}}, "filter.balance.le"),
    ({"lastModifiedDateTime": {"ge": None}}, "filter.lastModifiedDateTime.ge"),
    ({"email": {"in": None}}, "filter.email.in"),
    ({"email": {"in": []}}, "filter.email.in"),
    ({"email": {"contains": None}}, "filter.email.contains"),
    ({"email": {"startsWith": None}}, "filter.email.startsWith"),
    ({"email": {"endsWith": None}}, "filter.email.endsWith"),
    ({"email": None}, "filter.email"),
    ({"email": {}}, "filter.email"),
    ({"blocked": None}, "filter.blocked"),
    ({"taxLiable": None}, "filter.taxLiable"),
    ({"and": None}, "filter.and"),
    ({"or": None}, "filter.or"),
    ({"or": []}, "filter.or"),
    ({"or": [{"city": {"eq": "Atlanta"}}, {}]}, "filter.or[1]"),
    (
        {
            "number": {"ne": "1"},
            "and": [{"or": [{"balance": {"lt": "5"}}, {"balance": {"lt": None}}]}],
        },
        "filter.and[0].or[1].balance.lt",
    ),
]


@pytest.mark.parametrize(("filter_", "field"), REFUSED)
async def test_a_null_without_meaning_is_refused_naming_the_field(
    gw: Gateway, filter_: dict[str, Any], field: str
) -> None:
    await gw.reset_stats()
    result = await gw.execute(VENDORS, {"f": filter_})
    assert result.data is None and result.errors is not None
    [error] = result.errors
    assert error.extensions is not None
    assert (error.extensions["code"], error.extensions["field"]) == ("BAD_USER_INPUT", field)
    assert await gw.upstream_requests() == 0  # refused before BC is asked


async def test_refused_in_a_relations_filter_too(gw: Gateway) -> None:
    result = await gw.execute(
        """{ vendors(first: 2) { nodes { number
             purchaseInvoices(filter: {totalAmountIncludingTax: {gt: null}}) { nodes { number } } } } }"""
    )
    assert result.errors is not None
    assert {e.extensions["field"] for e in result.errors if e.extensions} == {
        "filter.totalAmountIncludingTax.gt"
    }


async def test_in_takes_no_nulls(gw: Gateway) -> None:
    # `in: [String!]`: GraphQL itself refuses a null item, before any resolver runs.
    result = await gw.execute(VENDORS, {"f": {"email": {"in": [None]}}})
    assert result.data is None and result.errors is not None
    assert "String!" in result.errors[0].message


async def test_what_puts_no_condition(gw: Gateway) -> None:
    everyone = {v["number"] for v in await all_vendors(gw)}
    # The argument left out or null, an empty filter, and an empty `and` put no condition.
    for filter_ in (None, {}, {"and": []}, {"and": [{}]}):
        assert await numbers(gw, filter_) == everyone  # type: ignore[arg-type]
    # Nothing with a null in it matches everyone any more.
    for filter_ in ({"email": {"eq": None}}, {"email": {"ne": None}}):
        assert await numbers(gw, filter_) < everyone


async def test_null_beside_other_conditions_keeps_them_all(gw: Gateway) -> None:
    vendors = await all_vendors(gw)
    expected = {v["number"] for v in vendors if v["email"] == "" and float(v["balance"]) == 0}
    found = await numbers(gw, {"email": {"eq": None}, "balance": {"eq": "0"}})
    assert found == expected
    either = await numbers(
        gw, {"or": [{"email": {"eq": None}}, {"email": {"in": ["nobody@example.com"]}}]}
    )
    assert either == {v["number"] for v in vendors if v["email"] == ""}
