"""The sales side over the sandbox's HTTP API, as BC answers it: customers in both
companies, what BC refuses with its messages, deep inserts of sales documents, and what
posting writes to the ledger (receivables against revenue)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any
from urllib.parse import quote

from tests.conftest import BC
from tests.sandbox.test_currencies import error

MISSING = "00000000-0000-0000-0000-0000000000aa"


async def customer(bc: BC, number: str) -> dict[str, Any]:
    return await bc.first("customers", "&$filter=" + quote(f"number eq '{number}'"))


async def account(bc: BC, number: str) -> dict[str, Any]:
    return await bc.first("accounts", "&$filter=" + quote(f"number eq '{number}'"))


async def an_item_id(bc: BC) -> str:
    invoice = await bc.first("salesInvoices", "&$expand=salesInvoiceLines")
    return str(invoice["salesInvoiceLines"][0]["itemId"])


async def test_both_companies_have_customers_in_their_currency(bc: BC, bc_fabrikam: BC) -> None:
    for client, currency in ((bc, "USD"), (bc_fabrikam, "GBP")):
        response = await client.get("customers?$orderby=number")
        assert response.status_code == 200, response.text
        rows = response.json()["value"]
        assert [r["number"] for r in rows][:2] == ["C00010", "C00020"]
        assert {r["currencyCode"] for r in rows} == {currency}
        assert all(r["balanceDue"] == 0 for r in rows)
    blocked = await customer(bc, "C00130")
    assert blocked["blocked"] == "All" and blocked["type"] in ("Company", "Person")


async def test_customer_refusals_with_bcs_messages(bc: BC) -> None:
    nameless = await bc.post("customers", json={"city": "Nowhere"})
    assert error(nameless) == (400, "Application_DialogException",
                               'A "displayName" must be provided.')  # fmt: skip
    existing = await customer(bc, "C00010")
    blank = await bc.patch(
        f"customers({existing['id']})",
        json={"displayName": ""},
        headers={"If-Match": existing["@odata.etag"]},
    )
    assert error(blank)[2] == 'The blank "displayName" is not allowed.'
    read_only = await bc.post("customers", json={"displayName": "X", "balanceDue": 5})
    assert error(read_only)[:2] == (400, "BadRequest_InvalidOperation")
    assert "Control 'balanceDue' is read-only" in error(read_only)[2]
    bad_enum = await bc.post("customers", json={"displayName": "X", "blocked": "Sometimes"})
    assert error(bad_enum)[0] == 400
    terms = await bc.post("customers", json={"displayName": "X", "paymentTermsId": MISSING})
    assert error(terms)[2] == 'The "paymentTermsId" does not match to a Payment Terms.'
    currency = await bc.post("customers", json={"displayName": "X", "currencyId": MISSING})
    assert error(currency)[2] == 'The "currencyId" does not match to a Currency.'
    euro = await bc.first("currencies", "&$filter=" + quote("code eq 'EUR'"))
    mismatch = await bc.post(
        "customers", json={"displayName": "X", "currencyId": euro["id"], "currencyCode": "JPY"}
    )
    assert error(mismatch)[2] == "The currency values do not match to a specific Currency."
    twice = await bc.post("customers", json={"displayName": "X", "number": "C00010"})
    assert error(twice)[:2] == (409, "Internal_EntityWithSameKeyExists")


async def test_customers_navigate_to_terms_and_currency(bc: BC) -> None:
    euro = await bc.first("currencies", "&$filter=" + quote("code eq 'EUR'"))
    created = await bc.post("customers", json={"displayName": "Euro Buyer", "currencyCode": "eur"})
    assert created.status_code == 201, created.text
    row = created.json()
    assert row["currencyId"] == euro["id"] and row["number"].startswith("C")
    read = await bc.get(f"customers({row['id']})?$expand=currency,paymentTerm")
    assert read.json()["currency"]["code"] == "EUR" and read.json()["paymentTerm"] is None


async def test_sales_invoice_deep_insert_and_refusals(bc: BC) -> None:
    item_id = await an_item_id(bc)
    neither = await bc.post("salesInvoices", json={})
    assert error(neither)[2] == 'A "customerNumber" or a "customerId" must be provided.'
    unknown = await bc.post("salesInvoices", json={"customerId": MISSING})
    assert error(unknown)[2] == "The sell-to customer cannot be found."
    read_only = await bc.post(
        "salesInvoices", json={"customerNumber": "C00010", "totalAmountIncludingTax": 5}
    )
    assert error(read_only)[:2] == (400, "BadRequest_InvalidOperation")
    bad_terms = await bc.post(
        "salesInvoices", json={"customerNumber": "C00010", "paymentTermsId": MISSING}
    )
    assert error(bad_terms)[2] == 'The "paymentTermsId" does not match to a Payment Terms.'
    both = await bc.post(
        "salesInvoices",
        json={"customerNumber": "C00010",
              "salesInvoiceLines": [{"itemId": item_id, "accountId": item_id}]},
    )  # fmt: skip
    assert error(both)[2] == (
        'Both "itemId" and "accountId" are specified. Specify only one of them.'
    )

    created = await bc.post(
        "salesInvoices",
        json={"customerNumber": "C00010",
              "salesInvoiceLines": [{"itemId": item_id, "quantity": 2},
                                    {"lineType": "Comment", "description": "Note"}]},
    )  # fmt: skip
    assert created.status_code == 201, created.text
    invoice = await bc.get(f"salesInvoices({created.json()['id']})?$expand=salesInvoiceLines")
    invoice = invoice.json()
    assert invoice["status"] == "Draft" and len(invoice["salesInvoiceLines"]) == 2
    assert invoice["totalAmountIncludingTax"] == invoice["remainingAmount"] > 0
    unlisted = await bc.get("salesInvoiceLines")
    assert error(unlisted)[2] == "You must specify an Id or a Document Id to get the lines."


async def test_posting_writes_receivables_against_revenue(bc: BC) -> None:
    item_id = await an_item_id(bc)
    receivables, sales = await account(bc, "10400"), await account(bc, "40200")
    services = await account(bc, "40100")
    target = await customer(bc, "C00020")
    created = await bc.post(
        "salesInvoices",
        json={"customerId": target["id"],
              "salesInvoiceLines": [{"itemId": item_id, "quantity": 1, "unitPrice": 300},
                                    {"accountId": services["id"], "quantity": 1,
                                     "unitPrice": 200}]},
    )  # fmt: skip
    invoice = created.json()
    posted = await bc.post(f"salesInvoices({invoice['id']})/Microsoft.NAV.post")
    assert posted.status_code == 204, posted.text
    after = (await bc.get(f"salesInvoices({invoice['id']})")).json()
    assert after["status"] == "Open" and after["number"] != invoice["number"]
    total = Decimal(str(invoice["totalAmountIncludingTax"]))
    assert Decimal(str((await customer(bc, "C00020"))["balanceDue"])) == total

    def moved(before: dict[str, Any], now: dict[str, Any]) -> Decimal:
        return Decimal(str(now["netChange"])) - Decimal(str(before["netChange"]))

    # Receivables debited with the total; revenue credited with each line's net amount.
    assert moved(receivables, await account(bc, "10400")) == total
    assert moved(sales, await account(bc, "40200")) <= Decimal(-300)
    assert moved(services, await account(bc, "40100")) <= Decimal(-200)

    # The customer now has an outstanding invoice: BC refuses to delete it.
    refused = await bc.delete(f"customers({target['id']})", headers={"If-Match": "*"})
    assert error(refused)[2].startswith("You cannot delete Customer C00020 because")

    canceled = await bc.post(f"salesInvoices({invoice['id']})/Microsoft.NAV.cancel")
    assert canceled.status_code == 204, canceled.text
    assert moved(receivables, await account(bc, "10400")) == 0
    assert Decimal(str((await customer(bc, "C00020"))["balanceDue"])) == 0


async def test_unknown_actions_are_refused(bc: BC) -> None:
    invoice = await bc.first("salesCreditMemos")
    response = await bc.post(f"salesCreditMemos({invoice['id']})/Microsoft.NAV.cancel")
    assert error(response)[0] == 400


async def test_another_customer_can_be_billed_and_owes_the_invoice(bc: BC) -> None:
    item_id = await an_item_id(bc)
    sold_to, billed = await customer(bc, "C00040"), await customer(bc, "C00050")
    unknown = await bc.post(
        "salesInvoices", json={"customerNumber": "C00040", "billToCustomerNumber": "NOBODY"}
    )
    assert error(unknown)[2] == "The bill-to customer cannot be found."
    created = await bc.post(
        "salesInvoices",
        json={"customerNumber": "C00040", "billToCustomerNumber": "C00050",
              "salesInvoiceLines": [{"itemId": item_id, "quantity": 1, "unitPrice": 40}]},
    )  # fmt: skip
    invoice = created.json()
    assert (invoice["customerId"], invoice["billToCustomerId"]) == (sold_to["id"], billed["id"])
    assert invoice["billToName"] == billed["displayName"]
    assert invoice["billToCity"] == billed["city"]
    posted = await bc.post(f"salesInvoices({invoice['id']})/Microsoft.NAV.post")
    assert posted.status_code == 204, posted.text
    total = Decimal(str(invoice["totalAmountIncludingTax"]))
    assert Decimal(str((await customer(bc, "C00050"))["balanceDue"])) == total
    assert Decimal(str((await customer(bc, "C00040"))["balanceDue"])) == 0


async def test_a_customer_blocked_after_the_draft_stops_its_posting(bc: BC) -> None:
    item_id = await an_item_id(bc)
    created = await bc.post(
        "salesInvoices",
        json={"customerNumber": "C00060",
              "salesInvoiceLines": [{"itemId": item_id, "quantity": 1}]},
    )  # fmt: skip
    invoice = created.json()
    target = await customer(bc, "C00060")
    blocked = await bc.patch(
        f"customers({target['id']})",
        json={"blocked": "Invoice"},
        headers={"If-Match": target["@odata.etag"]},
    )
    assert blocked.status_code == 200, blocked.text
    refused = await bc.post(f"salesInvoices({invoice['id']})/Microsoft.NAV.post")
    assert error(refused) == (
        400,
        "Application_DialogException",
        "You cannot post this type of document when Customer C00060 is blocked with type Invoice",
    )
    still = (await bc.get(f"salesInvoices({invoice['id']})")).json()
    assert still["status"] == "Draft" and still["number"] == invoice["number"]
