"""General journals over the sandbox's HTTP API: batches, their lines, and what BC refuses
when lines are written or a batch is posted, with BC's messages."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from tests.conftest import BC


def error(response: Any) -> tuple[int, str, str]:
    body = response.json()["error"]
    return response.status_code, body["code"], body["message"].split("  CorrelationId:")[0]


async def account(bc: BC, number: str) -> dict[str, Any]:
    return await bc.first("accounts", "&$filter=" + quote(f"number eq '{number}'"))


async def new_journal(bc: BC, code: str, **fields: Any) -> dict[str, Any]:
    response = await bc.post("journals", json={"code": code, **fields})
    assert response.status_code == 201, response.text
    return dict(response.json())


async def add_line(bc: BC, journal_id: str, **fields: Any) -> Any:
    return await bc.post(f"journals({journal_id})/journalLines", json=fields)


async def test_every_company_has_the_default_batch_of_the_general_template(bc: BC) -> None:
    journal = await bc.first("journals", "&$filter=" + quote("code eq 'DEFAULT'"))
    assert journal["templateDisplayName"] == "GENERAL"
    assert journal["balancingAccountId"] == "00000000-0000-0000-0000-000000000000"


async def test_a_line_takes_number_date_document_and_the_journals_balancing_account(
    bc: BC,
) -> None:
    cash = await account(bc, "10100")
    journal = await new_journal(bc, "cashjnl", balancingAccountId=cash["id"])
    assert journal["code"] == "CASHJNL" and journal["balancingAccountNumber"] == "10100"
    assert journal["templateDisplayName"] == "GENERAL"
    first = await add_line(bc, journal["id"], accountNumber="61200", amount=25)
    assert first.status_code == 201, first.text
    line = first.json()
    rent = await account(bc, "61200")
    assert line["accountId"] == rent["id"] and line["lineNumber"] == 10000
    assert line["balancingAccountId"] == cash["id"] and line["balancingAccountNumber"] == "10100"
    assert line["journalId"] == journal["id"] and line["journalDisplayName"] == "CASHJNL"
    assert line["documentNumber"] == "G00001" and line["postingDate"] != "0001-01-01"
    second = (await add_line(bc, journal["id"], accountId=rent["id"], amount=5)).json()
    assert second["lineNumber"] == 20000 and second["documentNumber"] == "G00001"
    assert second["accountNumber"] == "61200"


async def test_lines_are_listed_only_for_a_journal(bc: BC) -> None:
    status, code, message = error(await bc.get("journalLines"))
    assert (status, code) == (400, "Application_DialogException")
    assert message == "You must specify a journal batch ID or a journal ID to get a journal line."
    journal = await new_journal(bc, "LISTED")
    await add_line(bc, journal["id"], accountNumber="61200", amount=1)
    listed = await bc.get("journalLines?$filter=" + quote(f"journalId eq {journal['id']}"))
    assert listed.status_code == 200 and len(listed.json()["value"]) == 1


async def test_accounts_that_do_not_exist_are_refused(bc: BC) -> None:
    journal = await new_journal(bc, "REFUSE")
    missing = "11111111-2222-3333-4444-555555555555"
    cases = (
        ({"accountId": missing}, 'The "accountId" does not match to an Account.'),
        ({"accountNumber": "99998"}, 'The "accountNumber" does not match to an Account.'),
        (
            {"accountNumber": "61200", "accountId": (await account(bc, "10100"))["id"]},
            "The account values do not match to a specific Account.",
        ),
        ({"balancingAccountId": missing}, 'The "balancingAccountId" does not match to an Account.'),
        ({"accountType": "Vendor"}, "The account values do not match to a specific Account."),
    )
    for body, wanted in cases:
        assert error(await add_line(bc, journal["id"], **body)) == (
            400,
            "Application_DialogException",
            wanted,
        ), body
    assert error(await add_line(bc, journal["id"], journalDisplayName="X")) == (
        400,
        "Application_DialogException",
        "The Journal Batch Display Name isn't editable.",
    )


async def test_posting_an_empty_journal_is_refused(bc: BC) -> None:
    journal = await new_journal(bc, "EMPTY")
    response = await bc.post(f"journals({journal['id']})/Microsoft.NAV.post")
    assert error(response) == (400, "Application_DialogException", "There is nothing to post.")


async def test_an_unbalanced_document_is_refused_and_nothing_posts(bc: BC) -> None:
    journal = await new_journal(bc, "UNBAL")
    await add_line(bc, journal["id"], accountNumber="61200", amount=100, documentNumber="X1")
    await add_line(bc, journal["id"], accountNumber="10100", amount=-60, documentNumber="X1")
    before = (await account(bc, "61200"))["netChange"]
    response = await bc.post(f"journals({journal['id']})/Microsoft.NAV.post")
    assert error(response) == (
        400,
        "Application_DialogException",
        "Document No. X1 is out of balance by 40.00. Please check that Posting Date, "
        "Document Type, Document No. and Amount are correct for each line.",
    )
    assert (await account(bc, "61200"))["netChange"] == before
    lines = await bc.get(f"journals({journal['id']})/journalLines")
    assert len(lines.json()["value"]) == 2


async def test_posting_to_an_account_not_posted_to_directly_is_refused(bc: BC) -> None:
    journal = await new_journal(bc, "DIRECT")
    await add_line(bc, journal["id"], accountNumber="10400", amount=10, documentNumber="D1")
    await add_line(bc, journal["id"], accountNumber="10100", amount=-10, documentNumber="D1")
    response = await bc.post(f"journals({journal['id']})/Microsoft.NAV.post")
    assert error(response) == (
        400,
        "Application_TestFieldException",
        "Direct Posting must be equal to 'Yes'  in G/L Account: No.=10400. Current value is 'No'.",
    )


async def test_a_line_without_any_account_is_refused_at_posting(bc: BC) -> None:
    journal = await new_journal(bc, "NOACC")
    await add_line(bc, journal["id"], amount=10)
    response = await bc.post(f"journals({journal['id']})/Microsoft.NAV.post")
    assert error(response) == (
        400,
        "Application_FieldValidationException",
        "Account No. must have a value in Gen. Journal Line: Journal Template Name=GENERAL, "
        "Journal Batch Name=NOACC, Line No.=10000. It cannot be zero or empty.",
    )


async def test_posting_writes_balanced_entries_and_removes_the_lines(bc: BC) -> None:
    cash, rent = await account(bc, "10100"), await account(bc, "60100")
    journal = await new_journal(bc, "POSTED")
    await add_line(
        bc,
        journal["id"],
        accountId=rent["id"],
        balancingAccountId=cash["id"],
        amount=1234.5,
        postingDate="2021-12-30",
        documentNumber="RENT-12",
        description="December rent",
    )
    response = await bc.post(f"journals({journal['id']})/Microsoft.NAV.post")
    assert response.status_code == 204, response.text
    assert (await bc.get(f"journals({journal['id']})/journalLines")).json()["value"] == []
    assert (await account(bc, "60100"))["netChange"] == rent["netChange"] + 1234.5
    assert (await account(bc, "10100"))["netChange"] == cash["netChange"] - 1234.5
    entries = (
        await bc.get(
            "generalLedgerEntries?$filter="
            + quote("documentNumber eq 'RENT-12'")
            + "&$orderby=entryNumber"
        )
    ).json()["value"]
    assert [(e["accountNumber"], e["debitAmount"], e["creditAmount"]) for e in entries] == [
        ("60100", 1234.5, 0),
        ("10100", 0, 1234.5),
    ]
    assert entries[0]["description"] == "December rent"
    assert entries[0]["postingDate"] == "2021-12-30"
    assert entries[1]["entryNumber"] == entries[0]["entryNumber"] + 1


async def test_general_ledger_entries_are_read_only_and_read_by_id(bc: BC) -> None:
    entry = await bc.first("generalLedgerEntries", "&$orderby=" + quote("entryNumber desc"))
    one = await bc.get(f"generalLedgerEntries({entry['id']})")
    assert one.status_code == 200 and one.json()["entryNumber"] == entry["entryNumber"]
    assert one.json()["@odata.etag"] == entry["@odata.etag"]
    missing = await bc.get("generalLedgerEntries(11111111-2222-3333-4444-555555555555)")
    assert missing.status_code == 404
    refused = await bc.post("generalLedgerEntries", json={"description": "X"})
    assert error(refused)[:2] == (405, "BadRequest_MethodNotAllowed")
    patched = await bc.patch(
        f"generalLedgerEntries({entry['id']})", json={}, headers={"If-Match": "*"}
    )
    assert patched.status_code == 405


async def test_reports_read_their_parameters_from_the_filter(bc: BC) -> None:
    period = quote("dateFilter ge 2021-01-01 and dateFilter le 2021-03-31")
    lines = (await bc.get(f"incomeStatements?$filter={period}")).json()["value"]
    assert lines and {line["dateFilter"] for line in lines} == {"2021-03-31"}
    aged = await bc.get(
        "agedAccountsPayables?$filter="
        + quote("agedAsOfDate eq 2021-12-31 and periodLengthFilter eq '2W'")
    )
    assert aged.status_code == 200
    assert {line["periodLengthFilter"] for line in aged.json()["value"]} == {"2W"}
    bad = await bc.get("agedAccountsPayables?$filter=" + quote("periodLengthFilter eq 'x'"))
    assert error(bad) == (
        400,
        "Application_DialogException",
        "The period length X is not a valid date formula.",
    )
    assert (await bc.post("trialBalances", json={})).status_code == 405


async def test_deleting_a_journal_deletes_its_lines(bc: BC) -> None:
    journal = await new_journal(bc, "GONE")
    line = (await add_line(bc, journal["id"], accountNumber="61200", amount=3)).json()
    assert (
        await bc.delete(f"journals({journal['id']})", headers={"If-Match": "*"})
    ).status_code == 204
    left = await bc.get("journalLines?$filter=" + quote(f"id eq {line['id']}"))
    assert left.json()["value"] == []


async def test_a_journal_code_is_unique_and_required(bc: BC) -> None:
    await new_journal(bc, "TWICE")
    status, code, message = error(await bc.post("journals", json={"code": "twice"}))
    assert (status, code) == (409, "Internal_EntityWithSameKeyExists")
    assert message == (
        "The Gen. Journal Batch already exists. Identification fields and values: "
        "Journal Template Name='GENERAL',Name='TWICE'"
    )
    # The code is unique within its template (INTERCOMP: one of Contoso's templates).
    other_template = await bc.post(
        "journals", json={"code": "TWICE", "templateDisplayName": "INTERCOMP"}
    )
    assert other_template.status_code == 201
    status, code, _ = error(await bc.post("journals", json={"displayName": "No code"}))
    assert (status, code) == (400, "BadRequest_RequiredParamNotProvided")
