"""A DELETE of a posted invoice or credit memo gets BC's answer: the API page's aggregator
deletes the posted header, whose OnDelete stops at a TestField on the setup's `Allow
Document Deletion Before`, blank in a new company (sandbox/rules/posted_deletion.py)."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from tests.conftest import BC

ANY = {"If-Match": "*"}
SALES = "Sales & Receivables Setup"
PURCHASES = "Purchases & Payables Setup"


async def posted(bc: BC, entity_set: str) -> dict[str, object]:
    """A posted document of the set, posting a draft when the seed has none."""
    found = (await bc.get(entity_set, params={"$filter": "status ne 'Draft'"})).json()["value"]
    if found:
        return dict(found[0])
    draft = await bc.first(entity_set, "&$filter=" + quote("status eq 'Draft'"))
    if "vendorCreditMemoNumber" in draft and not draft["vendorCreditMemoNumber"]:
        # Purch.-Post wants the vendor's own number of a credit memo.
        named = await bc.patch(
            f"{entity_set}({draft['id']})", json={"vendorCreditMemoNumber": "VCM-1"}, headers=ANY
        )
        assert named.status_code == 200, named.text
    response = await bc.post(f"{entity_set}({draft['id']})/Microsoft.NAV.post")
    assert response.status_code == 204, response.text
    return dict((await bc.get(f"{entity_set}({draft['id']})")).json())


@pytest.mark.parametrize(
    ("entity_set", "setup"),
    [
        ("salesInvoices", SALES),
        ("salesCreditMemos", SALES),
        ("purchaseInvoices", PURCHASES),
        ("purchaseCreditMemos", PURCHASES),
    ],
)
async def test_deleting_a_posted_document_fails_on_the_setup_s_deletion_date(
    bc: BC, entity_set: str, setup: str
) -> None:
    document = await posted(bc, entity_set)
    assert document["status"] != "Draft"
    response = await bc.delete(f"{entity_set}({document['id']})", headers=ANY)
    assert response.status_code == 400, response.text
    body = response.json()["error"]
    assert body["code"] == "Application_FieldValidationException"
    # BC appends the request's correlation id to every message.
    assert body["message"].split("  CorrelationId:")[0] == (
        f"Allow Document Deletion Before must have a value in {setup}: Primary Key=. "
        "It cannot be zero or empty."
    )
    # Nothing was deleted: the document and its lines are still there.
    still = await bc.get(f"{entity_set}({document['id']})")
    assert still.status_code == 200 and still.json()["status"] == document["status"]


async def test_a_draft_is_still_deleted(bc: BC) -> None:
    draft = await bc.post("salesInvoices", json={"customerNumber": "C00010"})
    assert draft.status_code == 201, draft.text
    gone = await bc.delete(f"salesInvoices({draft.json()['id']})", headers=ANY)
    assert gone.status_code == 204, gone.text
