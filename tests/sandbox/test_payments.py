"""Customer and vendor payments over the sandbox's HTTP API: what BC refuses when a
payment is written or its journal posted, with BC's messages; and the journals page's
post, which is how BC posts a payment journal (the payment journal pages have none)."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from tests.conftest import BC
from tests.sandbox.test_webhooks import started, subscribe

BLANK = "00000000-0000-0000-0000-000000000000"


def error(response: Any) -> tuple[int, str, str]:
    body = response.json()["error"]
    return response.status_code, body["code"], body["message"].split("  CorrelationId:")[0]


async def default_journal(bc: BC, entity_set: str) -> dict[str, Any]:
    return await bc.first(entity_set, "&$filter=" + quote("code eq 'DEFAULT'"))


async def add(bc: BC, journal_id: str, **fields: Any) -> Any:
    return await bc.post(f"customerPaymentJournals({journal_id})/customerPayments", json=fields)


async def test_every_company_has_empty_default_payment_journals(bc: BC) -> None:
    for entity_set, payments in (
        ("customerPaymentJournals", "customerPayments"),
        ("vendorPaymentJournals", "vendorPayments"),
    ):
        journal = await default_journal(bc, entity_set)
        assert journal["balancingAccountId"] == BLANK and "templateDisplayName" not in journal
        response = await bc.get(f"{entity_set}({journal['id']})/{payments}")
        assert response.status_code == 200 and response.json()["value"] == []


async def test_payments_are_listed_only_for_a_journal(bc: BC) -> None:
    for entity_set in ("customerPayments", "vendorPayments"):
        status, code, message = error(await bc.get(entity_set))
        assert (status, code) == (400, "Application_DialogException")
        assert message == (
            "You must specify a journal batch ID or a journal ID to get a journal line."
        )


async def test_a_payment_refuses_a_customer_or_invoice_that_does_not_match(bc: BC) -> None:
    journal = await default_journal(bc, "customerPaymentJournals")
    customer = await bc.first("customers")
    cases = [
        (
            {"customerId": "11111111-2222-3333-4444-555555555555"},
            'The "customerId" does not match to a Customer.',
        ),
        ({"customerNumber": "NOSUCH"}, 'The "customerNumber" does not match to a Customer.'),
        (
            {"customerId": customer["id"], "customerNumber": "NOSUCH"},
            "The customer values do not match to a specific Customer.",
        ),
        (
            {"appliesToInvoiceId": "11111111-2222-3333-4444-555555555555"},
            'The "appliesToInvoiceId" should be the ID of an Open, Paid, Corrective, or '
            "Canceled Invoice.",
        ),
    ]
    for body, message in cases:
        status, code, text = error(await add(bc, journal["id"], amount=-1, **body))
        assert (status, code, text) == (400, "Application_DialogException", message)
    drafts = await bc.get("salesInvoices?$top=3&$filter=" + quote("status eq 'Draft'"))
    invoice, other, draft = drafts.json()["value"]
    for posting in (invoice, other):
        posted = await bc.post(f"salesInvoices({posting['id']})/Microsoft.NAV.post")
        assert posted.status_code == 204, posted.text
    other = (await bc.get(f"salesInvoices({other['id']})")).json()
    status, _, text = error(
        await add(
            bc,
            journal["id"],
            appliesToInvoiceId=invoice["id"],
            appliesToInvoiceNumber=other["number"],
        )
    )
    assert (status, text) == (
        400,
        "The Applies To Invoice values do not match to the same Invoice.",
    )
    # A draft is no invoice a payment applies to.
    status, _, text = error(await add(bc, journal["id"], appliesToInvoiceId=draft["id"]))
    assert text.startswith('The "appliesToInvoiceId" should be the ID')


async def test_a_payment_names_its_customer_by_number_and_keeps_an_unknown_invoice_number(
    bc: BC,
) -> None:
    journal = await default_journal(bc, "customerPaymentJournals")
    customer = await bc.first("customers")
    created = await add(
        bc, journal["id"], customerNumber=customer["number"], appliesToInvoiceNumber="nosuch"
    )
    assert created.status_code == 201, created.text
    payment = created.json()
    assert payment["customerId"] == customer["id"] and payment["lineNumber"] == 10000
    assert payment["appliesToInvoiceNumber"] == "NOSUCH"
    assert payment["appliesToInvoiceId"] == BLANK
    assert payment["journalDisplayName"] == "DEFAULT"
    read = await bc.get(f"customerPayments({payment['id']})")
    assert read.status_code == 200 and read.json()["customerNumber"] == customer["number"]


async def test_a_payment_journal_is_posted_through_the_journals_post(bc: BC) -> None:
    journal = await default_journal(bc, "customerPaymentJournals")
    empty = error(await bc.post(f"journals({journal['id']})/Microsoft.NAV.post"))
    assert empty == (400, "Application_DialogException", "There is nothing to post.")
    customer = await bc.first("customers")
    assert (await add(bc, journal["id"], customerId=customer["id"], amount=-5)).status_code == 201
    # No balancing account: the payment's document does not balance.
    status, _, text = error(await bc.post(f"journals({journal['id']})/Microsoft.NAV.post"))
    assert status == 400 and text.startswith("Document No. G00001 is out of balance by -5.00.")
    # The payment journal pages offer no action of their own.
    status, code, _ = error(
        await bc.post(f"customerPaymentJournals({journal['id']})/Microsoft.NAV.post")
    )
    assert (status, code) == (400, "BadRequest_MethodNotImplemented")


async def test_a_vendor_payment_refuses_an_unknown_vendor_and_a_negative_amount(bc: BC) -> None:
    journal = await default_journal(bc, "vendorPaymentJournals")
    path = f"vendorPaymentJournals({journal['id']})/vendorPayments"
    status, _, text = error(await bc.post(path, json={"vendorNumber": "NOSUCH"}))
    assert (status, text) == (400, 'The "vendorNumber" does not match to a Vendor.')
    cash = await bc.first("accounts", "&$filter=" + quote("number eq '10100'"))
    patched = await bc.patch(
        f"vendorPaymentJournals({journal['id']})",
        json={"balancingAccountId": cash["id"]},
        headers={"If-Match": journal["@odata.etag"]},
    )
    assert patched.status_code == 200, patched.text
    vendor = await bc.first("vendors")
    created = await bc.post(path, json={"vendorId": vendor["id"], "amount": -3})
    assert created.status_code == 201, created.text
    status, code, text = error(await bc.post(f"journals({journal['id']})/Microsoft.NAV.post"))
    assert (status, code) == (400, "Application_FieldValidationException")
    assert text == (
        "Amount must be positive in Gen. Journal Line: Journal Template Name=PAYMENT, "
        "Journal Batch Name=DEFAULT, Line No.=10000."
    )


async def test_a_customer_expands_its_financial_details(bc: BC) -> None:
    customer = await bc.first("customers")
    response = await bc.get(f"customers({customer['id']})?$expand=customerFinancialDetails")
    assert response.status_code == 200, response.text
    detail = response.json()["customerFinancialDetails"]
    assert detail["id"] == customer["id"] and detail["number"] == customer["number"]
    assert detail["balance"] == customer["balanceDue"]
    both = await bc.get(
        f"customers({customer['id']})?$expand=customerFinancialDetails,agedAccountsReceivable"
    )
    assert both.status_code == 200, both.text
    aged = both.json()["agedAccountsReceivable"]
    assert aged is None or aged["customerId"] == customer["id"]
    read = await bc.get(f"customerFinancialDetails({customer['id']})")
    assert read.status_code == 200 and read.json()["number"] == customer["number"]


async def test_a_payment_is_created_outside_its_journal_by_naming_it(bc: BC) -> None:
    journal = await default_journal(bc, "customerPaymentJournals")
    other = await bc.post("customerPaymentJournals", json={"code": "OTHER"})
    assert other.status_code == 201, other.text
    status, _, text = error(await bc.post("customerPayments", json={"amount": -1}))
    assert (status, text) == (
        400,
        "You must specify a journal batch ID or a journal ID to get a journal line.",
    )
    mismatch = await add(bc, journal["id"], journalId=other.json()["id"], amount=-1)
    assert error(mismatch)[2] == "The Journal Id and Journal Display Name do not match."
    created = await bc.post("customerPayments", json={"journalId": journal["id"], "amount": -1})
    assert created.status_code == 201, created.text
    payment = created.json()
    assert payment["journalId"] == journal["id"] and payment["journalDisplayName"] == "DEFAULT"
    moved = await bc.patch(
        f"customerPayments({payment['id']})",
        json={"journalId": other.json()["id"]},
        headers={"If-Match": payment["@odata.etag"]},
    )
    assert error(moved)[2] == "The Journal Id cannot be changed."
    renamed = await bc.patch(
        f"customerPayments({payment['id']})",
        json={"journalDisplayName": "OTHER"},
        headers={"If-Match": payment["@odata.etag"]},
    )
    assert error(renamed)[2] == "The Journal Batch Display Name cannot be changed."


async def test_a_payment_journal_change_notifies_its_webhook_subscription() -> None:
    async with started() as env:
        bc = env.bc
        sub = await subscribe(bc, "vendorPaymentJournals")
        journal = await default_journal(bc, "vendorPaymentJournals")
        changed = await bc.patch(
            f"vendorPaymentJournals({journal['id']})",
            json={"displayName": "Supplier runs"},
            headers={"If-Match": journal["@odata.etag"]},
        )
        assert changed.status_code == 200, changed.text
        posts = await env.receiver.wait(1)
    [item] = posts[0].items
    assert item["subscriptionId"] == sub["subscriptionId"]
    assert item["resource"].endswith(f"/vendorPaymentJournals({journal['id']})")


async def test_a_payment_applied_to_no_open_invoice_of_its_customer_is_not_posted(
    bc: BC,
) -> None:
    cash = await bc.first("accounts", "&$filter=" + quote("number eq '10100'"))
    journal = (
        await bc.post(
            "customerPaymentJournals", json={"code": "APPLY", "balancingAccountId": cash["id"]}
        )
    ).json()
    customer = await bc.first("customers")
    await add(
        bc, journal["id"], customerId=customer["id"], amount=-5, appliesToInvoiceNumber="NOSUCH"
    )
    status, code, text = error(await bc.post(f"journals({journal['id']})/Microsoft.NAV.post"))
    assert (status, code) == (400, "Application_DialogException")
    assert text == (
        f"There is no open invoice NOSUCH of customer {customer['number']} to apply the payment to."
    )
    after = (await bc.get(f"customers({customer['id']})")).json()
    assert after["balanceDue"] == customer["balanceDue"]
