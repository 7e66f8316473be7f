"""Fields BC's sales document pages share (APIV2SalesInvoices and APIV2SalesCreditMemos
over their headers, their two line pages over the sales line aggregate): built here once,
declared by each entity's own module."""

from bcmodel.edm import Edm, Field, Lookup
from bcmodel.enums import SALES_LINE_TYPE
from bcmodel.fields import (
    boolean,
    code,
    date,
    decimal,
    email,
    enum,
    guid,
    integer,
    key,
    phone,
    salesperson,
    text,
)
from bcmodel.line_amounts import line_amounts


def customer_fields(document: str) -> tuple[Field, ...]:
    """Who the document is for: the sell-to and the bill-to customer."""
    return (
        guid(
            "customerId",
            description=f"The id of the customer the {document} is for (the sell-to "
            f"customer). A new {document} needs customerId or customerNumber.",
        ),
        code(
            "customerNumber",
            20,
            description=f"The number of the customer the {document} is for (BC's Sell-to "
            "Customer No.).",
        ),
        text(
            "customerName",
            100,
            read_only=True,
            description=f"The name of the customer the {document} is for, as BC filled it in.",
        ),
        text(
            "billToName",
            100,
            read_only=True,
            description="The name of the customer billed, as BC filled it in.",
        ),
        guid(
            "billToCustomerId",
            description="The id of the customer billed; BC takes the sell-to customer unless "
            "it is given.",
        ),
        code(
            "billToCustomerNumber",
            20,
            description="The number of the customer billed (BC's Bill-to Customer No.).",
        ),
    )


def terms_fields(document: str, *, prices_writable: bool = False) -> tuple[Field, ...]:
    """Currency, payment terms, shipment method and salesperson: copied from the customer."""
    return (
        guid(
            "currencyId",
            description=f"The id of the {document}'s currency; none means the company's "
            "local currency. BC takes the customer's unless it is given.",
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
            "reads them); BC takes the customer's unless they are given, and computes the "
            "due date from them.",
        ),
        guid("shipmentMethodId", description=f"The id of the {document}'s shipment method."),
        salesperson(
            "salesperson",
            description="The code of the salesperson in charge (BC's Salesperson Code); BC "
            "refuses one that names no salesperson/purchaser.",
        ),
        boolean(
            "pricesIncludeTax",
            read_only=not prices_writable,
            description="Whether the lines' unit prices include tax (BC's Prices Including "
            "VAT, from the customer)."
            + (
                " It can be set, except to true on an order whose first line is taxed by sales tax."
                if prices_writable
                else ""
            ),
        ),
    )


def contact_fields(document: str) -> tuple[Field, ...]:
    return (
        # Sales Header: Sell-to Phone No. refuses letters with an Error of its own,
        # Sell-to E-Mail is checked by Mail Management.
        phone(
            "phoneNumber",
            caption="Sell-to Phone No.",
            error="You cannot enter letters in this field.",
            description=f"The phone number on the {document} (BC's Sell-to Phone No.); BC "
            "takes the customer's unless it is given.",
        ),
        email(
            "email",
            description=f"The email address on the {document} (BC's Sell-to E-Mail); BC takes "
            "the customer's unless it is given, and sending mails it there.",
        ),
    )


def line_fields(document: str) -> tuple[Field, ...]:
    """The fields of a line of a sales document (BC's Sales Invoice Line Aggregate)."""
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
            description="The id of the item sold, on an item line; BC fills in "
            "lineObjectNumber, the description and the unit price from it. A line has an "
            "item or an account, not both.",
        ),
        guid(
            "accountId",
            description="The id of the G/L account, on an account line (the `account` field "
            "reads it). A line has an item or an account, not both.",
        ),
        enum("lineType", SALES_LINE_TYPE, description="What the line is for (BC's Type)."),
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
            "unitPrice",
            description="The price of one unit, before discounts (BC's Unit Price); BC takes "
            "the item's unless it is given.",
        ),
        *line_amounts(document),
        decimal(
            "invoiceDiscountAllocation",
            ignored=True,
            description=f"The part of the {document} discount BC gave this line.",
        ),
        decimal(
            "netAmount",
            ignored=True,
            description=f"The line's amount without tax, after the line and {document} discounts.",
        ),
        decimal(
            "netTaxAmount",
            ignored=True,
            description=f"The line's tax, after the {document} discount.",
        ),
        decimal(
            "netAmountIncludingTax",
            ignored=True,
            description=f"The line's amount with tax, after the {document} discount.",
        ),
        date("shipmentDate", description="When the goods are to be shipped."),
        Field(
            "itemVariantId",
            Edm.GUID,
            # Sales Invoice Line Aggregate's "Variant Id": TableRelation = if (Type =
            # const(Item)) "Item Variant".SystemId where("Item No." = field("No.")).
            lookup=Lookup(
                "itemVariants",
                "Item Variant",
                key="id",
                same=(("itemId", "itemId"),),
                only_if=("lineType", "Item"),
            ),
            caption="Variant Id",
            description="The id of the item's variant sold, if any; BC refuses one that is "
            "not a variant of the line's item.",
        ),
        Field(
            "locationId",
            Edm.GUID,
            # "Location Id": TableRelation = Location.SystemId.
            lookup=Lookup("locations", "Location", key="id"),
            caption="Location Id",
            description="The id of the location the goods ship from; BC refuses one that "
            "names no location.",
        ),
    )
