"""General journals: batches (`journals`) and their lines (`journalLines`).

A line names its account and balancing account by id or by number, and BC fills in the
other; a new line takes the journal's balancing account, the next line number, today's
date and the previous line's document number. Posting is in sandbox/rules/journal_posting.py.
Only G/L accounts exist in the sandbox: BC's page also takes bank accounts, whose ids and
numbers therefore never match here.
"""

from __future__ import annotations

from typing import Any

from bcmodel import Entity
from bcmodel.edm import EMPTY_DATE, EMPTY_GUID, encode_name
from bcmodel.payment_journals import CUSTOMER, VENDOR
from sandbox.errors import ODataError
from sandbox.options import QueryOptions
from sandbox.rules.base import (
    EntityRules,
    WriteContext,
    check_references,
    dialog,
    next_number,
    reference,
    require_field,
)
from sandbox.rules.field_checks import check_fields
from sandbox.rules.filters import filters_on
from sandbox.rules.journal_posting import post_journal
from sandbox.rules.payment_posting import (
    payment_journal,
    payment_journal_records,
    payments_of,
    post_payment_journal,
)
from sandbox.store import Record, Row, Scope, Store
from sandbox.values import today

JOURNALS = "journals"
LINES = "journalLines"
TEMPLATE = "GENERAL"
INTERCOMPANY = "INTERCOMP"
GL_ACCOUNT = encode_name("G/L Account")
BANK_ACCOUNT = encode_name("Bank Account")
FILTERS_NOT_SPECIFIED = "You must specify a journal batch ID or a journal ID to get a journal line."
VALUES_DONT_MATCH = "The account values do not match to a specific Account."


def lines_of(ctx: WriteContext, journal_id: str) -> list[Record]:
    return [r for r in ctx.store.records(ctx.scope, LINES) if r.row["journalId"] == journal_id]


def _account_by_number(ctx: WriteContext, number: str) -> Row | None:
    for record in ctx.store.records(ctx.scope, "accounts"):
        if record.row["number"] == number:
            return record.row
    return None


class JournalRules(EntityRules):
    def listed(
        self, store: Store, scope: Scope, entity: Entity, opts: QueryOptions
    ) -> list[Record]:
        # BC's page lists the default template's batches unless the filter names one.
        records = store.records(scope, entity.entity_set)
        if filters_on(opts.filter, "id"):
            # BC's page finds a batch of any template by its id: a payment journal's too.
            return records + payment_journal_records(store, scope)
        if filters_on(opts.filter, "templateDisplayName"):
            return records
        return [r for r in records if r.row["templateDisplayName"] == TEMPLATE]

    def before_insert(
        self,
        ctx: WriteContext,
        entity: Entity,
        row: Row,
        body: dict[str, Any],
        parent_id: str | None,
    ) -> None:
        # BC's page puts a new batch in the API's default template.
        if not row["templateDisplayName"]:
            row["templateDisplayName"] = TEMPLATE
        super().before_insert(ctx, entity, row, body, parent_id)
        balancing_number(ctx, row)

    def before_update(
        self, ctx: WriteContext, entity: Entity, old: Row, row: Row, changes: dict[str, Any]
    ) -> None:
        super().before_update(ctx, entity, old, row, changes)
        balancing_number(ctx, row)

    def check(self, ctx: WriteContext, entity: Entity, row: Row) -> None:
        # Gen. Journal Batch's "Journal Template Name" relates to Gen. Journal Template: the
        # company's templates are Contoso's (Create Gen. Journal Template: CASHRCPT,
        # GENERAL, INTERCOMP, PAYMENT), the payment journals' among them.
        template = str(row["templateDisplayName"])
        if template not in (TEMPLATE, INTERCOMPANY, CUSTOMER.template, VENDOR.template):
            raise ODataError(
                400,
                "Internal_InvalidTableRelation",
                f"The field Journal Template Name of table Gen. Journal Batch contains a value "
                f"({template}) that cannot be found in the related table (Gen. Journal Template).",
            )
        # A batch's key is its template and name: the code is unique within the template.
        require_field(row, "code")
        for other in ctx.store.records(ctx.scope, JOURNALS):
            same = (other.row["templateDisplayName"], other.row["code"]) == (
                row["templateDisplayName"],
                row["code"],
            )
            if same and other.row["id"] != row["id"]:
                raise ODataError(
                    409,
                    "Internal_EntityWithSameKeyExists",
                    "The Gen. Journal Batch already exists. Identification fields and values: "
                    f"Journal Template Name='{row['templateDisplayName']}',Name='{row['code']}'",
                )
        check_references(ctx, entity, row)

    def before_delete(self, ctx: WriteContext, entity: Entity, record: Record) -> None:
        for line in lines_of(ctx, record.row["id"]):
            ctx.store.delete(ctx.scope, LINES, line.row["id"], ctx.now)

    def fetched(self, store: Store, scope: Scope, entity: Entity, record_id: str) -> Record | None:
        # BC's page finds a batch of any template by its id: a payment journal's too.
        found = store.get(scope, entity.entity_set, record_id)
        if found is not None:
            return found
        return next(
            (r for r in payment_journal_records(store, scope) if r.row["id"] == record_id), None
        )

    def action(self, ctx: WriteContext, entity: Entity, record: Record, name: str) -> None:
        payments = payment_journal(ctx.store, ctx.scope, record.row["id"])
        if payments is not None:
            party, journal = payments
            rows = sorted((r.row for r in payments_of(ctx, party, journal["id"])), key=_line_number)
            post_payment_journal(ctx, party, journal, rows)
            for row in rows:
                ctx.store.delete(ctx.scope, party.payment_set, row["id"], ctx.now)
            return
        lines = sorted((r.row for r in lines_of(ctx, record.row["id"])), key=_line_number)
        post_journal(ctx, record.row, lines)
        for line in lines:
            ctx.store.delete(ctx.scope, LINES, line["id"], ctx.now)


def _line_number(row: Row) -> int:
    return int(row["lineNumber"])


def balancing_number(ctx: WriteContext, row: Row) -> None:
    account = reference(ctx, "accounts", str(row["balancingAccountId"]))
    row["balancingAccountNumber"] = account.row["number"] if account is not None else ""


class JournalLineRules(EntityRules):
    def create(
        self, ctx: WriteContext, entity: Entity, body: dict[str, Any], *, parent_id: str | None
    ) -> Record:
        # BC's page lets the field be written and refuses it in its OnValidate trigger.
        if "journalDisplayName" in body:
            raise dialog("The Journal Batch Display Name isn't editable.")
        return super().create(ctx, entity, body, parent_id=parent_id)

    def listed(
        self, store: Store, scope: Scope, entity: Entity, opts: QueryOptions
    ) -> list[Record]:
        # BC's page refuses to list lines of no given journal (its CheckFilters).
        if not (filters_on(opts.filter, "journalId") or filters_on(opts.filter, "id")):
            raise dialog(FILTERS_NOT_SPECIFIED)
        return store.records(scope, entity.entity_set)

    def before_insert(
        self,
        ctx: WriteContext,
        entity: Entity,
        row: Row,
        body: dict[str, Any],
        parent_id: str | None,
    ) -> None:
        journal = ctx.store.get(ctx.scope, JOURNALS, parent_id) if parent_id else None
        if journal is None:
            raise dialog(FILTERS_NOT_SPECIFIED)
        initialize_line(row, body, journal.row, [r.row for r in lines_of(ctx, journal.row["id"])])
        if "balancingAccountId" not in body and "balancingAccountNumber" not in body:
            row["balancingAccountId"] = journal.row["balancingAccountId"]
        _resolve_accounts(ctx, row, body)
        check_fields(ctx, entity, row)
        _unique_line(ctx, row)

    def before_update(
        self, ctx: WriteContext, entity: Entity, old: Row, row: Row, changes: dict[str, Any]
    ) -> None:
        _resolve_accounts(ctx, row, changes)
        check_fields(ctx, entity, row)
        if row["lineNumber"] != old["lineNumber"]:
            _unique_line(ctx, row)


def initialize_line(row: Row, body: dict[str, Any], journal: Row, siblings: list[Row]) -> None:
    """BC's InitializeLine for a new line of `journal` (general or payment journal): the
    journal, the next line number, today's date and the previous line's document number."""
    row["journalId"] = journal["id"]
    row["journalDisplayName"] = journal["code"]
    if "lineNumber" not in body:
        row["lineNumber"] = max((_line_number(s) for s in siblings), default=0) + 10000
    if row["postingDate"] == EMPTY_DATE:
        row["postingDate"] = today().isoformat()
    if not row["documentNumber"]:
        last = [str(s["documentNumber"]) for s in siblings if s["documentNumber"]]
        row["documentNumber"] = last[-1] if last else next_number([], "G00001")


def _unique_line(ctx: WriteContext, row: Row) -> None:
    for line in lines_of(ctx, row["journalId"]):
        if line.row["id"] != row["id"] and line.row["lineNumber"] == row["lineNumber"]:
            raise ODataError(
                409,
                "Internal_EntityWithSameKeyExists",
                "The Gen. Journal Line already exists. Identification fields and values: "
                f"Journal Template Name='{TEMPLATE}',Journal Batch Name='"
                f"{row['journalDisplayName']}',Line No.='{row['lineNumber']}'",
            )


def _resolve_accounts(ctx: WriteContext, row: Row, given: dict[str, Any]) -> None:
    """BC's validation of the account and balancing account fields the write gives."""
    _resolve(ctx, row, given, ("accountType", "accountId", "accountNumber"), balancing=False)
    _resolve(
        ctx,
        row,
        given,
        ("balanceAccountType", "balancingAccountId", "balancingAccountNumber"),
        balancing=True,
    )


def _resolve(
    ctx: WriteContext,
    row: Row,
    given: dict[str, Any],
    names: tuple[str, str, str],
    *,
    balancing: bool,
) -> None:
    type_name, id_name, number_name = names
    kind = row[type_name]
    if kind not in (GL_ACCOUNT, BANK_ACCOUNT):
        # BC's page shows lines of G/L and bank accounts only.
        raise dialog(VALUES_DONT_MATCH)
    if id_name in given or (balancing and number_name not in given):
        account_id = str(row[id_name])
        if account_id == EMPTY_GUID:
            row[number_name] = ""
        else:
            account = reference(ctx, "accounts", account_id) if kind == GL_ACCOUNT else None
            if account is None:
                raise dialog(f'The "{id_name}" does not match to an Account.')
            if (
                number_name in given
                and given[number_name]
                and account.row["number"] != str(given[number_name]).upper()
            ):
                raise dialog(VALUES_DONT_MATCH)
            row[number_name] = account.row["number"]
        return
    if number_name in given:
        number = str(row[number_name])
        if not number:
            row[id_name] = EMPTY_GUID
            return
        found = _account_by_number(ctx, number) if kind == GL_ACCOUNT else None
        if found is None:
            if balancing:
                # No page trigger: the table relation's own refusal.
                raise ODataError(
                    400,
                    "Internal_InvalidTableRelation",
                    "The field Bal. Account No. of table Gen. Journal Line contains a value "
                    f"({number}) that cannot be found in the related table (G/L Account).",
                )
            raise dialog('The "accountNumber" does not match to an Account.')
        row[id_name] = found["id"]
