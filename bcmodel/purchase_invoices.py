from bcmodel.enums import INVOICE_STATUS
from bcmodel.fields import (
    address,
    boolean,
    code,
    date,
    datetime,
    decimal,
    enum,
    guid,
    key,
    salesperson,
    text,
)
from bcmodel.logic import Logic
from bcmodel.model import Action, Entity, GraphQL, NumberSeries, Relation, Watch
from bcmodel.relations import attachments, dimension_set_lines, document_attachments, pdf_document

PURCHASE_INVOICE = Entity(
    name="purchaseInvoice",
    entity_set="purchaseInvoices",
    default_order=("number",),
    title="Purchase Header",
    table="Purch. Inv. Entity Aggregate",
    description="A purchase invoice: a vendor's bill, as a draft that can change and be "
    "posted, or posted (BC lists both together).",
    watch=Watch.WEBHOOK,
    # Posting writes ledger entries: the vendor's balance and accounts' net change move.
    actions=(
        Action(
            "post",
            "postInvoice",
            invalidates=("vendors", "accounts"),
            description="Posts a draft invoice (BC's Microsoft.NAV.post) and returns it posted.",
            record="The id of the draft invoice to post.",
        ),
    ),
    # BC recomputes an invoice's lines when its header changes (discount allocation).
    invalidates=("purchaseInvoiceLines",),
    # Only a draft's lines can be written (posting is final).
    children_change_while=("status", "Draft"),
    required_one_of=("vendorId", "vendorNumber"),
    graphql=GraphQL(
        several="purchase invoices, drafts and posted",
        create_description="Creates a draft invoice and returns it as BC stored it; with "
        "`lines`, one call to BC creates them all.",
        create_input="A new draft invoice, of the vendor given by vendorId or vendorNumber; "
        "BC numbers it and computes its totals from its lines.",
        update_input="Lines change one by one.",
    ),
    number_series=NumberSeries("number", first="107001"),
    # Vendor defaults, totals from the lines, due dates, posting.
    logic=Logic.PURCHASE_INVOICE,
    fields=(
        key(
            "BC's id of the invoice. It stays the same when the invoice is posted; the "
            "single-record queries and the mutations take it."
        ),
        code(
            "number",
            20,
            read_only=True,
            description="The invoice's number (BC's No.), from BC's number series.",
        ),
        date("postingDate", description="The date the invoice is posted on, or will be."),
        date(
            "invoiceDate",
            description="The invoice's date (BC's Document Date); BC computes the due date "
            "from it.",
        ),
        date(
            "dueDate",
            description="When the invoice must be paid; BC computes it from the invoice "
            "date and the payment terms unless it is given.",
        ),
        code(
            "vendorInvoiceNumber",
            35,
            description="The vendor's own number for the invoice (BC's Vendor Invoice No.); "
            "BC may require it for posting.",
        ),
        guid(
            "vendorId",
            description="The id of the vendor the invoice is from (the buy-from vendor). A "
            "new invoice needs vendorId or vendorNumber.",
        ),
        code(
            "vendorNumber",
            20,
            description="The number of the vendor the invoice is from (BC's Buy-from Vendor No.).",
        ),
        text(
            "vendorName",
            100,
            read_only=True,
            description="The name of the vendor the invoice is from, as BC filled it in.",
        ),
        text(
            "payToName",
            100,
            read_only=True,
            description="The name of the vendor to pay, as BC filled it in.",
        ),
        text(
            "payToContact",
            100,
            read_only=True,
            description="The contact at the vendor to pay, as BC filled it in.",
        ),
        guid(
            "payToVendorId",
            description="The id of the vendor to pay; BC takes the buy-from vendor unless it "
            "is given.",
        ),
        code(
            "payToVendorNumber",
            20,
            description="The number of the vendor to pay (BC's Pay-to Vendor No.).",
        ),
        text("shipToName", 100, description="The name of whoever receives the goods."),
        text("shipToContact", 100, description="The contact who receives the goods."),
        *address("buyFrom", "the buy-from vendor's"),
        *address("shipTo", "the ship-to"),
        *address("payTo", "the pay-to vendor's", read_only=True),
        code(
            "shortcutDimension1Code",
            20,
            caption="Shortcut Dimension 1 Code",
            description="The invoice's value of the first global dimension, such as a "
            "department (BC's Shortcut Dimension 1 Code).",
        ),
        code(
            "shortcutDimension2Code",
            20,
            caption="Shortcut Dimension 2 Code",
            description="The invoice's value of the second global dimension, such as a "
            "project (BC's Shortcut Dimension 2 Code).",
        ),
        guid(
            "currencyId",
            description="The id of the invoice's currency; none means the company's local "
            "currency. Setting it sets currencyCode too.",
        ),
        code(
            "currencyCode",
            10,
            description="The code of the invoice's currency, such as EUR; BC shows the local "
            "currency's code for an invoice in it. It must agree with currencyId when both "
            "are given.",
        ),
        guid(
            "orderId",
            read_only=True,
            description="The id of the purchase order the invoice was made from, if any.",
        ),
        code(
            "orderNumber",
            20,
            read_only=True,
            description="The number of the purchase order the invoice was made from, if any.",
        ),
        salesperson(
            "purchaser",
            caption="Purchaser Code",
            description="The code of the purchaser in charge (BC's Purchaser Code); BC "
            "refuses one that names no salesperson/purchaser.",
        ),
        boolean(
            "pricesIncludeTax",
            description="Whether the lines' unit costs include tax (BC's Prices Including VAT).",
        ),
        decimal(
            "discountAmount",
            description="The invoice discount, as an amount; BC spreads it over the lines.",
        ),
        boolean(
            "discountAppliedBeforeTax",
            read_only=True,
            description="Whether the invoice discount is taken before tax is computed.",
        ),
        decimal(
            "totalAmountExcludingTax",
            read_only=True,
            description="The invoice's total without tax, computed by BC from the lines.",
        ),
        decimal(
            "totalTaxAmount",
            read_only=True,
            description="The invoice's total tax, computed by BC from the lines.",
        ),
        decimal(
            "totalAmountIncludingTax",
            read_only=True,
            description="The invoice's total with tax, computed by BC from the lines.",
        ),
        enum(
            "status",
            INVOICE_STATUS,
            read_only=True,
            description="Where the invoice is in its life: DRAFT until posted, then OPEN "
            "until paid.",
        ),
        datetime(),
    ),
    relations=(
        attachments("invoice"),
        document_attachments("invoice"),
        pdf_document("invoice"),
        Relation(
            "vendor",
            "vendors",
            "vendorId",
            nav="vendor",
            description="The vendor the invoice is from. Read in the invoice's own call to "
            "BC when selected with it.",
            checked=True,
        ),
        Relation(
            "currency",
            "currencies",
            "currencyId",
            nav="currency",
            description="The invoice's currency; null for the company's local currency. Read "
            "in the invoice's own call to BC when selected with it.",
            checked=True,
        ),
        Relation(
            "lines",
            "purchaseInvoiceLines",
            "id",
            "documentId",
            many=True,
            nav="purchaseInvoiceLines",
            contained=True,
            description="The invoice's lines, in `sequence` order. Read in the invoice's own "
            "call to BC ($expand) when selected with it.",
            created="Lines created with the invoice, in one call to BC (a deep insert); left "
            "out or null: none.",
        ),
        dimension_set_lines("invoice's", "Purchase Invoice"),
    ),
)
