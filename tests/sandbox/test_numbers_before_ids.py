"""A party a body names by number and then by id, over the sandbox's HTTP API: BC runs the
fields' OnValidate triggers in the body's order, so the number is looked up (and one naming
no party refused) before the id's trigger overrides it. The pay-to vendor's case is in
test_purchase_pages.py; docs/sandbox.md lists each rule with its source."""

from __future__ import annotations

import pytest

from tests.conftest import BC
from tests.sandbox.test_currencies import error

ANY = {"If-Match": "*"}
DIALOG = "Application_DialogException"


@pytest.mark.parametrize(
    ("documents", "unknown", "mismatch"),
    [
        # APIV2 - Purchase Invoices: CouldNotFindBuyFromVendorErr, and no mismatch label.
        ("purchaseInvoices", "The vendor cannot be found.", None),
        (
            "purchaseOrders",
            "The buy-from vendor cannot be found.",
            "The buy-from vendor values do not match to a specific Vendor.",
        ),
        (
            "purchaseCreditMemos",
            "The buy-from vendor cannot be found.",
            "The buy-from vendor values do not match to a Vendor.",
        ),
    ],
)
async def test_a_buy_from_vendor_s_number_before_its_id_is_looked_up(
    bc: BC, documents: str, unknown: str, mismatch: str | None
) -> None:
    bought, other = list((await bc.get("vendors?$top=2")).json()["value"])
    refused = await bc.post(documents, json={"vendorNumber": "NOSUCH", "vendorId": bought["id"]})
    assert error(refused) == (400, DIALOG, unknown)
    taken = await bc.post(
        documents, json={"vendorNumber": other["number"], "vendorId": bought["id"]}
    )
    assert taken.status_code == 201, taken.text
    assert (taken.json()["vendorNumber"], taken.json()["vendorName"]) == (
        bought["number"],
        bought["displayName"],
    )
    path = f"{documents}({taken.json()['id']})"
    moved = await bc.patch(
        path, json={"vendorNumber": "NOSUCH", "vendorId": other["id"]}, headers=ANY
    )
    assert error(moved) == (400, DIALOG, unknown)
    # The id first: the number after it must be the id's vendor's, or is skipped.
    twice = {"vendorId": other["id"], "vendorNumber": bought["number"]}
    response = await bc.patch(path, json=twice, headers=ANY)
    if mismatch is None:
        assert response.status_code == 200, response.text
        assert response.json()["vendorNumber"] == other["number"]
    else:
        assert error(response) == (400, DIALOG, mismatch)


@pytest.mark.parametrize(
    "documents", ["salesInvoices", "salesOrders", "salesQuotes", "salesCreditMemos"]
)
async def test_a_customer_s_number_before_its_id_is_looked_up(bc: BC, documents: str) -> None:
    one = await bc.first("customers", "&$filter=number eq 'C00020'")
    other = await bc.first("customers", "&$filter=number eq 'C00030'")
    refused = await bc.post(documents, json={"customerNumber": "NOSUCH", "customerId": one["id"]})
    assert error(refused) == (400, DIALOG, "The sell-to customer cannot be found.")
    taken = await bc.post(documents, json={"customerNumber": "C00030", "customerId": one["id"]})
    assert taken.status_code == 201, taken.text
    assert taken.json()["customerNumber"] == "C00020"
    path = f"{documents}({taken.json()['id']})"
    unknown = {"billToCustomerNumber": "NOSUCH", "billToCustomerId": other["id"]}
    billed = await bc.patch(path, json=unknown, headers=ANY)
    assert error(billed) == (400, DIALOG, "The bill-to customer cannot be found.")
    known = {"billToCustomerNumber": "C00020", "billToCustomerId": other["id"]}
    billed = await bc.patch(path, json=known, headers=ANY)
    assert billed.status_code == 200, billed.text
    assert billed.json()["billToCustomerNumber"] == "C00030"
    # The id first: all four pages refuse another customer's number after it.
    twice = await bc.patch(
        path, json={"billToCustomerId": one["id"], "billToCustomerNumber": "C00030"}, headers=ANY
    )
    assert error(twice)[2] == "The bill-to customer values do not match to a specific Customer."
    twice = await bc.patch(
        path, json={"customerId": other["id"], "customerNumber": "C00020"}, headers=ANY
    )
    assert error(twice)[2] == "The sell-to customer values do not match to a specific Customer."


@pytest.mark.parametrize(("party", "parties"), [("customer", "customers"), ("vendor", "vendors")])
async def test_a_payment_s_party_number_before_its_id_is_looked_up(
    bc: BC, party: str, parties: str
) -> None:
    journal = await bc.first(f"{party}PaymentJournals")
    path = f"{party}PaymentJournals({journal['id']})/{party}Payments"
    named, other = list((await bc.get(f"{parties}?$top=2")).json()["value"])
    body = {f"{party}Number": "NOSUCH", f"{party}Id": named["id"]}
    refused = await bc.post(path, json=body)
    title = party.capitalize()
    assert error(refused) == (400, DIALOG, f'The "{party}Number" does not match to a {title}.')
    taken = await bc.post(path, json={f"{party}Number": other["number"], f"{party}Id": named["id"]})
    assert taken.status_code == 201, taken.text
    assert taken.json()[f"{party}Number"] == named["number"]
    # A blank id after the number clears the party, as the id's trigger clears Account No.
    cleared = await bc.patch(
        f"{party}Payments({taken.json()['id']})",
        json={
            f"{party}Number": other["number"],
            f"{party}Id": "00000000-0000-0000-0000-000000000000",
        },
        headers=ANY,
    )
    assert cleared.status_code == 200, cleared.text
    assert cleared.json()[f"{party}Number"] == ""
