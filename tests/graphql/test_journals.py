"""Journals and journal lines over GraphQL: created (with lines in one call), listed,
read, updated, deleted, and posted with postJournal, which moves the accounts."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from tests.graphql.conftest import Gateway

CREATE = """mutation($input: CreateJournalInput!) { createJournal(input: $input) {
  id etag code displayName templateDisplayName balancingAccountId balancingAccountNumber
  lines { nodes { id lineNumber accountNumber amount balancingAccountNumber } } } }"""
ADD_LINE = """mutation($journalId: UUID!, $input: CreateJournalLineInput!) {
  createJournalLine(journalId: $journalId, input: $input) { id etag lineNumber accountType
    accountId accountNumber postingDate documentNumber amount description
    balancingAccountNumber journal { code } account { number } } }"""
POST = """mutation($id: UUID!) { postJournal(id: $id) { id code lines { totalCount } } }"""
ACCOUNT = """query($n: String!) { accounts(filter: {number: {eq: $n}}) {
  nodes { id number netChange } } }"""


async def account(gw: Gateway, number: str) -> dict[str, Any]:
    return dict((await gw.data(ACCOUNT, {"n": number}))["accounts"]["nodes"][0])


async def test_journals_are_listed_sorted_and_read(gw: Gateway) -> None:
    await gw.data(CREATE, {"input": {"code": "aaa", "displayName": "First"}})
    listed = await gw.data(
        """{ journals(orderBy: [{field: CODE, direction: ASC}]) { totalCount
             nodes { id code templateDisplayName } } }"""
    )
    codes = [j["code"] for j in listed["journals"]["nodes"]]
    assert codes == sorted(codes) and {"AAA", "DEFAULT"} <= set(codes)
    default = next(j for j in listed["journals"]["nodes"] if j["code"] == "DEFAULT")
    one = await gw.data(
        "query($id: UUID!) { journal(id: $id) { code templateDisplayName } }", {"id": default["id"]}
    )
    assert one["journal"] == {"code": "DEFAULT", "templateDisplayName": "GENERAL"}


async def test_a_journal_is_created_with_lines_updated_and_deleted(gw: Gateway) -> None:
    cash = await account(gw, "10100")
    created = (
        await gw.data(
            CREATE,
            {
                "input": {
                    "code": "petty",
                    "displayName": "Petty cash",
                    "balancingAccountId": cash["id"],
                    "lines": [
                        {"accountNumber": "61200", "amount": "12.5", "documentNumber": "PC1"},
                        {"accountNumber": "61300", "amount": "7.25", "documentNumber": "PC1"},
                    ],
                }
            },
        )
    )["createJournal"]
    assert created["code"] == "PETTY" and created["templateDisplayName"] == "GENERAL"
    assert created["balancingAccountNumber"] == "10100"
    lines = created["lines"]["nodes"]
    assert [(ln["lineNumber"], ln["accountNumber"], ln["amount"]) for ln in lines] == [
        (10000, "61200", "12.5"),
        (20000, "61300", "7.25"),
    ]
    assert all(ln["balancingAccountNumber"] == "10100" for ln in lines)
    updated = await gw.data(
        """mutation($id: UUID!, $etag: String) { updateJournal(id: $id, etag: $etag,
             input: {displayName: "Petty cash box"}) { displayName etag } }""",
        {"id": created["id"], "etag": created["etag"]},
    )
    assert updated["updateJournal"]["displayName"] == "Petty cash box"
    deleted = await gw.data(
        "mutation($id: UUID!) { deleteJournal(id: $id) }", {"id": created["id"]}
    )
    assert deleted["deleteJournal"]
    gone = await gw.execute("query($id: UUID!) { journal(id: $id) { id } }", {"id": created["id"]})
    assert gone.errors and gone.errors[0].extensions["code"] == "NOT_FOUND"


async def test_journal_lines_are_created_listed_updated_and_deleted(gw: Gateway) -> None:
    journal = (await gw.data(CREATE, {"input": {"code": "LINES"}}))["createJournal"]
    line = (
        await gw.data(
            ADD_LINE,
            {
                "journalId": journal["id"],
                "input": {
                    "accountNumber": "60100",
                    "amount": "100",
                    "postingDate": "2021-06-30",
                    "documentNumber": "L-1",
                    "description": "June rent",
                },
            },
        )
    )["createJournalLine"]
    assert line["accountType"] == "G_L_ACCOUNT" and line["account"]["number"] == "60100"
    assert line["journal"] == {"code": "LINES"} and line["lineNumber"] == 10000
    listed = await gw.data(
        """query($j: UUID!) { journalLines(filter: {journalId: {eq: $j}},
             orderBy: [{field: LINE_NUMBER, direction: DESC}]) { totalCount nodes { id } } }""",
        {"j": journal["id"]},
    )
    assert listed["journalLines"]["totalCount"] == 1
    unfiltered = await gw.execute("{ journalLines { totalCount } }")
    assert unfiltered.errors and unfiltered.errors[0].extensions["code"] == "BAD_USER_INPUT"
    changed = await gw.data(
        """mutation($id: UUID!, $j: UUID!, $etag: String) { updateJournalLine(id: $id,
             journalId: $j, etag: $etag, input: {amount: "120", accountNumber: "60200"}) {
             amount accountNumber accountId } }""",
        {"id": line["id"], "j": journal["id"], "etag": line["etag"]},
    )
    advertising = await account(gw, "60200")
    assert changed["updateJournalLine"] == {
        "amount": "120",
        "accountNumber": "60200",
        "accountId": advertising["id"],
    }
    deleted = await gw.data(
        "mutation($id: UUID!, $j: UUID!) { deleteJournalLine(id: $id, journalId: $j) }",
        {"id": line["id"], "j": journal["id"]},
    )
    assert deleted["deleteJournalLine"]


async def test_a_line_naming_no_account_is_refused(gw: Gateway) -> None:
    journal = (await gw.data(CREATE, {"input": {"code": "BADACC"}}))["createJournal"]
    result = await gw.execute(
        ADD_LINE, {"journalId": journal["id"], "input": {"accountNumber": "99998", "amount": "1"}}
    )
    assert result.errors is not None
    assert 'The "accountNumber" does not match to an Account.' in result.errors[0].message


async def test_post_journal_moves_the_accounts_and_empties_the_journal(gw: Gateway) -> None:
    cash, supplies = await account(gw, "10100"), await account(gw, "61200")
    journal = (
        await gw.data(
            CREATE,
            {
                "input": {
                    "code": "TOPOST",
                    "balancingAccountId": cash["id"],
                    "lines": [
                        {"accountNumber": "61200", "amount": "40", "postingDate": "2021-12-31"},
                        {"accountNumber": "61200", "amount": "2.5", "postingDate": "2021-12-31"},
                    ],
                }
            },
        )
    )["createJournal"]
    posted = (await gw.data(POST, {"id": journal["id"]}))["postJournal"]
    assert posted["code"] == "TOPOST" and posted["lines"]["totalCount"] == 0
    after_cash, after_supplies = await account(gw, "10100"), await account(gw, "61200")
    assert Decimal(after_supplies["netChange"]) - Decimal(supplies["netChange"]) == Decimal("42.5")
    assert Decimal(after_cash["netChange"]) - Decimal(cash["netChange"]) == Decimal("-42.5")
    again = await gw.execute(POST, {"id": journal["id"]})
    assert again.errors and "There is nothing to post." in again.errors[0].message


async def test_an_unbalanced_journal_is_refused(gw: Gateway) -> None:
    journal = (
        await gw.data(
            CREATE,
            {
                "input": {
                    "code": "UNBAL",
                    "lines": [{"accountNumber": "61200", "amount": "10", "documentNumber": "U1"}],
                }
            },
        )
    )["createJournal"]
    result = await gw.execute(POST, {"id": journal["id"]})
    assert result.errors is not None
    assert "Document No. U1 is out of balance by 10.00." in result.errors[0].message
