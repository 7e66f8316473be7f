from bcmodel.logic import Logic
from bcmodel.model import Entity, GraphQL, Relation, Watch
from bcmodel.relations import dimension_set_lines, line_objects
from bcmodel.sales_documents import line_fields

# BC's page APIV2SalesInvoiceLines (page 30043) over a temporary table, like the purchase
# lines: no webhooks of their own (the invoice notifies), listed only for given invoices.
SALES_INVOICE_LINE = Entity(
    name="salesInvoiceLine",
    entity_set="salesInvoiceLines",
    default_order=("documentId", "sequence"),
    title="Sales Line",
    # The line page's source table, which the platform's messages name.
    table="Sales Invoice Line Aggregate",
    description="A line of a sales invoice: an item, a G/L account or another thing sold, "
    "or a comment.",
    parent="invoice",
    watch=Watch.PARENT,
    logic=Logic.SALES_INVOICE_LINE,
    invalidates=("salesInvoices",),
    fixed=("sequence",),
    graphql=GraphQL(
        a_new="a line of a draft sales invoice",
        list_description="A page of the lines of one or more sales invoices, filtered and "
        "sorted as asked. BC lists lines only for given invoices: a filter without a "
        "condition on documentId is BAD_USER_INPUT (SalesInvoice.lines reads one invoice's).",
        create_input="A new sales invoice line: an item or account by id or number, or a comment.",
        kind_description="SalesInvoiceLine records. BC has no webhook for lines: bcgraph "
        "compares an invoice's lines when BC notifies a change to the invoice.",
        non_null=("documentId",),
    ),
    fields=line_fields("invoice"),
    relations=(
        Relation(
            "invoice",
            "salesInvoices",
            "documentId",
            nav="salesInvoice",
            description="The invoice the line belongs to.",
        ),
        Relation(
            "account",
            "accounts",
            "accountId",
            nav="account",
            description="The G/L account of an account line; null on other lines.",
        ),
        *line_objects("ships"),
        dimension_set_lines("line's", "Sales Invoice Line"),
    ),
)
