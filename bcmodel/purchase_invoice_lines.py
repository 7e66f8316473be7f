from bcmodel.enums import LINE_TYPE
from bcmodel.fields import code, date, decimal, enum, guid, integer, key, text
from bcmodel.line_amounts import line_amounts
from bcmodel.logic import Logic
from bcmodel.model import Entity, GraphQL, Relation, Watch
from bcmodel.relations import dimension_set_lines, line_objects

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
    # The line page's source table, which the platform's messages name.
    table="Purch. Inv. Line Aggregate",
    description="A line of a purchase invoice: an item, a G/L account or another thing "
    "bought, or a comment.",
    parent="invoice",
    watch=Watch.PARENT,
    # Amounts from items and accounts; a change recomputes the invoice.
    logic=Logic.PURCHASE_INVOICE_LINE,
    # BC recomputes the invoice's totals and etag when a line changes.
    invalidates=("purchaseInvoices",),
    # BC refuses to renumber a line (or to move it: its invoice is the parent's key).
    fixed=("sequence",),
    graphql=GraphQL(
        a_new="a line of a draft invoice",
        list_description="A page of the lines of one or more invoices, filtered and sorted "
        "as asked. BC lists lines only for given invoices: a filter without a condition on "
        "documentId is BAD_USER_INPUT (PurchaseInvoice.lines reads one invoice's).",
        create_input="A new invoice line: an item or account by id or number, or a comment.",
        kind_description="PurchaseInvoiceLine records. BC has no webhook for lines: bcgraph "
        "compares an invoice's lines when BC notifies a change to the invoice.",
        non_null=("documentId",),
    ),
    fields=(
        key("BC's id of the line; the single-record queries and the mutations take it."),
        guid(
            "documentId",
            description="The id of the invoice the line belongs to; it never changes.",
        ),
        integer(
            "sequence",
            description="The line's number in its invoice (BC's Line No.), which orders the "
            "lines. BC numbers a new line in steps of 10000 unless it is given; it never "
            "changes.",
        ),
        guid(
            "itemId",
            description="The id of the item bought, on an item line; BC fills in "
            "lineObjectNumber from it. A line has an item or an account, not both.",
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
        text("description2", 50, description="A second line of description."),
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
            "unitCost",
            description="The cost of one unit, before discounts (BC's Direct Unit Cost).",
        ),
        decimal("quantity", description="How many units the line is for."),
        *line_amounts("invoice"),
        decimal(
            "invoiceDiscountAllocation",
            ignored=True,
            description="The part of the invoice discount BC gave this line.",
        ),
        decimal(
            "netAmount",
            ignored=True,
            description="The line's amount without tax, after the line and invoice discounts.",
        ),
        decimal(
            "netTaxAmount",
            ignored=True,
            description="The line's tax, after the invoice discount.",
        ),
        decimal(
            "netAmountIncludingTax",
            ignored=True,
            description="The line's amount with tax, after the invoice discount.",
        ),
        date("expectedReceiptDate", description="When the goods are expected to arrive."),
        guid("itemVariantId", description="The id of the item's variant bought, if any."),
        guid("locationId", description="The id of the location that receives the goods."),
    ),
    relations=(
        Relation(
            "invoice",
            "purchaseInvoices",
            "documentId",
            nav="purchaseInvoice",
            description="The invoice the line belongs to.",
        ),
        Relation(
            "account",
            "accounts",
            "accountId",
            nav="account",
            description="The G/L account of an account line; null on other lines.",
        ),
        *line_objects("receives"),
        dimension_set_lines("line's", "Purchase Invoice Line"),
    ),
)
