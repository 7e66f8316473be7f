from bcmodel.enums import SALES_QUOTE_STATUS
from bcmodel.fields import address, code, date, datetime, dimension_fields, enum, key, text
from bcmodel.line_amounts import total_fields
from bcmodel.logic import Logic
from bcmodel.model import Action, Entity, GraphQL, NumberSeries, Watch
from bcmodel.relations import attachments, dimension_set_lines, pdf_document
from bcmodel.sales_documents import contact_fields, customer_fields, terms_fields
from bcmodel.sales_headers import header_relations

# BC's page APIV2SalesQuotes (page 30037) over the Sales Quote Entity Buffer.
SALES_QUOTE = Entity(
    name="salesQuote",
    entity_set="salesQuotes",
    default_order=("number",),
    title="Sales Header",
    table="Sales Quote Entity Buffer",
    description="A sales quote: an offer to a customer, which BC turns into an invoice or "
    "an order when it is accepted.",
    watch=Watch.WEBHOOK,
    actions=(
        Action(
            "makeInvoice",
            "makeInvoiceSalesQuote",
            invalidates=("salesInvoices", "salesInvoiceLines", "salesQuoteLines"),
            result="salesInvoices",
            description="Makes a draft sales invoice from the quote (BC's "
            "Microsoft.NAV.makeInvoice): its lines are copied and BC deletes the quote; "
            "returns the new invoice.",
            record="The id of the quote to invoice.",
        ),
        Action(
            "makeOrder",
            "makeOrderSalesQuote",
            invalidates=("salesOrders", "salesOrderLines", "salesQuoteLines"),
            result="salesOrders",
            description="Makes a sales order from the quote (BC's Microsoft.NAV.makeOrder): "
            "its lines are copied and BC deletes the quote; returns the new order.",
            record="The id of the quote to make an order of.",
        ),
        Action(
            "send",
            "sendSalesQuote",
            description="Emails the quote to the customer (BC's Microsoft.NAV.send): it "
            "becomes SENT, with today's sentDate; BC refuses when there is no address.",
            record="The id of the quote to send.",
        ),
    ),
    invalidates=("salesQuoteLines",),
    required_one_of=("customerId", "customerNumber"),
    graphql=GraphQL(
        several="sales quotes",
        create_description="Creates a draft quote and returns it as BC stored it; with "
        "`lines`, one call to BC creates them all.",
        create_input="A new draft quote, for the customer given by customerId or "
        "customerNumber; BC fills in the customer's addresses, currency and payment terms, "
        "numbers it and computes its totals from its lines.",
        update_input="Lines change one by one.",
    ),
    number_series=NumberSeries("number", first="1001"),
    logic=Logic.SALES_QUOTE,
    fields=(
        key("BC's id of the quote; the single-record queries and the mutations take it."),
        code(
            "number",
            20,
            read_only=True,
            description="The quote's number (BC's No.), from the quotes' number series.",
        ),
        code(
            "externalDocumentNumber",
            35,
            description="The customer's own number for the request (BC's External Document No.).",
        ),
        date("documentDate", description="The quote's date (BC's Document Date)."),
        date("postingDate", description="The date an invoice made from the quote posts on."),
        date(
            "dueDate",
            description="When an invoice made from the quote must be paid; BC computes it from "
            "the document date and the payment terms unless it is given.",
        ),
        *customer_fields("quote"),
        text("shipToName", 100, description="The name of whoever receives the goods."),
        text("shipToContact", 100, description="The contact who receives the goods."),
        *address("sellTo", "the sell-to customer's"),
        *address("billTo", "the bill-to customer's", read_only=True),
        *address("shipTo", "the ship-to"),
        *dimension_fields("quote"),
        *terms_fields("quote"),
        *total_fields("quote"),
        enum(
            "status",
            SALES_QUOTE_STATUS,
            read_only=True,
            description="Where the quote is in its life: DRAFT until sent, then SENT.",
        ),
        date(
            "sentDate",
            read_only=True,
            description="When the quote was sent to the customer (BC's Quote Sent to Customer).",
        ),
        date("validUntilDate", description="The last day the quote's offer stands."),
        date("acceptedDate", description="When the customer accepted the quote."),
        datetime(),
        *contact_fields("quote"),
    ),
    relations=(
        attachments("quote"),
        pdf_document("quote"),
        *header_relations("quote", "salesQuoteLines"),
        dimension_set_lines("quote's", "Sales Quote"),
    ),
)
