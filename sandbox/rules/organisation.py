"""Employees, contacts and bank accounts: what their API pages do beyond the plain rules."""

from __future__ import annotations

from typing import Any

from bcmodel import Entity
from bcmodel.edm import EMPTY_GUID
from sandbox.rules.base import EntityRules, WriteContext, dialog, reference
from sandbox.store import Row

CURRENCIES = "currencies"
COMPANY_INFORMATION = "companyInformation"


class EmployeeRules(EntityRules):
    """The employees page shows a name BC joins from the first and last names."""

    def before_insert(
        self,
        ctx: WriteContext,
        entity: Entity,
        row: Row,
        body: dict[str, Any],
        parent_id: str | None,
    ) -> None:
        _display_name(row)
        super().before_insert(ctx, entity, row, body, parent_id)

    def before_update(
        self, ctx: WriteContext, entity: Entity, old: Row, row: Row, changes: dict[str, Any]
    ) -> None:
        _display_name(row)
        super().before_update(ctx, entity, old, row, changes)


def _display_name(row: Row) -> None:
    # BC formats '%1 %2' with First Name and Last Name: a blank one leaves its space.
    row["displayName"] = f"{row['givenName']} {row['surname']}"


class ContactRules(EntityRules):
    """The contacts page refuses a contact without a name, with messages of its own: a
    blank name written (its field's OnValidate), and none at all on insert."""

    def before_insert(
        self,
        ctx: WriteContext,
        entity: Entity,
        row: Row,
        body: dict[str, Any],
        parent_id: str | None,
    ) -> None:
        if "displayName" in body:
            _not_blank(row)
        if not row["displayName"]:
            raise dialog('A "displayName" must be provided.')
        super().before_insert(ctx, entity, row, body, parent_id)

    def before_update(
        self, ctx: WriteContext, entity: Entity, old: Row, row: Row, changes: dict[str, Any]
    ) -> None:
        if "displayName" in changes:
            _not_blank(row)
        super().before_update(ctx, entity, old, row, changes)


def _not_blank(row: Row) -> None:
    if not row["displayName"]:
        raise dialog('The blank "displayName" is not allowed.')


class BankAccountRules(EntityRules):
    """currencyCode and currencyId are variables of BC's page, not fields of the table:
    each must name a currency (the local currency's code means none), both the same one,
    and only the code is read back; currencyId reads as the empty GUID."""

    def before_insert(
        self,
        ctx: WriteContext,
        entity: Entity,
        row: Row,
        body: dict[str, Any],
        parent_id: str | None,
    ) -> None:
        _currency(ctx, row, set(body))
        super().before_insert(ctx, entity, row, body, parent_id)

    def before_update(
        self, ctx: WriteContext, entity: Entity, old: Row, row: Row, changes: dict[str, Any]
    ) -> None:
        _currency(ctx, row, set(changes))
        super().before_update(ctx, entity, old, row, changes)


def _local_currency(ctx: WriteContext) -> str:
    info = ctx.store.records(ctx.scope, COMPANY_INFORMATION)
    return str(info[0].row["currencyCode"]) if info else ""


def _currency(ctx: WriteContext, row: Row, written: set[str]) -> None:
    local = _local_currency(ctx)
    code = str(row["currencyCode"])
    by_code = None
    if "currencyCode" in written and code not in ("", local):
        by_code = next(
            (c for c in ctx.store.records(ctx.scope, CURRENCIES) if c.row["code"] == code), None
        )
        if by_code is None:
            raise dialog('The "currencyCode" does not match to a Currency.')
    currency_id = str(row["currencyId"])
    if "currencyId" in written and currency_id != EMPTY_GUID:
        by_id = reference(ctx, CURRENCIES, currency_id)
        if by_id is None:
            raise dialog('The "currencyId" does not match to a Currency.')
        if "currencyCode" in written and by_id.row["code"] != (
            by_code.row["code"] if by_code else ""
        ):
            raise dialog("The currency values do not match to a specific Currency.")
        row["currencyCode"] = by_id.row["code"]
    if not row["currencyCode"]:
        row["currencyCode"] = local
    row["currencyId"] = EMPTY_GUID
