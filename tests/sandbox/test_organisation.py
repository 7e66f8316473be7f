"""Employees, contacts, bank accounts and company information over the sandbox's HTTP API:
the seed of both demo companies, and what BC refuses and says."""

from __future__ import annotations

import uuid
from typing import Any
from urllib.parse import quote

import pytest

from tests.conftest import BC
from tests.sandbox.test_currencies import error
from tests.sandbox.test_webhooks import started, subscribe

EMPTY_GUID = "00000000-0000-0000-0000-000000000000"


async def rows(bc: BC, path: str) -> list[dict[str, Any]]:
    response = await bc.get(path)
    assert response.status_code == 200, response.text
    return list(response.json()["value"])


async def by(bc: BC, entity_set: str, field: str, value: str) -> dict[str, Any]:
    return await bc.first(entity_set, "&$filter=" + quote(f"{field} eq '{value}'"))


@pytest.mark.parametrize(
    "entity_set", ["employees", "contacts", "bankAccounts", "companyInformation"]
)
async def test_both_companies_are_seeded(bc: BC, bc_fabrikam: BC, entity_set: str) -> None:
    us, uk = await rows(bc, entity_set), await rows(bc_fabrikam, entity_set)
    assert us and uk
    assert not {r["id"] for r in us} & {r["id"] for r in uk}
    key = "number" if entity_set != "companyInformation" else "id"
    assert [r[key] for r in us] == sorted(r[key] for r in us)  # BC's table order


async def test_company_information_is_one_record_bc_will_not_add_or_remove(bc: BC) -> None:
    [info] = await rows(bc, "companyInformation")
    assert info["displayName"] == "CRONUS USA, Inc." and info["currencyCode"] == "USD"
    assert info["currentFiscalYearStartDate"] == "2021-01-01"
    added = await bc.post("companyInformation", json={"displayName": "Second"})
    assert error(added)[:2] == (405, "BadRequest_MethodNotAllowed")
    path = f"companyInformation({info['id']})"
    removed = await bc.delete(path, headers={"If-Match": info["@odata.etag"]})
    assert error(removed)[:2] == (405, "BadRequest_MethodNotAllowed")
    etag = {"If-Match": info["@odata.etag"]}
    currency = await bc.patch(path, json={"currencyCode": "EUR"}, headers=etag)
    assert error(currency) == (
        400,
        "BadRequest_InvalidOperation",
        "Control 'currencyCode' is read-only.",
    )
    bad_email = await bc.patch(path, json={"email": "info at cronus"}, headers=etag)
    assert error(bad_email) == (
        400,
        "Application_DialogException",
        'The email address "info at cronus" is not valid.',
    )
    changed = await bc.patch(path, json={"displayName": "CRONUS USA"}, headers=etag)
    assert changed.status_code == 200 and changed.json()["displayName"] == "CRONUS USA"
    assert len(await rows(bc, "companyInformation")) == 1


async def test_employee_refusals(bc: BC) -> None:
    first = await bc.first("employees")
    duplicate = await bc.post("employees", json={"number": first["number"].lower()})
    assert error(duplicate) == (
        409,
        "Internal_EntityWithSameKeyExists",
        f"The Employee already exists. Identification fields and values: No.='{first['number']}'",
    )
    named = await bc.post("employees", json={"givenName": "Ada", "displayName": "Ada L."})
    assert error(named) == (
        400,
        "BadRequest_InvalidOperation",
        "Control 'displayName' is read-only.",
    )
    status = await bc.post("employees", json={"givenName": "Ada", "status": "Retired"})
    assert error(status)[0] == 400
    assert "Microsoft.NAV.employeeStatus" in error(status)[2]
    email = await bc.post("employees", json={"givenName": "Ada", "email": "ada@"})
    assert error(email)[2] == 'The email address "ada@" is not valid.'
    created = await bc.post(
        "employees",
        json={"givenName": "Ada", "surname": "Lovelace", "email": "ada@example.com; a@b.org"},
    )
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["displayName"] == "Ada Lovelace" and body["status"] == "Active"
    assert body["number"] > first["number"]


async def test_contact_refusals_use_the_pages_own_messages(bc: BC) -> None:
    unnamed = await bc.post("contacts", json={"type": "Person"})
    assert error(unnamed) == (
        400,
        "Application_DialogException",
        'A "displayName" must be provided.',
    )
    blank = await bc.post("contacts", json={"displayName": ""})
    assert error(blank)[2] == 'The blank "displayName" is not allowed.'
    kind = await bc.post("contacts", json={"displayName": "X", "type": "Robot"})
    assert "Microsoft.NAV.contactType" in error(kind)[2]
    dated = await bc.post(
        "contacts", json={"displayName": "X", "lastInteractionDate": "2021-01-01"}
    )
    assert error(dated)[2] == "Control 'lastInteractionDate' is read-only."
    created = await bc.post("contacts", json={"displayName": "Ann Lee", "searchName": "ann"})
    assert created.status_code == 201, created.text
    contact = created.json()
    assert contact["searchName"] == "ANN" and contact["number"].startswith("CT")
    assert contact["type"] == "Company"  # the enum's first member is BC's default
    path = f"contacts({contact['id']})"
    cleared = await bc.patch(
        path, json={"displayName": ""}, headers={"If-Match": contact["@odata.etag"]}
    )
    assert error(cleared)[2] == 'The blank "displayName" is not allowed.'


async def test_bank_account_currencies_are_checked_and_read_back_by_code(bc: BC) -> None:
    euro = await by(bc, "currencies", "code", "EUR")
    unknown = await bc.post("bankAccounts", json={"displayName": "X", "currencyCode": "XYZ"})
    assert error(unknown) == (
        400,
        "Application_DialogException",
        'The "currencyCode" does not match to a Currency.',
    )
    no_id = await bc.post(
        "bankAccounts", json={"displayName": "X", "currencyId": str(uuid.uuid4())}
    )
    assert error(no_id)[2] == 'The "currencyId" does not match to a Currency.'
    mismatch = await bc.post(
        "bankAccounts", json={"displayName": "X", "currencyCode": "CAD", "currencyId": euro["id"]}
    )
    assert error(mismatch)[2] == "The currency values do not match to a specific Currency."
    created = await bc.post(
        "bankAccounts", json={"displayName": "Euro 2", "currencyId": euro["id"]}
    )
    assert created.status_code == 201, created.text
    account = created.json()
    assert (account["currencyCode"], account["currencyId"]) == ("EUR", EMPTY_GUID)
    local = await bc.post("bankAccounts", json={"displayName": "Local", "currencyCode": "usd"})
    assert local.status_code == 201 and local.json()["currencyCode"] == "USD"
    duplicate = await bc.post("bankAccounts", json={"number": account["number"]})
    assert error(duplicate)[2] == (
        "The Bank Account already exists. Identification fields and values: "
        f"No.='{account['number']}'"
    )


async def test_an_employee_change_notifies_its_webhook_subscription() -> None:
    async with started() as env:
        bc = env.bc
        sub = await subscribe(bc, "employees")
        employee = await bc.first("employees")
        changed = await bc.patch(
            f"employees({employee['id']})",
            json={"jobTitle": "Chief Tester"},
            headers={"If-Match": employee["@odata.etag"]},
        )
        assert changed.status_code == 200, changed.text
        posts = await env.receiver.wait(1)
    [item] = posts[0].items
    assert item["subscriptionId"] == sub["subscriptionId"]
    assert item["resource"].endswith(f"/employees({employee['id']})")
