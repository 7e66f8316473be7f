"""Employees, contacts, bank accounts and the company's information over GraphQL: declared
in bcmodel, seeded, and served by the registry's generic machinery, against the sandbox."""

from __future__ import annotations

from typing import Any

from tests.graphql.conftest import Gateway

EMPLOYEES = """query($filter: EmployeeFilter) { employees(first: 50, filter: $filter,
  orderBy: [{field: SURNAME, direction: DESC}]) { totalCount nodes {
  id number displayName givenName surname email status employmentDate terminationDate } } }"""
CREATE_EMPLOYEE = """mutation($input: CreateEmployeeInput!) { createEmployee(input: $input) {
  id etag number displayName givenName surname email status } }"""
UPDATE_EMPLOYEE = """mutation($id: UUID!, $input: UpdateEmployeeInput!, $etag: String) {
  updateEmployee(id: $id, input: $input, etag: $etag) { id etag jobTitle status } }"""
DELETE_EMPLOYEE = """mutation($id: UUID!, $etag: String) { deleteEmployee(id: $id, etag: $etag) }"""


def codes(result: Any) -> list[str]:
    return [e.extensions.get("code") for e in result.errors or []]


async def test_employees_are_listed_filtered_sorted_and_typed(gw: Gateway) -> None:
    page = (await gw.data(EMPLOYEES))["employees"]
    assert page["totalCount"] == len(page["nodes"]) > 0
    surnames = [e["surname"].casefold() for e in page["nodes"]]
    assert surnames == sorted(surnames, reverse=True)
    assert {e["status"] for e in page["nodes"]} >= {"ACTIVE", "TERMINATED"}
    for employee in page["nodes"]:
        assert employee["displayName"] == f"{employee['givenName']} {employee['surname']}"
        left = employee["terminationDate"]
        assert (left is not None) == (employee["status"] == "TERMINATED")
    active = (await gw.data(EMPLOYEES, {"filter": {"status": "ACTIVE"}}))["employees"]
    assert 0 < active["totalCount"] < page["totalCount"]
    assert {e["status"] for e in active["nodes"]} == {"ACTIVE"}


async def test_an_employee_is_created_numbered_read_updated_and_deleted(gw: Gateway) -> None:
    created = (
        await gw.data(
            CREATE_EMPLOYEE,
            {"input": {"givenName": "Ada", "surname": "Byron", "email": "ada@example.com"}},
        )
    )["createEmployee"]
    existing = (await gw.data(EMPLOYEES))["employees"]["nodes"]
    highest = max(e["number"] for e in existing if e["id"] != created["id"])
    assert created["number"] > highest  # BC's number series
    assert created["displayName"] == "Ada Byron" and created["status"] == "ACTIVE"
    one = await gw.data(
        "query($id: UUID!) { employee(id: $id) { number email } }", {"id": created["id"]}
    )
    assert one["employee"] == {"number": created["number"], "email": "ada@example.com"}
    updated = (
        await gw.data(
            UPDATE_EMPLOYEE,
            {
                "id": created["id"],
                "input": {"jobTitle": "Analyst", "status": "INACTIVE"},
                "etag": created["etag"],
            },
        )
    )["updateEmployee"]
    assert (updated["jobTitle"], updated["status"]) == ("Analyst", "INACTIVE")
    assert updated["etag"] != created["etag"]
    deleted = await gw.data(DELETE_EMPLOYEE, {"id": created["id"], "etag": updated["etag"]})
    assert deleted["deleteEmployee"] == created["id"]
    gone = await gw.execute("query($id: UUID!) { employee(id: $id) { id } }", {"id": created["id"]})
    assert codes(gone) == ["NOT_FOUND"]


async def test_a_bad_employee_email_is_bcs_refusal(gw: Gateway) -> None:
    result = await gw.execute(
        CREATE_EMPLOYEE, {"input": {"givenName": "No", "email": "not an address"}}
    )
    assert result.errors is not None
    assert 'The email address "not an address" is not valid.' in result.errors[0].message


CONTACTS = """query($filter: ContactFilter) { contacts(first: 50, filter: $filter,
  orderBy: [{field: NUMBER}]) { totalCount nodes { id number type displayName companyNumber
  companyName contactBusinessRelation privacyBlocked lastInteractionDate } } }"""
CREATE_CONTACT = """mutation($input: CreateContactInput!) { createContact(input: $input) {
  id etag number type displayName searchName } }"""


async def test_contacts_are_companies_and_their_people(gw: Gateway) -> None:
    page = (await gw.data(CONTACTS))["contacts"]
    numbers = [c["number"] for c in page["nodes"]]
    assert numbers == sorted(numbers) and page["totalCount"] == len(numbers) > 0
    companies = {c["number"]: c for c in page["nodes"] if c["type"] == "COMPANY"}
    people = [c for c in page["nodes"] if c["type"] == "PERSON"]
    assert companies and people
    for person in people:
        assert companies[person["companyNumber"]]["displayName"] == person["companyName"]
    persons = (await gw.data(CONTACTS, {"filter": {"type": "PERSON"}}))["contacts"]
    assert persons["totalCount"] == len(people)


async def test_a_contact_is_created_updated_and_deleted(gw: Gateway) -> None:
    created = (
        await gw.data(
            CREATE_CONTACT,
            {"input": {"type": "PERSON", "displayName": "Grace Hopper", "searchName": "grace"}},
        )
    )["createContact"]
    assert created["number"].startswith("CT") and created["searchName"] == "GRACE"
    updated = (
        await gw.data(
            """mutation($id: UUID!, $etag: String) { updateContact(id: $id, etag: $etag,
            input: {privacyBlocked: true, email: "grace@example.com"}) {
            etag privacyBlocked email } }""",
            {"id": created["id"], "etag": created["etag"]},
        )
    )["updateContact"]
    assert updated["privacyBlocked"] is True and updated["email"] == "grace@example.com"
    deleted = await gw.data(
        "mutation($id: UUID!) { deleteContact(id: $id) }", {"id": created["id"]}
    )
    assert deleted["deleteContact"] == created["id"]
    unnamed = await gw.execute(CREATE_CONTACT, {"input": {"type": "COMPANY"}})
    assert unnamed.errors and 'A "displayName" must be provided.' in unnamed.errors[0].message


BANK_ACCOUNTS = """{ bankAccounts(orderBy: [{field: NUMBER}]) { totalCount nodes {
  id number displayName bankAccountNumber currencyCode currencyId blocked iban } } }"""


async def test_bank_accounts_show_their_currency_by_code(gw: Gateway) -> None:
    page = (await gw.data(BANK_ACCOUNTS))["bankAccounts"]
    numbers = [a["number"] for a in page["nodes"]]
    assert numbers == sorted(numbers) and len(numbers) == page["totalCount"] >= 2
    codes_ = {a["currencyCode"] for a in page["nodes"]}
    info = (await gw.data("{ companyInformation { nodes { currencyCode } } }"))[
        "companyInformation"
    ]["nodes"][0]
    assert info["currencyCode"] in codes_ and len(codes_) > 1
    # BC's page never reads currencyId back: the empty GUID, which GraphQL shows as null.
    assert {a["currencyId"] for a in page["nodes"]} == {None}


async def test_a_bank_account_is_created_in_a_currency_updated_and_deleted(gw: Gateway) -> None:
    euro = (await gw.data('{ currencies(filter: {code: {eq: "EUR"}}) { nodes { id } } }'))[
        "currencies"
    ]["nodes"][0]
    created = (
        await gw.data(
            """mutation($input: CreateBankAccountInput!) { createBankAccount(input: $input) {
            id etag number displayName currencyCode } }""",
            {"input": {"displayName": "Petty cash", "currencyId": euro["id"]}},
        )
    )["createBankAccount"]
    assert created["currencyCode"] == "EUR" and created["number"]
    updated = (
        await gw.data(
            """mutation($id: UUID!, $etag: String) { updateBankAccount(id: $id, etag: $etag,
            input: {blocked: true, iban: "gb29 nwbk 6016 1331 9268 19"}) { blocked iban } }""",
            {"id": created["id"], "etag": created["etag"]},
        )
    )["updateBankAccount"]
    assert updated == {"blocked": True, "iban": "GB29 NWBK 6016 1331 9268 19"}
    assert (
        await gw.data("mutation($id: UUID!) { deleteBankAccount(id: $id) }", {"id": created["id"]})
    )["deleteBankAccount"] == created["id"]
    wrong = await gw.execute(
        """mutation { createBankAccount(input: {displayName: "X", currencyCode: "XYZ"}) {
        id } }"""
    )
    assert wrong.errors and 'The "currencyCode" does not match' in wrong.errors[0].message


INFO = """{ companyInformation { totalCount nodes { id etag displayName currencyCode
  currentFiscalYearStartDate email country } } }"""


async def test_company_information_is_one_record_that_can_change_but_not_go(gw: Gateway) -> None:
    page = (await gw.data(INFO))["companyInformation"]
    assert page["totalCount"] == 1
    [info] = page["nodes"]
    assert info["displayName"] == "CRONUS USA, Inc." and info["currencyCode"] == "USD"
    updated = (
        await gw.data(
            """mutation($id: UUID!, $etag: String) { updateCompanyInformation(id: $id,
            etag: $etag, input: {phoneNumber: "4045550199", industry: "Retail"}) {
            phoneNumber industry currencyCode } }""",
            {"id": info["id"], "etag": info["etag"]},
        )
    )["updateCompanyInformation"]
    assert updated == {"phoneNumber": "4045550199", "industry": "Retail", "currencyCode": "USD"}
    assert (await gw.data(INFO))["companyInformation"]["totalCount"] == 1
    mutations = (await gw.data('{ __type(name: "Mutation") { fields { name } } }'))["__type"][
        "fields"
    ]
    names = {f["name"] for f in mutations}
    assert "updateCompanyInformation" in names
    assert not {"createCompanyInformation", "deleteCompanyInformation"} & names


async def test_each_company_has_its_own_information(gw: Gateway, gw_carol: Gateway) -> None:
    us = (await gw.data(INFO))["companyInformation"]["nodes"][0]
    uk = (await gw_carol.data(INFO))["companyInformation"]["nodes"][0]
    assert (us["country"], uk["country"]) == ("US", "GB")
    assert uk["currencyCode"] == "GBP" and us["id"] != uk["id"]
