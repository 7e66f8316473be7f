from bcmodel.fields import (
    address,
    boolean,
    code,
    date,
    datetime,
    dimension_fields,
    enum,
    key,
    text,
)
from bcmodel.line_amounts import total_fields
from bcmodel.logic import Logic
from bcmodel.model import Action, Entity, GraphQL, NumberSeries, Watch
from bcmodel.purchase_documents import (
    header_relations,
    pay_to_fields,
    terms_fields,
    vendor_fields,
)
from bcmodel.purchase_enums import PURCHASE_ORDER_STATUS
from bcmodel.relations import attachments, dimension_set_lines

# BC's page APIV2PurchaseOrders (page 30066) over the Purchase Order Entity Buffer: open
# orders only; receiving and invoicing one posts it and removes it.
PURCHASE_ORDER = Entity(
    name="purchaseOrder",
    entity_set="purchaseOrders",
    default_order=("number",),
    title="Purchase Header",
    table="Purchase Order Entity Buffer",
    description="A purchase order: goods or services the company ordered from a vendor, "
    "until they are received and invoiced.",
    watch=Watch.WEBHOOK,
    actions=(
        Action(
            "receiveAndInvoice",
            "receiveAndInvoicePurchaseOrder",
            invalidates=(
                "purchaseInvoices",
                "purchaseInvoiceLines",
                "purchaseReceipts",
                "purchaseReceiptLines",
                "purchaseOrderLines",
                "vendors",
                "accounts",
                "generalLedgerEntries",
            ),
            description="Receives and invoices the whole order (BC's Microsoft.NAV."
            "receiveAndInvoice): BC posts a receipt and an invoice, writes the invoice's "
            "ledger entries, raises the vendor's balance and removes the order. Returns the "
            "posted invoice.",
            record="The id of the order to receive and invoice.",
            result="purchaseInvoices",
            result_key="orderId",
        ),
    ),
    invalidates=("purchaseOrderLines",),
    children_change_while=("status", "Draft"),
    required_one_of=("vendorId", "vendorNumber"),
    graphql=GraphQL(
        several="purchase orders",
        create_description="Creates an order and returns it as BC stored it; with `lines`, "
        "one call to BC creates them all.",
        create_input="A new purchase order, to the vendor given by vendorId or vendorNumber; "
        "BC fills in the vendor's addresses, currency and payment terms, numbers it and "
        "computes its totals from its lines.",
        update_input="Lines change one by one.",
    ),
    number_series=NumberSeries("number", first="106001"),
    logic=Logic.PURCHASE_ORDER,
    fields=(
        key("BC's id of the order; the single-record queries and the mutations take it."),
        code(
            "number",
            20,
            read_only=True,
            description="The order's number (BC's No.), from BC's number series.",
        ),
        date(
            "orderDate",
            description="The order's date (BC's Document Date); BC computes the due date from it.",
        ),
        date("postingDate", description="The date the order is posted on, when it is."),
        *vendor_fields("order"),
        *pay_to_fields(),
        text("shipToName", 100, description="The name of whoever receives the goods."),
        text("shipToContact", 100, description="The contact who receives the goods."),
        *address("buyFrom", "the buy-from vendor's"),
        *address("payTo", "the pay-to vendor's", read_only=True),
        *address("shipTo", "the ship-to"),
        *dimension_fields("order"),
        *terms_fields("order")[:2],
        boolean(
            "pricesIncludeTax",
            description="Whether the lines' unit costs include tax (BC's Prices Including VAT).",
        ),
        *terms_fields("order")[2:],
        date(
            "requestedReceiptDate",
            description="When the company asked to receive the goods.",
        ),
        *total_fields("order"),
        boolean(
            "fullyReceived",
            description="Whether every line has been received (BC's Completely Received).",
        ),
        enum(
            "status",
            PURCHASE_ORDER_STATUS,
            read_only=True,
            description="Where the order is in its life: DRAFT while it can change.",
        ),
        datetime(),
    ),
    relations=(
        attachments("order"),
        *header_relations("order", "purchaseOrderLines", "purchaseOrderLines"),
        dimension_set_lines("order's", "Purchase Order"),
    ),
)
