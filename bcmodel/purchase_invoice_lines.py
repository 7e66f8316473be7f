from bcmodel.enums import LINE_TYPE
from bcmodel.fields import boolean, code, date, decimal, enum, guid, integer, key, text
from bcmodel.model import Entity, Relation, Watch

# BC's lines come from a temporary table: no webhooks, no lastModifiedDateTime;
# a change to a line notifies its invoice instead. The page loads the invoice's lines
# into it and then applies the request's view, so `$orderby` sorts by any of these
# fields (none is a FlowField); the table's key (Document Id, Line No.) is the default
# order and breaks ties, which keeps `$skip` paging stable.
PURCHASE_INVOICE_LINE = Entity(
    name="purchaseInvoiceLine",
    entity_set="purchaseInvoiceLines",
    default_order=("documentId", "sequence"),
    title="Purchase Line",
    parent="invoice",
    watch=Watch.PARENT,
    # BC recomputes the invoice's totals and etag when a line changes.
    invalidates=("purchaseInvoices",),
    fields=(
        key(),
        guid("documentId"),
        integer("sequence"),
        guid("itemId"),
        guid("accountId"),
        enum("lineType", LINE_TYPE),
        code("lineObjectNumber", 20),
        text("description", 100),
        text("description2", 50),
        guid("unitOfMeasureId"),
        code("unitOfMeasureCode", 10),
        decimal("unitCost"),
        decimal("quantity"),
        decimal("discountAmount"),
        decimal("discountPercent"),
        boolean("discountAppliedBeforeTax", read_only=True),
        decimal("amountExcludingTax", read_only=True),
        code("taxCode", 20),
        decimal("taxPercent", read_only=True),
        decimal("totalTaxAmount", read_only=True),
        decimal("amountIncludingTax", read_only=True),
        decimal("invoiceDiscountAllocation", ignored=True),
        decimal("netAmount", ignored=True),
        decimal("netTaxAmount", ignored=True),
        decimal("netAmountIncludingTax", ignored=True),
        date("expectedReceiptDate"),
        guid("itemVariantId"),
        guid("locationId"),
    ),
    relations=(
        Relation("invoice", "purchaseInvoices", "documentId", nav="purchaseInvoice"),
        Relation("account", "accounts", "accountId", nav="account"),
    ),
)
