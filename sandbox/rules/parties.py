"""The parties documents are with (vendors, customers): the plain rules, no deleting one
that documents are still outstanding with, and the party's currency kept in step with
its code (the local currency shown by its code, as BC's API pages show it)."""

from __future__ import annotations

from typing import Any

from bcmodel import Entity
from bcmodel.edm import EMPTY_GUID
from sandbox.rules import ledger
from sandbox.rules.base import EntityRules, WriteContext, dialog, reference
from sandbox.store import Record, Row

# A document the party cannot be deleted while it is outstanding.
Outstanding = tuple[str, str, str]  # (entity set, party field, BC's caption of it)
OPEN = ("Draft", "Open")


class PartyRules(EntityRules):
    def __init__(self, title: str, documents: tuple[Outstanding, ...]) -> None:
        self.title = title
        self.documents = documents

    def before_insert(
        self,
        ctx: WriteContext,
        entity: Entity,
        row: Row,
        body: dict[str, Any],
        parent_id: str | None,
    ) -> None:
        # A new party without a currency bills in the local one, which the API page shows
        # by its code (GraphMgtGeneralTools.TranslateNAVCurrencyCodeToCurrencyCode).
        if "currencyId" not in body and "currencyCode" not in body:
            body = {**body, "currencyCode": ""}
        sync_currency(ctx, row, body)
        super().before_insert(ctx, entity, row, body, parent_id)

    def before_update(
        self, ctx: WriteContext, entity: Entity, old: Row, row: Row, changes: dict[str, Any]
    ) -> None:
        sync_currency(ctx, row, changes)
        super().before_update(ctx, entity, old, row, changes)

    def before_delete(self, ctx: WriteContext, entity: Entity, record: Record) -> None:
        party_id = record.row["id"]
        for entity_set, field, caption in self.documents:
            for document in ctx.store.records(ctx.scope, entity_set):
                if document.row[field] == party_id and document.row["status"] in OPEN:
                    raise dialog(
                        f"You cannot delete {self.title} {record.row['number']} because there "
                        f"is at least one outstanding {caption} for this "
                        f"{self.title.lower()}."
                    )


def sync_currency(ctx: WriteContext, row: Row, changes: dict[str, Any]) -> None:
    """currencyId and currencyCode name the same currency, as BC's pages keep them: the
    local currency is no currency record, shown by its code with a blank id."""
    local = str(ledger.setup(ctx.store, ctx.scope).get("localCurrencyCode", ""))
    if "currencyId" in changes:
        if row["currencyId"] == EMPTY_GUID:
            code = local
        else:
            found = reference(ctx, "currencies", row["currencyId"])
            if found is None:
                raise dialog('The "currencyId" does not match to a Currency.')
            code = found.row["code"]
        given = changes.get("currencyCode")
        if given not in (None, "", code) and not (code == local and given == local):
            raise dialog("The currency values do not match to a specific Currency.")
        row["currencyCode"] = code
    elif "currencyCode" in changes:
        code = str(row["currencyCode"])
        if code in ("", local):
            row["currencyId"], row["currencyCode"] = EMPTY_GUID, local
            return
        match = next(
            (r for r in ctx.store.records(ctx.scope, "currencies") if r.row["code"] == code), None
        )
        if match is None:
            raise dialog('The "currencyCode" does not match to a Currency.')
        row["currencyId"] = match.row["id"]


class CustomerRules(PartyRules):
    def __init__(self) -> None:
        super().__init__(
            "Customer",
            (
                ("salesInvoices", "customerId", "Sales Invoice"),
                ("salesCreditMemos", "customerId", "Sales Credit Memo"),
            ),
        )

    def before_insert(
        self,
        ctx: WriteContext,
        entity: Entity,
        row: Row,
        body: dict[str, Any],
        parent_id: str | None,
    ) -> None:
        if not row["displayName"]:
            raise dialog('A "displayName" must be provided.')
        super().before_insert(ctx, entity, row, body, parent_id)

    def before_update(
        self, ctx: WriteContext, entity: Entity, old: Row, row: Row, changes: dict[str, Any]
    ) -> None:
        if "displayName" in changes and not row["displayName"]:
            raise dialog('The blank "displayName" is not allowed.')
        super().before_update(ctx, entity, old, row, changes)
