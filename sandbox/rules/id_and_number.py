"""A record a write names by id and by number (a document's vendor or customer, its pay-to
vendor or bill-to customer, a payment's party), read as BC's API pages read it: each field's
OnValidate trigger runs in the body's order, so the outcome depends on which came first."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bcmodel.edm import EMPTY_GUID
from sandbox.rules.base import WriteContext, dialog, reference
from sandbox.store import Record


@dataclass(frozen=True)
class IdAndNumber:
    """The two fields and the page's labels for them."""

    entity_set: str
    id_field: str
    number_field: str
    unknown_id: str
    unknown_number: str
    # The label the number's trigger raises when the id's trigger, earlier in the body,
    # already read another record; None: the page's trigger just exits then.
    mismatch: str | None = None
    # The payment pages' triggers take a blank id or number as clearing the party rather
    # than looking it up (the document pages' GetBySystemId and Get refuse it).
    blank_clears: bool = False


def named_in_body_order(
    ctx: WriteContext, pair: IdAndNumber, changes: dict[str, Any]
) -> Record | None:
    """The record the write's id and number leave named (None: neither named one, or a
    blank one cleared it). The id's trigger reads its record whatever came before; the
    number's looks its record up unless the id's already read one (and so an unknown
    number before the id is refused, though the id would have overridden it)."""
    found: Record | None = None
    for name, value in changes.items():
        if name == pair.id_field:
            if pair.blank_clears and value in (None, EMPTY_GUID):
                found = None
                continue
            found = reference(ctx, pair.entity_set, str(value))
            if found is None:
                raise dialog(pair.unknown_id)
        elif name == pair.number_field:
            number = str(value or "").upper()
            if found is not None:
                if pair.mismatch is not None and str(found.row["number"]).upper() != number:
                    raise dialog(pair.mismatch)
                continue
            if pair.blank_clears and not number:
                continue
            found = next(
                (
                    r
                    for r in ctx.store.records(ctx.scope, pair.entity_set)
                    if str(r.row["number"]).upper() == number
                ),
                None,
            )
            if found is None:
                raise dialog(pair.unknown_number)
    return found


def id_then_other_number(changes: dict[str, object], id_field: str, number_field: str) -> bool:
    """Whether the write gives the id before the number: BC validates fields in the
    order of the body, so only then does the number's check see the id's record."""
    names = list(changes)
    return (
        id_field in changes
        and number_field in changes
        and names.index(id_field) < names.index(number_field)
    )
