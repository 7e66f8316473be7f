"""Customers over GraphQL, against the seeded sandbox: listed, sorted, filtered, read with
their payment terms and currency, created (numbered by BC), updated and deleted, and BC's
refusals."""

from __future__ import annotations

from typing import Any

from tests.graphql.conftest import Gateway
from tests.graphql.test_mutations import error_of

LIST = """query($f: CustomerFilter) { customers(first: 50, filter: $f,
  orderBy: [{field: DISPLAY_NAME, direction: DESC}]) { totalCount
  nodes { id number displayName type blocked balanceDue currencyCode paymentTermsId
          paymentTerm { id code dueDateCalculation } } } }"""
CREATE = """mutation($input: CreateCustomerInput!) { createCustomer(input: $input) {
  id etag number displayName type blocked balanceDue currencyId currencyCode
  currency { code } paymentTerm { code } } }"""
UPDATE = """mutation($id: UUID!, $input: UpdateCustomerInput!, $etag: String) {
  updateCustomer(id: $id, input: $input, etag: $etag) { id etag displayName city blocked
  currencyId currencyCode creditLimit } }"""
DELETE = "mutation($id: UUID!, $etag: String) { deleteCustomer(id: $id, etag: $etag) }"
READ = "query($id: UUID!) { customer(id: $id) { id number displayName } }"


async def customer_by_number(gw: Gateway, number: str) -> dict[str, Any]:
    data = await gw.data(LIST, {"f": {"number": {"eq": number}}})
    [customer] = data["customers"]["nodes"]
    return dict(customer)


async def some_currency(gw: Gateway) -> dict[str, Any]:
    data = await gw.data("{ currencies(first: 1) { nodes { id code } } }")
    return dict(data["currencies"]["nodes"][0])


async def test_customers_are_listed_sorted_filtered_and_typed(gw: Gateway) -> None:
    page = (await gw.data(LIST))["customers"]
    names = [c["displayName"] for c in page["nodes"]]
    assert len(names) == page["totalCount"] >= 10 and names == sorted(names, reverse=True)
    assert {c["type"] for c in page["nodes"]} == {"COMPANY", "PERSON"}
    assert {c["blocked"] for c in page["nodes"]} >= {"BLANK", "INVOICE", "ALL"}
    # Each seeded customer has payment terms, read in the same call ($expand).
    assert all(c["paymentTerm"]["id"] == c["paymentTermsId"] for c in page["nodes"])
    blocked = (await gw.data(LIST, {"f": {"blocked": "ALL"}}))["customers"]["nodes"]
    assert blocked and all(c["blocked"] == "ALL" for c in blocked)


async def test_a_customer_is_created_numbered_read_updated_and_deleted(gw: Gateway) -> None:
    currency = await some_currency(gw)
    created = (
        await gw.data(
            CREATE,
            {"input": {"displayName": "Lucerne Publishing", "type": "PERSON",
                       "currencyCode": currency["code"]}},
        )
    )["createCustomer"]  # fmt: skip
    # BC's number series: the next number after the company's highest.
    assert created["number"].startswith("C") and created["balanceDue"] == "0"
    assert created["currencyId"] == currency["id"] and created["currency"] == {
        "code": currency["code"]
    }
    one = await gw.data(READ, {"id": created["id"]})
    assert one["customer"]["number"] == created["number"]
    updated = (
        await gw.data(
            UPDATE,
            {"id": created["id"], "etag": created["etag"],
             "input": {"city": "Lucerne", "blocked": "SHIP", "creditLimit": "2500",
                       "currencyId": None}},
        )
    )["updateCustomer"]  # fmt: skip
    assert updated["city"] == "Lucerne" and updated["blocked"] == "SHIP"
    assert updated["creditLimit"] == "2500" and updated["currencyId"] is None
    assert (await gw.data(DELETE, {"id": created["id"], "etag": updated["etag"]}))[
        "deleteCustomer"
    ] == created["id"]
    assert error_of(await gw.execute(READ, {"id": created["id"]}))["code"] == "NOT_FOUND"


async def test_bc_refuses_references_that_do_not_exist(gw: Gateway) -> None:
    missing = "00000000-0000-0000-0000-0000000000aa"
    for field, message in (
        ("paymentTermsId", 'The "paymentTermsId" does not match to a Payment Terms.'),
        ("currencyId", 'The "currencyId" does not match to a Currency.'),
    ):
        error = error_of(
            await gw.execute(CREATE, {"input": {"displayName": "Nobody", field: missing}})
        )
        assert error["code"] == "BAD_USER_INPUT" and error["message"] == message
    error = error_of(
        await gw.execute(CREATE, {"input": {"displayName": "Nobody", "currencyCode": "XXX"}})
    )
    assert error["message"] == 'The "currencyCode" does not match to a Currency.'


async def test_a_blank_name_is_refused(gw: Gateway) -> None:
    # Refused before BC (BC's own refusal: tests/sandbox/test_sales.py).
    customer = await customer_by_number(gw, "C00010")
    await gw.reset_stats()
    error = error_of(await gw.execute(UPDATE, {"id": customer["id"], "input": {"displayName": ""}}))
    assert error["code"] == "BAD_USER_INPUT" and "displayName" in error["message"]
    before_bc = await gw.execute(CREATE, {"input": {"city": "Nowhere"}})
    assert before_bc.errors and await gw.upstream_requests() == 0


async def test_balance_due_is_read_only(gw: Gateway) -> None:
    result = await gw.execute(
        'mutation { createCustomer(input: {displayName: "X", balanceDue: "5"}) { id } }'
    )
    assert result.errors is not None  # not a field of the create input


async def test_a_customer_with_an_outstanding_invoice_cannot_be_deleted(gw: Gateway) -> None:
    data = await gw.data("{ salesInvoices(first: 1) { nodes { customerId customerNumber } } }")
    [invoice] = data["salesInvoices"]["nodes"]
    error = error_of(await gw.execute(DELETE, {"id": invoice["customerId"]}))
    assert error["code"] == "BAD_USER_INPUT"
    assert error["message"] == (
        f"You cannot delete Customer {invoice['customerNumber']} because there is at least "
        "one outstanding Sales Invoice for this customer."
    )


async def test_a_customer_reads_its_sales_documents(gw: Gateway) -> None:
    data = await gw.data(
        """{ customers(first: 50) { nodes { id salesInvoices { nodes { customerId } }
             salesCreditMemos { nodes { customerId } } } } }"""
    )
    nodes = data["customers"]["nodes"]
    assert any(c["salesInvoices"]["nodes"] for c in nodes)
    assert any(c["salesCreditMemos"]["nodes"] for c in nodes)
    for c in nodes:
        docs = c["salesInvoices"]["nodes"] + c["salesCreditMemos"]["nodes"]
        assert all(d["customerId"] == c["id"] for d in docs)
