"""Fields BC's newer purchase document pages share (APIV2PurchaseOrders and
APIV2PurchaseCreditMemos, their line pages over the purchase line aggregate): built here
once, declared by each entity's own module. The purchase invoice pages are older and
declare their own."""

from bcmodel.edm import Field
from bcmodel.enums import LINE_TYPE
from bcmodel.fields import code, date, decimal, enum, guid, integer, key, salesperson, text
from bcmodel.line_amounts import line_amounts
from bcmodel.model import Relation
from bcmodel.relations import shipment_method


def vendor_fields(document: str) -> tuple[Field, ...]:
    """Who the document is with: the buy-from and the pay-to vendor."""
    return (
        guid(
            "vendorId",
            description=f"The id of the vendor the {document} is with (the buy-from vendor). "
            f"A new {document} needs vendorId or vendorNumber.",
        ),
        code(
            "vendorNumber",
            20,
            description=f"The number of the vendor the {document} is with (BC's Buy-from "
            "Vendor No.).",
        ),
        text(
            "vendorName",
            100,
            read_only=True,
            description=f"The name of the vendor the {document} is with, as BC filled it in.",
        ),
    )


def pay_to_fields() -> tuple[Field, ...]:
    return (
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
        text(
            "payToName",
            100,
            read_only=True,
            description="The name of the vendor to pay, as BC filled it in.",
        ),
    )


def terms_fields(document: str) -> tuple[Field, ...]:
    """Currency, payment terms, shipment method and purchaser."""
    return (
        guid(
            "currencyId",
            description=f"The id of the {document}'s currency; none means the company's "
            "local currency. BC takes the vendor's unless it is given.",
        ),
        code(
            "currencyCode",
            10,
            description=f"The code of the {document}'s currency, such as EUR. It must agree "
            "with currencyId when both are given.",
        ),
        guid(
            "paymentTermsId",
            description=f"The id of the {document}'s payment terms (the `paymentTerm` field "
            "reads them); BC takes the vendor's unless they are given, and computes the due "
            "date from them.",
        ),
        guid("shipmentMethodId", description=f"The id of the {document}'s shipment method."),
        salesperson(
            "purchaser",
            caption="Purchaser Code",
            description="The code of the purchaser in charge (BC's Purchaser Code); BC "
            "refuses one that names no salesperson/purchaser.",
        ),
    )


def header_relations(document: str, lines: str, nav: str) -> tuple[Relation, ...]:
    """The vendor, currency, payment terms, shipment method and lines of a header."""
    return (
        Relation(
            "vendor",
            "vendors",
            "vendorId",
            nav="vendor",
            description=f"The vendor the {document} is with. Read in the {document}'s own "
            "call to BC when selected with it.",
            checked=True,
        ),
        Relation(
            "currency",
            "currencies",
            "currencyId",
            nav="currency",
            description=f"The {document}'s currency; null for the company's local currency.",
            checked=True,
        ),
        Relation(
            "paymentTerm",
            "paymentTerms",
            "paymentTermsId",
            nav="paymentTerm",
            description=f"The {document}'s payment terms; null when it has none.",
            checked=True,
        ),
        shipment_method(f"{document}'s"),
        Relation(
            "lines",
            lines,
            "id",
            "documentId",
            many=True,
            nav=nav,
            contained=True,
            description=f"The {document}'s lines, in `sequence` order. Read in the "
            f"{document}'s own call to BC ($expand) when selected with it.",
            created=f"Lines created with the {document}, in one call to BC (a deep insert); "
            "left out or null: none.",
        ),
    )


def line_fields(document: str) -> tuple[Field, ...]:
    """The fields of a line of a purchase order or credit memo (BC's Purch. Inv. Line
    Aggregate, as the newer pages show it: the unit cost is `directUnitCost`)."""
    return (
        key("BC's id of the line; the single-record queries and the mutations take it."),
        guid(
            "documentId",
            description=f"The id of the {document} the line belongs to; it never changes.",
        ),
        integer(
            "sequence",
            description=f"The line's number in its {document} (BC's Line No.), which orders "
            "the lines. BC numbers a new line in steps of 10000 unless it is given; it never "
            "changes.",
        ),
        guid(
            "itemId",
            description="The id of the item, on an item line; BC fills in lineObjectNumber, "
            "the description and the unit cost from it. A line has an item or an account, "
            "not both.",
        ),
        guid(
            "accountId",
            description="The id of the G/L account, on an account line (the `account` field "
            "reads it). A line has an item or an account, not both.",
        ),
        enum("lineType", LINE_TYPE, description="What the line is for (BC's Type)."),
        code(
            "lineObjectNumber",
            20,
            description="The number of the item or G/L account on the line (BC's No.); it "
            "cannot change once set.",
        ),
        text(
            "description",
            100,
            description="What the line is; BC fills in the item's or account's name unless "
            "it is given.",
        ),
        guid(
            "unitOfMeasureId",
            description="The id of the unit the quantity counts, on an item line.",
        ),
        code(
            "unitOfMeasureCode",
            10,
            description="The code of the unit the quantity counts, such as PCS, on an item line.",
        ),
        decimal(
            "quantity",
            caption="Quantity",
            description="How many units the line is for; on an order, never fewer than "
            "have shipped (received).",
        ),
        decimal(
            "directUnitCost",
            description="The cost of one unit, before discounts (BC's Direct Unit Cost); BC "
            "takes the item's unless it is given.",
        ),
        *line_amounts(document),
        decimal(
            "invoiceDiscountAllocation",
            read_only=True,
            description=f"The part of the {document} discount BC gave this line.",
        ),
        decimal(
            "netAmount",
            read_only=True,
            description=f"The line's amount without tax, after the line and {document} discounts.",
        ),
        decimal(
            "netTaxAmount",
            read_only=True,
            description=f"The line's tax, after the {document} discount.",
        ),
        decimal(
            "netAmountIncludingTax",
            read_only=True,
            description=f"The line's amount with tax, after the {document} discount.",
        ),
    )


def line_relations(document: str, parent: str, header_set: str, nav: str) -> tuple[Relation, ...]:
    return (
        Relation(
            parent,
            header_set,
            "documentId",
            nav=nav,
            description=f"The {document} the line belongs to.",
        ),
        Relation(
            "account",
            "accounts",
            "accountId",
            nav="account",
            description="The G/L account of an account line; null on other lines.",
        ),
    )


def order_line_fields() -> tuple[Field, ...]:
    """What an order line has besides: dates, quantities received and invoiced, variant
    and location."""
    return (
        date("expectedReceiptDate", description="When the goods are expected to arrive."),
        decimal(
            "receivedQuantity",
            read_only=True,
            description="How many units have been received (BC's Quantity Received).",
        ),
        decimal(
            "invoicedQuantity",
            read_only=True,
            description="How many units have been invoiced (BC's Quantity Invoiced).",
        ),
        decimal(
            "invoiceQuantity",
            description="How many units the next posting invoices (BC's Qty. to Invoice); "
            "the whole quantity unless it is given.",
        ),
        decimal(
            "receiveQuantity",
            description="How many units the next posting receives (BC's Qty. to Receive); "
            "the whole quantity unless it is given.",
        ),
        guid("itemVariantId", description="The id of the item's variant bought, if any."),
        guid("locationId", description="The id of the location that receives the goods."),
    )
