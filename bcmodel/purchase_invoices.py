from bcmodel.enums import INVOICE_STATUS
from bcmodel.fields import boolean, code, date, datetime, decimal, enum, guid, key, text
from bcmodel.model import Action, Entity, Relation, Watch


def _address(prefix: str, *, read_only: bool = False) -> tuple:  # type: ignore[type-arg]
    return (
        text(f"{prefix}AddressLine1", 100, read_only=read_only),
        text(f"{prefix}AddressLine2", 50, read_only=read_only),
        text(f"{prefix}City", 30, read_only=read_only),
        code(f"{prefix}Country", 10, read_only=read_only),
        text(f"{prefix}State", 30, read_only=read_only),
        code(f"{prefix}PostCode", 20, read_only=read_only),
    )


PURCHASE_INVOICE = Entity(
    name="purchaseInvoice",
    entity_set="purchaseInvoices",
    default_order=("number",),
    title="Purchase Header",
    watch=Watch.WEBHOOK,
    # Posting writes ledger entries: the vendor's balance and accounts' net change move.
    actions=(Action("post", "postInvoice", invalidates=("vendors", "accounts")),),
    # BC recomputes an invoice's lines when its header changes (discount allocation).
    invalidates=("purchaseInvoiceLines",),
    required_one_of=("vendorId", "vendorNumber"),
    fields=(
        key(),
        code("number", 20, read_only=True),
        date("postingDate"),
        date("invoiceDate"),
        date("dueDate"),
        code("vendorInvoiceNumber", 35),
        guid("vendorId"),
        code("vendorNumber", 20),
        text("vendorName", 100, read_only=True),
        text("payToName", 100, read_only=True),
        text("payToContact", 100, read_only=True),
        guid("payToVendorId"),
        code("payToVendorNumber", 20),
        text("shipToName", 100),
        text("shipToContact", 100),
        *_address("buyFrom"),
        *_address("shipTo"),
        *_address("payTo", read_only=True),
        code("shortcutDimension1Code", 20),
        code("shortcutDimension2Code", 20),
        guid("currencyId"),
        code("currencyCode", 10),
        guid("orderId", read_only=True),
        code("orderNumber", 20, read_only=True),
        code("purchaser", 20),
        boolean("pricesIncludeTax"),
        decimal("discountAmount"),
        boolean("discountAppliedBeforeTax", read_only=True),
        decimal("totalAmountExcludingTax", read_only=True),
        decimal("totalTaxAmount", read_only=True),
        decimal("totalAmountIncludingTax", read_only=True),
        enum("status", INVOICE_STATUS, read_only=True),
        datetime(),
    ),
    relations=(
        Relation("vendor", "vendors", "vendorId", nav="vendor"),
        Relation(
            "lines",
            "purchaseInvoiceLines",
            "id",
            "documentId",
            many=True,
            nav="purchaseInvoiceLines",
            contained=True,
        ),
    ),
)
