from bcmodel.logic import Logic
from bcmodel.model import Entity, GraphQL, Watch
from bcmodel.purchase_documents import line_fields, line_relations, order_line_fields
from bcmodel.relations import dimension_set_lines, line_objects

# BC's page APIV2PurchaseOrderLines over the temporary purchase line aggregate, as for
# purchase invoices: the order notifies, and lines are listed only for given orders.
PURCHASE_ORDER_LINE = Entity(
    name="purchaseOrderLine",
    entity_set="purchaseOrderLines",
    default_order=("documentId", "sequence"),
    title="Purchase Line",
    # The line page's source table, which the platform's messages name.
    table="Purch. Inv. Line Aggregate",
    description="A line of a purchase order: an item, a G/L account or another thing "
    "ordered, or a comment.",
    parent="order",
    watch=Watch.PARENT,
    logic=Logic.PURCHASE_ORDER_LINE,
    invalidates=("purchaseOrders",),
    fixed=("sequence",),
    graphql=GraphQL(
        a_new="a line of a purchase order",
        list_description="A page of the lines of one or more purchase orders, filtered and "
        "sorted as asked. BC lists lines only for given orders: a filter without a "
        "condition on documentId is BAD_USER_INPUT (PurchaseOrder.lines reads one's).",
        create_input="A new order line: an item or account by id or number, or a comment.",
        kind_description="PurchaseOrderLine records. BC has no webhook for lines: bcgraph "
        "compares an order's lines when BC notifies a change to the order.",
        non_null=("documentId",),
    ),
    fields=(*line_fields("order"), *order_line_fields()),
    relations=(
        *line_relations("order", "order", "purchaseOrders", "purchaseOrder"),
        *line_objects("receives"),
        dimension_set_lines("line's", "Purchase Order Line"),
    ),
)
