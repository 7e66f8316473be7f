"""OData options from parts: literal rendering, expressions, query options (no I/O)."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import pytest

from bcmodel.accounts import ACCOUNT
from bcmodel.enums import INVOICE_STATUS, VENDOR_BLOCKED
from bcmodel.purchase_invoices import PURCHASE_INVOICE
from bcmodel.vendors import VENDOR
from gateway.bc import odata
from gateway.bc.odata import EnumValue, Expand, Query, desc, prop
from gateway.errors import BadUserInput

GUID = "5d115c9c-44e3-ea11-bb43-000d3a2feca1"


def filter_text(expr: odata.Expr) -> str:
    return expr.render_params()["$filter"]


@pytest.mark.parametrize(
    ("value", "rendered"),
    [
        ("plain", "'plain'"),
        ("O'Brien", "'O''Brien'"),
        ("''", "''''''"),
        ("') or ('1' eq '1", "''') or (''1'' eq ''1'"),
        ("a&b#c$d%e+f;g=h", "'a&b#c$d%e+f;g=h'"),
        ("Zürich \u2013 東京 🙂", "'Zürich \u2013 東京 🙂'"),
        ("line\nbreak", "'line\nbreak'"),
        ("", "''"),
        (True, "true"),
        (False, "false"),
        (0, "0"),
        (-42, "-42"),
        (Decimal("3310.17"), "3310.17"),
        (Decimal("-0.5"), "-0.5"),
        (Decimal("1E+3"), "1000"),
        (Decimal("1.2345678901234567890"), "1.2345678901234567890"),
        (uuid.UUID(GUID), GUID),
        (date(2019, 1, 1), "2019-01-01"),
        (datetime(2020, 8, 21, 7, 38, 46, 530000, tzinfo=UTC), "2020-08-21T07:38:46.53Z"),
        (datetime(2020, 8, 21, 9, 0, tzinfo=timezone(timedelta(hours=2))), "2020-08-21T07:00:00Z"),
        (EnumValue(INVOICE_STATUS, "In Review"), "'In_x0020_Review'"),
        (EnumValue(VENDOR_BLOCKED, "_x0020_"), "'_x0020_'"),
        (None, "null"),
    ],
)
def test_untyped_literals(value: Any, rendered: str) -> None:
    assert odata.literal(value) == rendered


@pytest.mark.parametrize(
    "value",
    [
        1.5,
        Decimal("NaN"),
        Decimal("Infinity"),
        datetime(2020, 1, 1),  # naive: which zone?
        object(),
        EnumValue(INVOICE_STATUS, "Bogus"),
    ],
)
def test_untyped_literals_refused(value: Any) -> None:
    with pytest.raises(BadUserInput):
        odata.literal(value)


@pytest.mark.parametrize(
    ("entity", "name", "value", "rendered"),
    [
        (VENDOR, "displayName", "O'Brien", "'O''Brien'"),
        (VENDOR, "id", GUID.upper(), GUID),
        (VENDOR, "paymentTermsId", uuid.UUID(GUID), GUID),
        (VENDOR, "blocked", " ", "'_x0020_'"),
        (VENDOR, "blocked", "_x0020_", "'_x0020_'"),
        (VENDOR, "blocked", "Payment", "'Payment'"),
        (PURCHASE_INVOICE, "status", "In Review", "'In_x0020_Review'"),
        (PURCHASE_INVOICE, "status", EnumValue(INVOICE_STATUS, "Open"), "'Open'"),
        (ACCOUNT, "accountType", "Begin-Total", "'Begin_x002D_Total'"),
        (VENDOR, "taxLiable", True, "true"),
        (VENDOR, "balance", Decimal("2071.13"), "2071.13"),
        (VENDOR, "balance", "2071.13", "2071.13"),
        (VENDOR, "balance", 5, "5"),
        (PURCHASE_INVOICE, "invoiceDate", date(2019, 1, 1), "2019-01-01"),
        (PURCHASE_INVOICE, "invoiceDate", "2019-01-01", "2019-01-01"),
        (
            VENDOR,
            "lastModifiedDateTime",
            "2020-08-21T07:38:46.53Z",
            "2020-08-21T07:38:46.53Z",
        ),
    ],
)
def test_typed_literals(entity: Any, name: str, value: Any, rendered: str) -> None:
    assert filter_text(prop(name, entity).eq(value)) == f"{name} eq {rendered}"


@pytest.mark.parametrize(
    ("entity", "name", "value"),
    [
        (VENDOR, "id", "not-a-guid"),
        (VENDOR, "id", f"{GUID}) or (1 eq 1"),
        (VENDOR, "displayName", 5),
        (VENDOR, "displayName", True),
        (VENDOR, "taxLiable", "true"),
        (VENDOR, "taxLiable", 1),
        (VENDOR, "balance", 1.5),
        (VENDOR, "balance", "1e999999999"),
        (VENDOR, "balance", "12 or 1 eq 1"),
        (VENDOR, "blocked", "Nope"),
        (PURCHASE_INVOICE, "invoiceDate", "2019-13-01"),
        (PURCHASE_INVOICE, "invoiceDate", datetime(2019, 1, 1, tzinfo=UTC)),
        (VENDOR, "lastModifiedDateTime", "2020-08-21T07:38:46"),
        (VENDOR, "lastModifiedDateTime", "yesterday"),
    ],
)
def test_typed_literals_refused(entity: Any, name: str, value: Any) -> None:
    with pytest.raises(BadUserInput):
        prop(name, entity).eq(value)


def test_unknown_or_malformed_properties_refused() -> None:
    with pytest.raises(BadUserInput):
        prop("nope", VENDOR)
    for bad in ["a b", "a)", "$filter", "", "x eq 1 or y"]:
        with pytest.raises(BadUserInput):
            prop(bad)


def test_comparisons_and_functions() -> None:
    name = prop("displayName", VENDOR)
    assert [filter_text(name.compare(op, "x")) for op in ("eq", "ne", "gt", "ge", "lt", "le")] == [
        f"displayName {op} 'x'" for op in ("eq", "ne", "gt", "ge", "lt", "le")
    ]
    assert filter_text(name.contains("O'B")) == "contains(displayName,'O''B')"
    assert filter_text(name.startswith("A")) == "startswith(displayName,'A')"
    assert filter_text(name.endswith("Z")) == "endswith(displayName,'Z')"
    assert filter_text(name.lower().eq("abc")) == "tolower(displayName) eq 'abc'"
    with pytest.raises(BadUserInput):
        name.compare("eq or", "x")
    with pytest.raises(BadUserInput):
        prop("balance", VENDOR).contains("1")
    with pytest.raises(BadUserInput):
        prop("balance", VENDOR).lower()


def test_boolean_structure_is_parenthesised() -> None:
    a = prop("number").eq("1")
    b = prop("number").eq("2")
    c = prop("city").eq("Atlanta")
    assert filter_text(a | b) == "number eq '1' or number eq '2'"
    assert filter_text((a | b) & c) == "(number eq '1' or number eq '2') and city eq 'Atlanta'"
    assert filter_text(a & (b | c)) == "number eq '1' and (number eq '2' or city eq 'Atlanta')"
    assert filter_text(a & b & c) == "number eq '1' and number eq '2' and city eq 'Atlanta'"
    assert filter_text(~(a | b)) == "not (number eq '1' or number eq '2')"
    assert filter_text(odata.and_(a)) == "number eq '1'"
    with pytest.raises(BadUserInput):
        odata.or_()
    with pytest.raises(TypeError):
        odata.and_(a, "city eq 'x'")  # type: ignore[arg-type]


def test_or_across_fields_is_detected() -> None:
    number = prop("number")
    city = prop("city")
    same = number.eq("1") | number.eq("2")
    assert not same.has_or_across_fields()
    assert same.fields() == {"number"}
    mixed = number.eq("1") | city.eq("Atlanta")
    assert mixed.has_or_across_fields()
    assert mixed.fields() == {"number", "city"}
    # `and` across fields is fine; an `or` nested anywhere is checked.
    assert not (same & city.eq("x")).has_or_across_fields()
    assert (city.eq("x") & ~(number.eq("1") | city.eq("y"))).has_or_across_fields()
    assert not (number.lower().eq("a") | number.eq("B")).has_or_across_fields()


def test_in_needs_schema_2_1_and_carries_it() -> None:
    status = prop("status", PURCHASE_INVOICE)
    params = status.in_(["Draft", "In Review", "Draft"]).render_params()
    assert params == {
        "$filter": "status in ('Draft','In_x0020_Review')",
        "$schemaversion": "2.1",
    }
    # Anywhere in the tree, and through a Query, nested expands included.
    combined = prop("number", PURCHASE_INVOICE).eq("1") & status.in_(["Open"])
    assert combined.render_params()["$schemaversion"] == "2.1"
    nested = Query(
        entity=PURCHASE_INVOICE,
        expand=(Expand("purchaseInvoiceLines", Query(filter=prop("sequence").in_([10000]))),),
    )
    assert nested.render_params()["$schemaversion"] == "2.1"
    assert "$schemaversion" not in prop("number").eq("1").render_params()
    # Nested function calls need it too.
    assert prop("displayName").lower().contains("a").render_params()["$schemaversion"] == "2.1"
    with pytest.raises(BadUserInput):
        status.in_([])


def test_query_options() -> None:
    query = Query(
        entity=PURCHASE_INVOICE,
        select=("id", "number", "totalAmountIncludingTax"),
        filter=prop("status", PURCHASE_INVOICE).eq("Open"),
        expand=(
            Expand(
                "purchaseInvoiceLines",
                Query(
                    select=("id", "quantity"),
                    filter=prop("description").contains("Desk; $top=1,x"),
                    orderby=("sequence",),
                ),
            ),
            Expand("vendor"),
        ),
        orderby=(desc("number"), "invoiceDate"),
        top=50,
        skip=10,
        count=True,
    )
    assert query.render_params() == {
        "$select": "id,number,totalAmountIncludingTax",
        "$filter": "status eq 'Open'",
        "$expand": (
            "purchaseInvoiceLines($select=id,quantity;"
            "$filter=contains(description,'Desk; $top=1,x');$orderby=sequence),vendor"
        ),
        "$orderby": "number desc,invoiceDate",
        "$top": "50",
        "$skip": "10",
        "$count": "true",
    }
    assert Query().render_params() == {}


@pytest.mark.parametrize(
    "query",
    [
        Query(entity=VENDOR, select=("nope",)),
        Query(entity=VENDOR, select=("id,number",)),
        Query(entity=VENDOR, filter=prop("nope").eq("x")),
        Query(entity=VENDOR, orderby=("nope",)),
        Query(entity=VENDOR, orderby=("number desc",)),
        Query(entity=VENDOR, expand=(Expand("purchaseInvoiceLines"),)),
        Query(
            entity=PURCHASE_INVOICE,
            expand=(Expand("purchaseInvoiceLines", Query(select=("displayName",))),),
        ),
        Query(expand=(Expand("lines($top=1)"),)),
        Query(top=-1),
        Query(skip=True),
    ],
)
def test_query_refuses_what_the_entity_lacks(query: Query) -> None:
    with pytest.raises(BadUserInput):
        query.render_params()


def test_chunked_ids_filter_stays_under_the_url_budget() -> None:
    ids = [str(uuid.UUID(int=i)) for i in range(1, 201)]
    base = len("https://api.businesscentral.dynamics.com/v2.0/t/production/api/v2.0/") + 60
    chunks = odata.chunked_ids_filter(ids + ids[:5], 2000, base_len=base)
    assert len(chunks) > 1
    seen: list[str] = []
    sizes: list[int] = []
    for chunk in chunks:
        params = chunk.render_params()
        assert base + 1 + odata.encoded_length(params) <= 2000
        assert not chunk.has_or_across_fields() and chunk.fields() == {"id"}
        terms = [term.split(" eq ")[1] for term in params["$filter"].split(" or ")]
        seen += terms
        sizes.append(len(terms))
    assert seen == ids  # each id once, in order
    # Chunks are filled: one more id would not have fitted.
    assert all(size == sizes[0] for size in sizes[:-1])
    full = odata.or_(*(prop("id").eq(uuid.UUID(i)) for i in ids[: sizes[0] + 1]))
    assert base + 1 + odata.encoded_length(full.render_params()) > 2000
    assert odata.chunked_ids_filter([ids[0]], 2000)[0].render_params() == {
        "$filter": f"id eq {ids[0]}"
    }
    with pytest.raises(BadUserInput):
        odata.chunked_ids_filter(["x') or ('1"], 2000)
    with pytest.raises(BadUserInput):
        odata.chunked_ids_filter(ids, 40)


def test_pinned_fields_are_those_every_selected_row_shares() -> None:
    city, name = prop("city", VENDOR), prop("displayName", VENDOR)
    assert (city.eq("Atlanta") & name.gt("B")).pinned() == {"city"}
    assert city.in_(["Atlanta"]).pinned() == {"city"}
    assert city.in_(["Atlanta", "Boston"]).pinned() == frozenset()
    assert (city.eq("Atlanta") | city.eq("Boston")).pinned() == frozenset()
    # tolower(city) eq 'atlanta' matches ATLANTA and Atlanta: two values.
    assert city.lower().eq("atlanta").pinned() == frozenset()
    assert odata.not_(city.ne("Atlanta")).pinned() == frozenset()
    assert (
        city.eq("A") & (name.eq("x") | name.eq("y")) & prop("number", VENDOR).eq("1")
    ).pinned() == {
        "city",
        "number",
    }
