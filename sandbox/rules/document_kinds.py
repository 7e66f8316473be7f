"""What differs between business documents with lines, as data: who the document is with,
which of their fields it copies, what its lines are priced by, how BC's messages name it
(the rules that read it: documents.py, document_lines.py)."""

from __future__ import annotations

from dataclasses import dataclass

from sandbox.rules.id_and_number import IdAndNumber


@dataclass(frozen=True)
class Copy:
    """A header field the party fills: `target` takes the party's `source`, unless the
    write gives `unless` (None: always, whatever the write says)."""

    target: str
    source: str
    unless: str | None = None


@dataclass(frozen=True, kw_only=True)
class Party(IdAndNumber):
    """Who a document is with (the vendor, the customer) and how the header names them;
    `mismatch` is None where the page's number trigger skips a number after the id."""

    title: str
    neither: str  # BC's message when a new document names no party
    copies: tuple[Copy, ...]


@dataclass(frozen=True)
class DocumentKind:
    header: str  # the header's entity set
    lines: str  # the lines' entity set
    party: Party
    word: str  # "invoice", "credit memo": what BC's messages call it
    date_field: str  # the document date the due date counts from
    price_field: str  # the lines' unit amount
    item_prices: tuple[str, ...]  # the item's fields a line's price comes from, first set wins
    blocked_by: tuple[str, ...] = ("All",)  # the party's `blocked` values that refuse it
    # The posted documents' number series, when posting renumbers (drafts then number
    # among drafts); None: the entity's series numbers every document once.
    posted_first: str | None = None
    # The line page's CannotChangeLineNoErr: most pages quote "sequence", the sales order
    # and quote line pages do not.
    sequence_fixed: str = (
        'The value for "sequence" cannot be modified. Delete and insert the line again.'
    )
    # The line page refuses a unit of measure on a line that is not an item's (its
    # unitOfMeasure fields call the aggregator's VerifyCanUpdateUOM).
    unit_only_on_items: bool = False


UNQUOTED_SEQUENCE = "The value for sequence cannot be modified. Delete and insert the line again."


def address_copies(header_prefix: str, *, always: bool) -> tuple[Copy, ...]:
    """An address block of the header from the party's address (`buyFromCity` <- `city`);
    `always`: overwritten on each copy, else only where the write gives none."""
    parts = (
        ("AddressLine1", "addressLine1"),
        ("AddressLine2", "addressLine2"),
        ("City", "city"),
        ("Country", "country"),
        ("State", "state"),
        ("PostCode", "postalCode"),
    )
    return tuple(
        Copy(f"{header_prefix}{part}", source, None if always else f"{header_prefix}{part}")
        for part, source in parts
    )
