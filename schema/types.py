"""The contract's object types, filters, sort orders and connections, one block per entity.

Fields come from bcmodel (schema/generate.py); what is written here is what the
contract adds: names, the BusinessCentralRecord interface, relations and connections.
"""

# No `from __future__ import annotations` here: Strawberry reads an argument's description
# from its Annotated type only when the annotation is an object, not a string still to be
# resolved (the relations' filter and orderBy name types defined further down).
from typing import Any

import strawberry

from bcmodel.accounts import ACCOUNT
from bcmodel.balance_sheets import BALANCE_SHEET
from bcmodel.companies import COMPANY
from bcmodel.fields import LAST_MODIFIED
from bcmodel.payment_terms import PAYMENT_TERM
from bcmodel.purchase_invoice_lines import PURCHASE_INVOICE_LINE
from bcmodel.purchase_invoices import PURCHASE_INVOICE
from bcmodel.tax_groups import TAX_GROUP
from bcmodel.vendors import VENDOR
from resolvers import relations
from resolvers.pagination import DEFAULT_FIRST
from schema.arguments import After, First, filter_of, order_of
from schema.generate import (
    ETAG,
    connection_type,
    filter_input,
    lazy,
    object_type,
    order_input,
    sort_field_enum,
)
from schema.scalars import UUID, DateTime


# Not `Record`: GraphQL Code Generator names TypeScript types after GraphQL's, and a type
# named Record shadows TypeScript's own Record<K, V> (issue 18).
@strawberry.interface(
    description="A record of a Business Central entity: it has BC's id, BC's etag (which "
    "guards updates and deletes) and, for most entities, the time it last changed."
)
class BusinessCentralRecord:
    id: UUID = strawberry.field(
        description="BC's id of the record. It never changes; the single-record queries and "
        "the mutations take it."
    )
    etag: str = strawberry.field(description=ETAG)
    # Named as BC names it (also the key of the row dicts resolvers return).
    lastModifiedDateTime: DateTime | None = strawberry.field(
        default=None, description=f"{LAST_MODIFIED} null for entities BC does not time."
    )


@strawberry.type(
    description="Where a page sits in its list. Paging is forward only: `first` and `after`, "
    "no `last` or `before` (BC's own paging only runs forward, along @odata.nextLink)."
)
class PageInfo:
    has_next_page: bool = strawberry.field(description="Whether rows follow this page.")
    end_cursor: str | None = strawberry.field(
        description="The cursor of this page's last row (pass it as `after` for the next "
        "page); null when the page is empty."
    )
    has_previous_page: bool = strawberry.field(
        description="Whether rows come before this page. False on a first page (no `after`); "
        "after an `after` cursor, true when this read shows rows before it (the page has "
        "rows, or totalCount was selected and is not 0), else false: the Relay spec lets "
        "forward paging answer false when it cannot tell cheaply."
    )
    start_cursor: str | None = strawberry.field(
        description="The cursor of this page's first row; null when the page is empty."
    )


# Relations: thin adapters over resolvers/relations.py, which reads the related record
# from the parent's $expand when the look-ahead asked for it, else loads it in a batch.


async def _payment_term(root: Any, info: strawberry.Info) -> Any:
    return await relations.related(info, root, VENDOR, "paymentTerm")


async def _vendor_invoices(
    root: Any,
    info: strawberry.Info,
    filter: filter_of(lazy("PurchaseInvoiceFilter")) = None,
    order_by: order_of(lazy("PurchaseInvoiceOrder")) = None,
    first: First = DEFAULT_FIRST,
    after: After = None,
) -> Any:
    return await relations.connection(
        info, root, VENDOR, "purchaseInvoices", first, after, filter, order_by
    )


async def _invoice_vendor(root: Any, info: strawberry.Info) -> Any:
    return await relations.related(info, root, PURCHASE_INVOICE, "vendor")


async def _invoice_lines(
    root: Any, info: strawberry.Info, first: First = DEFAULT_FIRST, after: After = None
) -> Any:
    return await relations.connection(info, root, PURCHASE_INVOICE, "lines", first, after)


async def _line_invoice(root: Any, info: strawberry.Info) -> Any:
    return await relations.related(info, root, PURCHASE_INVOICE_LINE, "invoice")


async def _line_account(root: Any, info: strawberry.Info) -> Any:
    return await relations.related(info, root, PURCHASE_INVOICE_LINE, "account")


Company = object_type("Company", COMPANY, required=("name",))

PaymentTerm = object_type("PaymentTerm", PAYMENT_TERM, bases=(BusinessCentralRecord,))
PaymentTermFilter = filter_input("PaymentTermFilter", PAYMENT_TERM)
PaymentTermSortField = sort_field_enum("PaymentTermSortField", PAYMENT_TERM)
PaymentTermOrder = order_input("PaymentTermOrder", PaymentTermSortField, PAYMENT_TERM)
PaymentTermConnection = connection_type("PaymentTermConnection", "PaymentTerm")

TaxGroup = object_type("TaxGroup", TAX_GROUP, bases=(BusinessCentralRecord,))
TaxGroupFilter = filter_input("TaxGroupFilter", TAX_GROUP)
TaxGroupSortField = sort_field_enum("TaxGroupSortField", TAX_GROUP)
TaxGroupOrder = order_input("TaxGroupOrder", TaxGroupSortField, TAX_GROUP)
TaxGroupConnection = connection_type("TaxGroupConnection", "TaxGroup")

Account = object_type("Account", ACCOUNT, bases=(BusinessCentralRecord,))
AccountFilter = filter_input("AccountFilter", ACCOUNT)
AccountSortField = sort_field_enum("AccountSortField", ACCOUNT)
AccountOrder = order_input("AccountOrder", AccountSortField, ACCOUNT)
AccountConnection = connection_type("AccountConnection", "Account")

Vendor = object_type(
    "Vendor",
    VENDOR,
    bases=(BusinessCentralRecord,),
    relations={
        "paymentTerm": strawberry.field(
            resolver=_payment_term,
            graphql_type=lazy("PaymentTerm") | None,
            description="The vendor's payment terms; null when it has none. Read in the "
            "vendor's own call to BC when selected with it.",
        ),
        "purchaseInvoices": strawberry.field(
            resolver=_vendor_invoices,
            graphql_type=lazy("PurchaseInvoiceConnection"),
            description="The vendor's purchase invoices, drafts and posted.",
        ),
    },
)
VendorFilter = filter_input("VendorFilter", VENDOR)
VendorSortField = sort_field_enum("VendorSortField", VENDOR)
VendorOrder = order_input("VendorOrder", VendorSortField, VENDOR)
VendorConnection = connection_type("VendorConnection", "Vendor")

PurchaseInvoice = object_type(
    "PurchaseInvoice",
    PURCHASE_INVOICE,
    bases=(BusinessCentralRecord,),
    relations={
        "vendor": strawberry.field(
            resolver=_invoice_vendor,
            graphql_type=lazy("Vendor") | None,
            description="The vendor the invoice is from. Read in the invoice's own call to "
            "BC when selected with it.",
        ),
        "lines": strawberry.field(
            resolver=_invoice_lines,
            graphql_type=lazy("PurchaseInvoiceLineConnection"),
            description="The invoice's lines, in `sequence` order. Read in the invoice's "
            "own call to BC ($expand) when selected with it.",
        ),
    },
)
PurchaseInvoiceFilter = filter_input("PurchaseInvoiceFilter", PURCHASE_INVOICE)
PurchaseInvoiceSortField = sort_field_enum("PurchaseInvoiceSortField", PURCHASE_INVOICE)
PurchaseInvoiceOrder = order_input(
    "PurchaseInvoiceOrder", PurchaseInvoiceSortField, PURCHASE_INVOICE
)
PurchaseInvoiceConnection = connection_type("PurchaseInvoiceConnection", "PurchaseInvoice")

PurchaseInvoiceLine = object_type(
    "PurchaseInvoiceLine",
    PURCHASE_INVOICE_LINE,
    bases=(BusinessCentralRecord,),
    required=("documentId",),
    relations={
        "invoice": strawberry.field(
            resolver=_line_invoice,
            graphql_type=lazy("PurchaseInvoice") | None,
            description="The invoice the line belongs to.",
        ),
        "account": strawberry.field(
            resolver=_line_account,
            graphql_type=lazy("Account") | None,
            description="The G/L account of an account line; null on other lines.",
        ),
    },
)
PurchaseInvoiceLineFilter = filter_input("PurchaseInvoiceLineFilter", PURCHASE_INVOICE_LINE)
PurchaseInvoiceLineSortField = sort_field_enum(
    "PurchaseInvoiceLineSortField", PURCHASE_INVOICE_LINE
)
PurchaseInvoiceLineOrder = order_input(
    "PurchaseInvoiceLineOrder", PurchaseInvoiceLineSortField, PURCHASE_INVOICE_LINE
)
PurchaseInvoiceLineConnection = connection_type(
    "PurchaseInvoiceLineConnection", "PurchaseInvoiceLine"
)

BalanceSheetLine = object_type(
    "BalanceSheetLine",
    BALANCE_SHEET,
    field_descriptions={
        "id": "This line of this report: derived from the company, lineNumber and the "
        "report's date, so it is the same whenever that line is read again and differs on "
        "another date or company (normalised caches keep each date's numbers apart). Not "
        "BC's id of the line, which is the same on every date."
    },
)
