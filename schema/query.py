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
from schema.account import Me
from schema.scalars import UUID, Date
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


@strawberry.type
class Query:
    @strawberry.field(graphql_type=list[Company], description="The companies of the connection.")
    async def companies(self, info: Info) -> Any:
        return await queries.companies(info)

    @strawberry.field(graphql_type=Vendor | None)
    async def vendor(self, info: Info, id: UUID, company_id: UUID | None = None) -> Any:
        return await queries.one(info, VENDOR, id, company_id)

    @strawberry.field(graphql_type=VendorConnection)
    async def vendors(
        self,
        info: Info,
        filter: VendorFilter | None = None,
        order_by: list[VendorOrder] | None = None,
        first: int | None = 50,
        after: str | None = None,
        company_id: UUID | None = None,
    ) -> Any:
        return await queries.many(info, VENDOR, filter, order_by, first, after, company_id)

    @strawberry.field(graphql_type=PurchaseInvoice | None)
    async def purchase_invoice(self, info: Info, id: UUID, company_id: UUID | None = None) -> Any:
        return await queries.one(info, PURCHASE_INVOICE, id, company_id)

    @strawberry.field(graphql_type=PurchaseInvoiceConnection)
    async def purchase_invoices(
        self,
        info: Info,
        filter: PurchaseInvoiceFilter | None = None,
        order_by: list[PurchaseInvoiceOrder] | None = None,
        first: int | None = 50,
        after: str | None = None,
        company_id: UUID | None = None,
    ) -> Any:
        return await queries.many(
            info, PURCHASE_INVOICE, filter, order_by, first, after, company_id
        )

    @strawberry.field(graphql_type=PurchaseInvoiceLine | None)
    async def purchase_invoice_line(
        self, info: Info, id: UUID, company_id: UUID | None = None
    ) -> Any:
        return await queries.one(info, PURCHASE_INVOICE_LINE, id, company_id)

    @strawberry.field(
        graphql_type=PurchaseInvoiceLineConnection,
        description="Lines of one or more invoices: BC requires a documentId filter.",
    )
    async def purchase_invoice_lines(
        self,
        info: Info,
        filter: PurchaseInvoiceLineFilter | None = None,
        order_by: list[PurchaseInvoiceLineOrder] | None = None,
        first: int | None = 50,
        after: str | None = None,
        company_id: UUID | None = None,
    ) -> Any:
        return await queries.many(
            info, PURCHASE_INVOICE_LINE, filter, order_by, first, after, company_id
        )

    @strawberry.field(graphql_type=Account | None)
    async def account(self, info: Info, id: UUID, company_id: UUID | None = None) -> Any:
        return await queries.one(info, ACCOUNT, id, company_id)

    @strawberry.field(graphql_type=AccountConnection)
    async def accounts(
        self,
        info: Info,
        filter: AccountFilter | None = None,
        order_by: list[AccountOrder] | None = None,
        first: int | None = 50,
        after: str | None = None,
        company_id: UUID | None = None,
    ) -> Any:
        return await queries.many(info, ACCOUNT, filter, order_by, first, after, company_id)

    @strawberry.field(graphql_type=TaxGroup | None)
    async def tax_group(self, info: Info, id: UUID, company_id: UUID | None = None) -> Any:
        return await queries.one(info, TAX_GROUP, id, company_id)

    @strawberry.field(graphql_type=TaxGroupConnection)
    async def tax_groups(
        self,
        info: Info,
        filter: TaxGroupFilter | None = None,
        order_by: list[TaxGroupOrder] | None = None,
        first: int | None = 50,
        after: str | None = None,
        company_id: UUID | None = None,
    ) -> Any:
        return await queries.many(info, TAX_GROUP, filter, order_by, first, after, company_id)

    @strawberry.field(graphql_type=PaymentTerm | None)
    async def payment_term(self, info: Info, id: UUID, company_id: UUID | None = None) -> Any:
        return await queries.one(info, PAYMENT_TERM, id, company_id)

    @strawberry.field(graphql_type=PaymentTermConnection)
    async def payment_terms(
        self,
        info: Info,
        filter: PaymentTermFilter | None = None,
        order_by: list[PaymentTermOrder] | None = None,
        first: int | None = 50,
        after: str | None = None,
        company_id: UUID | None = None,
    ) -> Any:
        return await queries.many(info, PAYMENT_TERM, filter, order_by, first, after, company_id)

    @strawberry.field(
        graphql_type=list[BalanceSheetLine],
        description="BC's balance sheet report as of a date, ordered by line number.",
    )
    async def balance_sheet(self, info: Info, date: Date, company_id: UUID | None = None) -> Any:
        return await queries.balance_sheet(info, date, company_id)

    @strawberry.field(
        graphql_type=Me,
        description="Who is asking, and their Business Central connection (no BC call).",
    )
    async def me(self, info: Info) -> Any:
        return await account.me(info)
