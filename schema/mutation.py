"""The contract's mutations: thin adapters over resolvers/mutations.py and resolvers/account.py.

Fields run one after another, in document order (GraphQL's rule for mutations);
independent creates next to each other may share one $batch (resolvers/write_batch.py).
"""

from __future__ import annotations

from typing import Any

import strawberry

from bcmodel.payment_terms import PAYMENT_TERM
from bcmodel.purchase_invoice_lines import PURCHASE_INVOICE_LINE
from bcmodel.purchase_invoices import PURCHASE_INVOICE
from bcmodel.tax_groups import TAX_GROUP
from bcmodel.vendors import VENDOR
from resolvers import account, mutations
from schema.account import Me
from schema.inputs import (
    CreatePaymentTermInput,
    CreatePurchaseInvoiceInput,
    CreatePurchaseInvoiceLineInput,
    CreateTaxGroupInput,
    CreateVendorInput,
    UpdatePaymentTermInput,
    UpdatePurchaseInvoiceInput,
    UpdatePurchaseInvoiceLineInput,
    UpdateTaxGroupInput,
    UpdateVendorInput,
)
from schema.scalars import UUID
from schema.types import PaymentTerm, PurchaseInvoice, PurchaseInvoiceLine, TaxGroup, Vendor

Info = strawberry.Info

UPDATE = (
    "Changes only the fields given. With `etag` (as read) a record changed since is a "
    "CONFLICT carrying its currentEtag; without it the change overwrites."
)
DELETE = "Deletes the record (guarded by `etag` when given); returns its id."


@strawberry.type
class Mutation:
    # -- vendors ----------------------------------------------------------------------

    @strawberry.mutation(graphql_type=Vendor)
    async def create_vendor(
        self, info: Info, input: CreateVendorInput, company_id: UUID | None = None
    ) -> Any:
        return await mutations.create(info, VENDOR, input, company_id)

    @strawberry.mutation(graphql_type=Vendor, description=UPDATE)
    async def update_vendor(
        self,
        info: Info,
        id: UUID,
        input: UpdateVendorInput,
        etag: str | None = None,
        company_id: UUID | None = None,
    ) -> Any:
        return await mutations.update(info, VENDOR, id, input, etag, company_id)

    @strawberry.mutation(graphql_type=UUID, description=DELETE)
    async def delete_vendor(
        self, info: Info, id: UUID, etag: str | None = None, company_id: UUID | None = None
    ) -> Any:
        return await mutations.delete(info, VENDOR, id, etag, company_id)

    # -- purchase invoices ------------------------------------------------------------

    @strawberry.mutation(
        graphql_type=PurchaseInvoice,
        description="A draft invoice; with `lines`, one call to BC creates them all.",
    )
    async def create_purchase_invoice(
        self, info: Info, input: CreatePurchaseInvoiceInput, company_id: UUID | None = None
    ) -> Any:
        return await mutations.create(info, PURCHASE_INVOICE, input, company_id)

    @strawberry.mutation(graphql_type=PurchaseInvoice, description=UPDATE)
    async def update_purchase_invoice(
        self,
        info: Info,
        id: UUID,
        input: UpdatePurchaseInvoiceInput,
        etag: str | None = None,
        company_id: UUID | None = None,
    ) -> Any:
        return await mutations.update(info, PURCHASE_INVOICE, id, input, etag, company_id)

    @strawberry.mutation(graphql_type=UUID, description=DELETE)
    async def delete_purchase_invoice(
        self, info: Info, id: UUID, etag: str | None = None, company_id: UUID | None = None
    ) -> Any:
        return await mutations.delete(info, PURCHASE_INVOICE, id, etag, company_id)

    @strawberry.mutation(
        graphql_type=PurchaseInvoice,
        description="Posts a draft invoice (BC's Microsoft.NAV.post) and returns it posted.",
    )
    async def post_invoice(self, info: Info, id: UUID, company_id: UUID | None = None) -> Any:
        return await mutations.action(info, PURCHASE_INVOICE, "post", id, company_id)

    # -- purchase invoice lines -------------------------------------------------------

    @strawberry.mutation(graphql_type=PurchaseInvoiceLine)
    async def create_purchase_invoice_line(
        self,
        info: Info,
        invoice_id: UUID,
        input: CreatePurchaseInvoiceLineInput,
        company_id: UUID | None = None,
    ) -> Any:
        return await mutations.create(info, PURCHASE_INVOICE_LINE, input, company_id, invoice_id)

    @strawberry.mutation(graphql_type=PurchaseInvoiceLine, description=UPDATE)
    async def update_purchase_invoice_line(
        self,
        info: Info,
        invoice_id: UUID,
        id: UUID,
        input: UpdatePurchaseInvoiceLineInput,
        etag: str | None = None,
        company_id: UUID | None = None,
    ) -> Any:
        return await mutations.update(
            info, PURCHASE_INVOICE_LINE, id, input, etag, company_id, invoice_id
        )

    @strawberry.mutation(graphql_type=UUID, description=DELETE)
    async def delete_purchase_invoice_line(
        self,
        info: Info,
        invoice_id: UUID,
        id: UUID,
        etag: str | None = None,
        company_id: UUID | None = None,
    ) -> Any:
        return await mutations.delete(info, PURCHASE_INVOICE_LINE, id, etag, company_id, invoice_id)

    # -- tax groups -------------------------------------------------------------------

    @strawberry.mutation(graphql_type=TaxGroup)
    async def create_tax_group(
        self, info: Info, input: CreateTaxGroupInput, company_id: UUID | None = None
    ) -> Any:
        return await mutations.create(info, TAX_GROUP, input, company_id)

    @strawberry.mutation(graphql_type=TaxGroup, description=UPDATE)
    async def update_tax_group(
        self,
        info: Info,
        id: UUID,
        input: UpdateTaxGroupInput,
        etag: str | None = None,
        company_id: UUID | None = None,
    ) -> Any:
        return await mutations.update(info, TAX_GROUP, id, input, etag, company_id)

    @strawberry.mutation(graphql_type=UUID, description=DELETE)
    async def delete_tax_group(
        self, info: Info, id: UUID, etag: str | None = None, company_id: UUID | None = None
    ) -> Any:
        return await mutations.delete(info, TAX_GROUP, id, etag, company_id)

    # -- payment terms ----------------------------------------------------------------

    @strawberry.mutation(graphql_type=PaymentTerm)
    async def create_payment_term(
        self, info: Info, input: CreatePaymentTermInput, company_id: UUID | None = None
    ) -> Any:
        return await mutations.create(info, PAYMENT_TERM, input, company_id)

    @strawberry.mutation(graphql_type=PaymentTerm, description=UPDATE)
    async def update_payment_term(
        self,
        info: Info,
        id: UUID,
        input: UpdatePaymentTermInput,
        etag: str | None = None,
        company_id: UUID | None = None,
    ) -> Any:
        return await mutations.update(info, PAYMENT_TERM, id, input, etag, company_id)

    @strawberry.mutation(graphql_type=UUID, description=DELETE)
    async def delete_payment_term(
        self, info: Info, id: UUID, etag: str | None = None, company_id: UUID | None = None
    ) -> Any:
        return await mutations.delete(info, PAYMENT_TERM, id, etag, company_id)

    # -- the connection ---------------------------------------------------------------

    @strawberry.mutation(
        graphql_type=Me,
        description="Chooses the company used when a field is given no companyId; it must "
        "be one of the connection's companies.",
    )
    async def set_default_company(self, info: Info, company_id: UUID) -> Any:
        return await account.set_default_company(info, company_id)

    @strawberry.mutation(
        description="Deletes the user's connection (and its tokens); true if there was one."
    )
    async def disconnect(self, info: Info) -> bool:
        return await account.disconnect(info)
