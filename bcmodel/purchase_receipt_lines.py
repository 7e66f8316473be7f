from bcmodel.fields import code, date, decimal, enum, guid, integer, key, text
from bcmodel.model import Entity, GraphQL, Relation
from bcmodel.purchase_enums import PURCHASE_LINE_TYPE
from bcmodel.relations import dimension_set_lines

# BC's page APIV2PurchReceiptLines over the Purch. Rcpt. Line table itself (not a
# temporary buffer): read-only, listed with or without a receipt.
PURCHASE_RECEIPT_LINE = Entity(
    name="purchaseReceiptLine",
    entity_set="purchaseReceiptLines",
    default_order=("documentId", "sequence"),
    title="Purch. Rcpt. Line",
    description="A line of a posted purchase receipt: what was received of one order line.",
    insertable=False,
    updatable=False,
    deletable=False,
    graphql=GraphQL(several="lines of posted purchase receipts", non_null=("documentId",)),
    fields=(
        key("BC's id of the line."),
        guid("documentId", read_only=True, description="The id of the receipt it belongs to."),
        integer(
            "sequence",
            read_only=True,
            description="The line's number in its receipt (BC's Line No.).",
        ),
        enum(
            "lineType",
            PURCHASE_LINE_TYPE,
            read_only=True,
            description="What the line is for (BC's Type).",
        ),
        code(
            "lineObjectNumber",
            20,
            read_only=True,
            description="The number of the item or G/L account received (BC's No.).",
        ),
        text("description", 100, read_only=True, description="What the line is."),
        code(
            "unitOfMeasureCode",
            10,
            read_only=True,
            description="The code of the unit the quantity counts, such as PCS.",
        ),
        decimal(
            "unitCost",
            read_only=True,
            description="The cost of one unit, before discounts (BC's Direct Unit Cost).",
        ),
        decimal("quantity", read_only=True, description="How many units were received."),
        decimal(
            "discountPercent",
            read_only=True,
            description="The line discount, in percent (BC's Line Discount %).",
        ),
        decimal("taxPercent", read_only=True, description="The tax rate, in percent (BC's VAT %)."),
        date(
            "expectedReceiptDate",
            read_only=True,
            description="When the goods were expected to arrive.",
        ),
    ),
    relations=(
        Relation(
            "receipt",
            "purchaseReceipts",
            "documentId",
            description="The receipt the line belongs to.",
        ),
        dimension_set_lines("line's", "Purchase Receipt Line", writable=False),
    ),
)
