"""The contract's root query fields: thin adapters over resolvers/queries.py."""

from __future__ import annotations

from typing import Any

import strawberry

from bcmodel.accounts import ACCOUNT
from bcmodel.payment_terms import PAYMENT_TERM
from bcmodel.purchase_invoice_lines import PURCHASE_INVOICE_LINE
from bcmodel.purchase_invoices import PURCHASE_INVOICE
from bcmodel.tax_groups import TAX_GROUP
from bcmodel.vendors import VENDOR
from resolvers import account, queries
from resolvers.pagination import DEFAULT_FIRST
from schema.account import Me
from schema.arguments import After, CompanyId, First, described, filter_of, order_of, record_id
from schema.scalars import Date
from schema.types import (
    Account,
    AccountConnection,
    AccountFilter,
    AccountOrder,
    BalanceSheetLine,
    Company,
    PaymentTerm,
    PaymentTermConnection,
    PaymentTermFilter,
    PaymentTermOrder,
    PurchaseInvoice,
    PurchaseInvoiceConnection,
    PurchaseInvoiceFilter,
    PurchaseInvoiceLine,
    PurchaseInvoiceLineConnection,
    PurchaseInvoiceLineFilter,
    PurchaseInvoiceLineOrder,
    PurchaseInvoiceOrder,
    TaxGroup,
    TaxGroupConnection,
    TaxGroupFilter,
    TaxGroupOrder,
    Vendor,
    VendorConnection,
    VendorFilter,
    VendorOrder,
)

Info = strawberry.Info
RecordId = record_id("The record's id (its `id` field).")


def one(what: str) -> str:
    return f"{what[0].upper()}{what[1:]} with this id; an id BC does not have is NOT_FOUND."


def page(what: str) -> str:
    return f"A page of {what}, filtered and sorted as asked."


@strawberry.type(
    description="Reads: the records of the connection's companies, by id or a page at a "
    "time, the balance sheet, and who is asking."
)
class Query:
    @strawberry.field(
        graphql_type=list[Company],
        description="The companies the user's Business Central connection can reach.",
    )
    async def companies(self, info: Info) -> Any:
        return await queries.companies(info)

    @strawberry.field(graphql_type=Vendor | None, description=one("the vendor"))
    async def vendor(self, info: Info, id: RecordId, company_id: CompanyId = None) -> Any:
        return await queries.one(info, VENDOR, id, company_id)

    @strawberry.field(graphql_type=VendorConnection, description=page("vendors"))
    async def vendors(
        self,
        info: Info,
        filter: filter_of(VendorFilter) = None,
        order_by: order_of(VendorOrder) = None,
        first: First = DEFAULT_FIRST,
        after: After = None,
        company_id: CompanyId = None,
    ) -> Any:
        return await queries.many(info, VENDOR, filter, order_by, first, after, company_id)

    @strawberry.field(graphql_type=PurchaseInvoice | None, description=one("the purchase invoice"))
    async def purchase_invoice(self, info: Info, id: RecordId, company_id: CompanyId = None) -> Any:
        return await queries.one(info, PURCHASE_INVOICE, id, company_id)

    @strawberry.field(
        graphql_type=PurchaseInvoiceConnection,
        description=page("purchase invoices, drafts and posted"),
    )
    async def purchase_invoices(
        self,
        info: Info,
        filter: filter_of(PurchaseInvoiceFilter) = None,
        order_by: order_of(PurchaseInvoiceOrder) = None,
        first: First = DEFAULT_FIRST,
        after: After = None,
        company_id: CompanyId = None,
    ) -> Any:
        return await queries.many(
            info, PURCHASE_INVOICE, filter, order_by, first, after, company_id
        )

    @strawberry.field(
        graphql_type=PurchaseInvoiceLine | None, description=one("the purchase invoice line")
    )
    async def purchase_invoice_line(
        self, info: Info, id: RecordId, company_id: CompanyId = None
    ) -> Any:
        return await queries.one(info, PURCHASE_INVOICE_LINE, id, company_id)

    @strawberry.field(
        graphql_type=PurchaseInvoiceLineConnection,
        description="A page of the lines of one or more invoices, filtered and sorted as "
        "asked. BC lists lines only for given invoices: a filter without a condition on "
        "documentId is BAD_USER_INPUT (PurchaseInvoice.lines reads one invoice's).",
    )
    async def purchase_invoice_lines(
        self,
        info: Info,
        filter: filter_of(PurchaseInvoiceLineFilter) = None,
        order_by: order_of(PurchaseInvoiceLineOrder) = None,
        first: First = DEFAULT_FIRST,
        after: After = None,
        company_id: CompanyId = None,
    ) -> Any:
        return await queries.many(
            info, PURCHASE_INVOICE_LINE, filter, order_by, first, after, company_id
        )

    @strawberry.field(graphql_type=Account | None, description=one("the G/L account"))
    async def account(self, info: Info, id: RecordId, company_id: CompanyId = None) -> Any:
        return await queries.one(info, ACCOUNT, id, company_id)

    @strawberry.field(graphql_type=AccountConnection, description=page("G/L accounts"))
    async def accounts(
        self,
        info: Info,
        filter: filter_of(AccountFilter) = None,
        order_by: order_of(AccountOrder) = None,
        first: First = DEFAULT_FIRST,
        after: After = None,
        company_id: CompanyId = None,
    ) -> Any:
        return await queries.many(info, ACCOUNT, filter, order_by, first, after, company_id)

    @strawberry.field(graphql_type=TaxGroup | None, description=one("the tax group"))
    async def tax_group(self, info: Info, id: RecordId, company_id: CompanyId = None) -> Any:
        return await queries.one(info, TAX_GROUP, id, company_id)

    @strawberry.field(graphql_type=TaxGroupConnection, description=page("tax groups"))
    async def tax_groups(
        self,
        info: Info,
        filter: filter_of(TaxGroupFilter) = None,
        order_by: order_of(TaxGroupOrder) = None,
        first: First = DEFAULT_FIRST,
        after: After = None,
        company_id: CompanyId = None,
    ) -> Any:
        return await queries.many(info, TAX_GROUP, filter, order_by, first, after, company_id)

    @strawberry.field(graphql_type=PaymentTerm | None, description=one("the payment terms"))
    async def payment_term(self, info: Info, id: RecordId, company_id: CompanyId = None) -> Any:
        return await queries.one(info, PAYMENT_TERM, id, company_id)

    @strawberry.field(graphql_type=PaymentTermConnection, description=page("payment terms"))
    async def payment_terms(
        self,
        info: Info,
        filter: filter_of(PaymentTermFilter) = None,
        order_by: order_of(PaymentTermOrder) = None,
        first: First = DEFAULT_FIRST,
        after: After = None,
        company_id: CompanyId = None,
    ) -> Any:
        return await queries.many(info, PAYMENT_TERM, filter, order_by, first, after, company_id)

    @strawberry.field(
        graphql_type=list[BalanceSheetLine],
        description="BC's balance sheet report as of a date, ordered by line number.",
    )
    async def balance_sheet(
        self,
        info: Info,
        date: described(Date, "The date the report is as of."),
        company_id: CompanyId = None,
    ) -> Any:
        return await queries.balance_sheet(info, date, company_id)

    @strawberry.field(
        graphql_type=Me,
        description="Who is asking, and their Business Central connection (no BC call).",
    )
    async def me(self, info: Info) -> Any:
        return await account.me(info)
