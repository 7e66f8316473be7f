"""What the unposted sales documents besides invoices and credit memos share: the header
relations of BC's APIV2SalesQuotes and APIV2SalesOrders pages (customer, terms, currency,
shipment method, lines), built once for each."""

from bcmodel.model import Relation
from bcmodel.relations import shipment_method


def header_relations(word: str, lines: str) -> tuple[Relation, ...]:
    """The navigations of a sales document's header whose lines are the entity set
    `lines`; `word` names the document in the descriptions ("quote")."""
    return (
        Relation(
            "customer",
            "customers",
            "customerId",
            nav="customer",
            description=f"The customer the {word} is for. Read in the {word}'s own call to "
            "BC when selected with it.",
            checked=True,
        ),
        Relation(
            "paymentTerm",
            "paymentTerms",
            "paymentTermsId",
            nav="paymentTerm",
            description=f"The {word}'s payment terms; null when it has none.",
            checked=True,
        ),
        Relation(
            "currency",
            "currencies",
            "currencyId",
            nav="currency",
            description=f"The {word}'s currency; null for the local currency.",
            checked=True,
        ),
        shipment_method(f"{word}'s"),
        Relation(
            "lines",
            lines,
            "id",
            "documentId",
            many=True,
            nav=lines,
            contained=True,
            description=f"The {word}'s lines, in `sequence` order. Read in the {word}'s own "
            "call to BC ($expand) when selected with it.",
            created=f"Lines created with the {word}, in one call to BC (a deep insert); left "
            "out or null: none.",
        ),
    )


def line_relations(word: str, header: str, nav: str) -> tuple[Relation, ...]:
    """A line's relation to its document (the entity set `header`) and to its account."""
    return (
        Relation(
            word.replace(" ", ""),
            header,
            "documentId",
            nav=nav,
            description=f"The {word} the line belongs to.",
        ),
        Relation(
            "account",
            "accounts",
            "accountId",
            nav="account",
            description="The G/L account of an account line; null on other lines.",
        ),
    )
