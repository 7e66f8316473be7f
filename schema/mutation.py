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
from schema.arguments import CompanyId, Etag, described, record_id
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

ChangedId = record_id("The id of the record to change.")
DeletedId = record_id("The id of the record to delete.")
InvoiceId = record_id("The id of the invoice the line belongs to.")


def new(kind: Any) -> Any:
    return described(kind, "The new record's fields; those left out or null get BC's defaults.")


def changes(kind: Any) -> Any:
    return described(
        kind, "The fields to change: only those given change; null clears one where it can."
    )


def created(what: str) -> str:
    return f"Creates {what} and returns it as BC stored it."


@strawberry.type(
    description="Writes to Business Central. The fields of a mutation run one after another, "
    "in document order; creates next to each other may share one BC $batch."
)
class Mutation:
    # -- vendors ----------------------------------------------------------------------

    @strawberry.mutation(graphql_type=Vendor, description=created("a vendor"))
    async def create_vendor(
        self, info: Info, input: new(CreateVendorInput), company_id: CompanyId = None
    ) -> Any:
        return await mutations.create(info, VENDOR, input, company_id)

    @strawberry.mutation(graphql_type=Vendor, description=UPDATE)
    async def update_vendor(
        self,
        info: Info,
        id: ChangedId,
        input: changes(UpdateVendorInput),
        etag: Etag = None,
        company_id: CompanyId = None,
    ) -> Any:
        return await mutations.update(info, VENDOR, id, input, etag, company_id)

    @strawberry.mutation(graphql_type=UUID, description=DELETE)
    async def delete_vendor(
        self, info: Info, id: DeletedId, etag: Etag = None, company_id: CompanyId = None
    ) -> Any:
        return await mutations.delete(info, VENDOR, id, etag, company_id)

    # -- purchase invoices ------------------------------------------------------------

    @strawberry.mutation(
        graphql_type=PurchaseInvoice,
        description="Creates a draft invoice and returns it as BC stored it; with `lines`, "
        "one call to BC creates them all.",
    )
    async def create_purchase_invoice(
        self, info: Info, input: new(CreatePurchaseInvoiceInput), company_id: CompanyId = None
    ) -> Any:
        return await mutations.create(info, PURCHASE_INVOICE, input, company_id)

    @strawberry.mutation(graphql_type=PurchaseInvoice, description=UPDATE)
    async def update_purchase_invoice(
        self,
        info: Info,
        id: ChangedId,
        input: changes(UpdatePurchaseInvoiceInput),
        etag: Etag = None,
        company_id: CompanyId = None,
    ) -> Any:
        return await mutations.update(info, PURCHASE_INVOICE, id, input, etag, company_id)

    @strawberry.mutation(graphql_type=UUID, description=DELETE)
    async def delete_purchase_invoice(
        self, info: Info, id: DeletedId, etag: Etag = None, company_id: CompanyId = None
    ) -> Any:
        return await mutations.delete(info, PURCHASE_INVOICE, id, etag, company_id)

    @strawberry.mutation(
        graphql_type=PurchaseInvoice,
        description="Posts a draft invoice (BC's Microsoft.NAV.post) and returns it posted.",
    )
    async def post_invoice(
        self,
        info: Info,
        id: record_id("The id of the draft invoice to post."),
        company_id: CompanyId = None,
    ) -> Any:
        return await mutations.action(info, PURCHASE_INVOICE, "post", id, company_id)

    # -- purchase invoice lines -------------------------------------------------------

    @strawberry.mutation(
        graphql_type=PurchaseInvoiceLine, description=created("a line of a draft invoice")
    )
    async def create_purchase_invoice_line(
        self,
        info: Info,
        invoice_id: InvoiceId,
        input: new(CreatePurchaseInvoiceLineInput),
        company_id: CompanyId = None,
    ) -> Any:
        return await mutations.create(info, PURCHASE_INVOICE_LINE, input, company_id, invoice_id)

    @strawberry.mutation(graphql_type=PurchaseInvoiceLine, description=UPDATE)
    async def update_purchase_invoice_line(
        self,
        info: Info,
        invoice_id: InvoiceId,
        id: ChangedId,
        input: changes(UpdatePurchaseInvoiceLineInput),
        etag: Etag = None,
        company_id: CompanyId = None,
    ) -> Any:
        return await mutations.update(
            info, PURCHASE_INVOICE_LINE, id, input, etag, company_id, invoice_id
        )

    @strawberry.mutation(graphql_type=UUID, description=DELETE)
    async def delete_purchase_invoice_line(
        self,
        info: Info,
        invoice_id: InvoiceId,
        id: DeletedId,
        etag: Etag = None,
        company_id: CompanyId = None,
    ) -> Any:
        return await mutations.delete(info, PURCHASE_INVOICE_LINE, id, etag, company_id, invoice_id)

    # -- tax groups -------------------------------------------------------------------

    @strawberry.mutation(graphql_type=TaxGroup, description=created("a tax group"))
    async def create_tax_group(
        self, info: Info, input: new(CreateTaxGroupInput), company_id: CompanyId = None
    ) -> Any:
        return await mutations.create(info, TAX_GROUP, input, company_id)

    @strawberry.mutation(graphql_type=TaxGroup, description=UPDATE)
    async def update_tax_group(
        self,
        info: Info,
        id: ChangedId,
        input: changes(UpdateTaxGroupInput),
        etag: Etag = None,
        company_id: CompanyId = None,
    ) -> Any:
        return await mutations.update(info, TAX_GROUP, id, input, etag, company_id)

    @strawberry.mutation(graphql_type=UUID, description=DELETE)
    async def delete_tax_group(
        self, info: Info, id: DeletedId, etag: Etag = None, company_id: CompanyId = None
    ) -> Any:
        return await mutations.delete(info, TAX_GROUP, id, etag, company_id)

    # -- payment terms ----------------------------------------------------------------

    @strawberry.mutation(graphql_type=PaymentTerm, description=created("payment terms"))
    async def create_payment_term(
        self, info: Info, input: new(CreatePaymentTermInput), company_id: CompanyId = None
    ) -> Any:
        return await mutations.create(info, PAYMENT_TERM, input, company_id)

    @strawberry.mutation(graphql_type=PaymentTerm, description=UPDATE)
    async def update_payment_term(
        self,
        info: Info,
        id: ChangedId,
        input: changes(UpdatePaymentTermInput),
        etag: Etag = None,
        company_id: CompanyId = None,
    ) -> Any:
        return await mutations.update(info, PAYMENT_TERM, id, input, etag, company_id)

    @strawberry.mutation(graphql_type=UUID, description=DELETE)
    async def delete_payment_term(
        self, info: Info, id: DeletedId, etag: Etag = None, company_id: CompanyId = None
    ) -> Any:
        return await mutations.delete(info, PAYMENT_TERM, id, etag, company_id)

    # -- the connection ---------------------------------------------------------------

    @strawberry.mutation(
        graphql_type=Me,
        description="Chooses the company used when a field is given no companyId; it must "
        "be one of the connection's companies.",
    )
    async def set_default_company(
        self,
        info: Info,
        company_id: record_id("The company to use by default: one of `companies`."),
    ) -> Any:
        return await account.set_default_company(info, company_id)

    @strawberry.mutation(
        description="Deletes the user's connection (and its tokens); true if there was one."
    )
    async def disconnect(self, info: Info) -> bool:
        return await account.disconnect(info)
