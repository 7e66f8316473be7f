from bcmodel.fields import address, code, date, datetime, key, text
from bcmodel.model import Entity, GraphQL, Relation, Watch
from bcmodel.relations import dimension_set_lines

# BC's page APIV2PurchaseReceipts (page 30064) over the Purch. Rcpt. Header: read-only,
# written only by posting an order's receipt.
PURCHASE_RECEIPT = Entity(
    name="purchaseReceipt",
    entity_set="purchaseReceipts",
    default_order=("number",),
    title="Purch. Rcpt. Header",
    description="A posted purchase receipt: the goods of a purchase order the company "
    "received. BC's API only reads them.",
    insertable=False,
    updatable=False,
    deletable=False,
    watch=Watch.WEBHOOK,
    graphql=GraphQL(several="posted purchase receipts"),
    fields=(
        key(),
        code("number", 20, read_only=True, description="The receipt's number (BC's No.)."),
        date(
            "invoiceDate",
            read_only=True,
            description="The date of the order the receipt posted (BC's Document Date).",
        ),
        date("postingDate", read_only=True, description="The date the receipt was posted on."),
        date("dueDate", read_only=True, description="The due date of the order it posted."),
        code(
            "vendorNumber",
            20,
            read_only=True,
            description="The number of the vendor the goods came from (BC's Buy-from Vendor No.).",
        ),
        text("vendorName", 100, read_only=True, description="The name of that vendor."),
        text("payToName", 100, read_only=True, description="The name of the vendor to pay."),
        text("payToContact", 100, read_only=True, description="The contact at the vendor to pay."),
        code(
            "payToVendorNumber",
            20,
            read_only=True,
            description="The number of the vendor to pay (BC's Pay-to Vendor No.).",
        ),
        text("shipToName", 100, read_only=True, description="The name of who received them."),
        text("shipToContact", 100, read_only=True, description="The contact who received them."),
        *address("buyFrom", "the buy-from vendor's", read_only=True),
        *address("shipTo", "the ship-to", read_only=True),
        *address("payTo", "the pay-to vendor's", read_only=True),
        code(
            "currencyCode",
            10,
            read_only=True,
            description="The code of the order's currency; the local currency's code for one "
            "in it.",
        ),
        code(
            "orderNumber",
            20,
            read_only=True,
            description="The number of the purchase order the receipt posted.",
        ),
        datetime(),
    ),
    relations=(
        Relation(
            "lines",
            "purchaseReceiptLines",
            "id",
            "documentId",
            many=True,
            nav="purchaseReceiptLines",
            contained=True,
            description="The receipt's lines, in `sequence` order. Read in the receipt's own "
            "call to BC ($expand) when selected with it.",
        ),
        dimension_set_lines("receipt's", "Purchase Receipt", writable=False),
    ),
)
