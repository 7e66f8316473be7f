from bcmodel.enums import SALES_ORDER_STATUS
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
from bcmodel.relations import attachments, dimension_set_lines, document_attachments
from bcmodel.sales_documents import contact_fields, customer_fields, terms_fields
from bcmodel.sales_headers import header_relations

# BC's page APIV2SalesOrders (page 30028) over the Sales Order Entity Buffer.
SALES_ORDER = Entity(
    name="salesOrder",
    entity_set="salesOrders",
    default_order=("number",),
    title="Sales Header",
    table="Sales Order Entity Buffer",
    description="A sales order: goods or services a customer ordered, to ship and invoice.",
    watch=Watch.WEBHOOK,
    actions=(
        Action(
            "shipAndInvoice",
            "shipAndInvoiceSalesOrder",
            invalidates=(
                "customers",
                "accounts",
                "salesInvoices",
                "salesInvoiceLines",
                "salesShipments",
                "salesShipmentLines",
                "salesOrderLines",
            ),
            result="salesInvoices",
            description="Ships and invoices the order (BC's Microsoft.NAV.shipAndInvoice): "
            "BC posts a shipment and a sales invoice for what is left to ship, writes the "
            "invoice's ledger entries, raises the customer's balance and deletes the order "
            "once it is fully shipped and invoiced; returns the posted invoice.",
            record="The id of the order to ship and invoice.",
        ),
    ),
    invalidates=("salesOrderLines",),
    required_one_of=("customerId", "customerNumber"),
    graphql=GraphQL(
        several="sales orders",
        create_description="Creates an order and returns it as BC stored it; with `lines`, "
        "one call to BC creates them all.",
        create_input="A new order, for the customer given by customerId or customerNumber; "
        "BC fills in the customer's addresses, currency and payment terms, numbers it and "
        "computes its totals from its lines.",
        update_input="Lines change one by one.",
    ),
    number_series=NumberSeries("number", first="101001"),
    logic=Logic.SALES_ORDER,
    fields=(
        key("BC's id of the order; the single-record queries and the mutations take it."),
        code(
            "number",
            20,
            read_only=True,
            description="The order's number (BC's No.), from the orders' number series.",
        ),
        code(
            "externalDocumentNumber",
            35,
            description="The customer's own number for the order (BC's External Document No.).",
        ),
        date("orderDate", description="The order's date (BC's Document Date)."),
        date("postingDate", description="The date the order's shipment and invoice post on."),
        *customer_fields("order"),
        text("shipToName", 100, description="The name of whoever receives the goods."),
        text("shipToContact", 100, description="The contact who receives the goods."),
        *address("sellTo", "the sell-to customer's"),
        *address("billTo", "the bill-to customer's", read_only=True),
        *address("shipTo", "the ship-to"),
        *dimension_fields("order"),
        # The order page lets pricesIncludeTax be written (the other sales pages do not).
        *terms_fields("order", prices_writable=True),
        boolean(
            "partialShipping",
            description="Whether the order may ship in parts (BC's Shipping Advice Partial).",
        ),
        date(
            "requestedDeliveryDate",
            description="When the customer asked for the goods to arrive.",
        ),
        *total_fields("order"),
        boolean(
            "fullyShipped",
            read_only=True,
            description="Whether every line of the order has shipped.",
        ),
        enum(
            "status",
            SALES_ORDER_STATUS,
            read_only=True,
            description="Where the order is in its life: DRAFT while open for changes.",
        ),
        datetime(),
        *contact_fields("order"),
    ),
    relations=(
        attachments("order"),
        document_attachments("order"),
        *header_relations("order", "salesOrderLines"),
        dimension_set_lines("order's", "Sales Order"),
    ),
)
