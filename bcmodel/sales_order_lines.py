from bcmodel.fields import decimal
from bcmodel.logic import Logic
from bcmodel.model import Entity, GraphQL, Watch
from bcmodel.relations import dimension_set_lines, line_objects
from bcmodel.sales_documents import line_fields
from bcmodel.sales_headers import line_relations

# BC's page APIV2SalesOrderLines (page 30044) over the sales order line aggregate: the
# order notifies, and lines are listed only for given orders.
SALES_ORDER_LINE = Entity(
    name="salesOrderLine",
    entity_set="salesOrderLines",
    default_order=("documentId", "sequence"),
    title="Sales Line",
    # The line page's source table, which the platform's messages name.
    table="Sales Invoice Line Aggregate",
    description="A line of a sales order: an item, a G/L account or another thing ordered, "
    "or a comment, with how much of it has shipped and been invoiced.",
    parent="order",
    watch=Watch.PARENT,
    logic=Logic.SALES_ORDER_LINE,
    invalidates=("salesOrders",),
    fixed=("sequence",),
    graphql=GraphQL(
        a_new="a line of a sales order",
        list_description="A page of the lines of one or more sales orders, filtered and "
        "sorted as asked. BC lists lines only for given orders: a filter without a "
        "condition on documentId is BAD_USER_INPUT (SalesOrder.lines reads one order's).",
        create_input="A new sales order line: an item or account by id or number, or a comment.",
        kind_description="SalesOrderLine records. BC has no webhook for lines: bcgraph "
        "compares an order's lines when BC notifies a change to the order.",
        non_null=("documentId",),
    ),
    fields=(
        *line_fields("order"),
        decimal(
            "shippedQuantity",
            read_only=True,
            description="How much of the quantity has shipped (BC's Quantity Shipped).",
        ),
        decimal(
            "invoicedQuantity",
            read_only=True,
            description="How much of the quantity has been invoiced (BC's Quantity Invoiced).",
        ),
        decimal(
            "invoiceQuantity",
            description="How much the next invoice is for (BC's Qty. to Invoice); BC sets it "
            "to what is left to invoice.",
        ),
        decimal(
            "shipQuantity",
            description="How much the next shipment is for (BC's Qty. to Ship); BC sets it "
            "to what is left to ship.",
        ),
    ),
    relations=(
        *line_relations("order", "salesOrders", "salesOrder"),
        *line_objects("ships"),
        dimension_set_lines("line's", "Sales Order Line"),
    ),
)
