from bcmodel.fields import address, boolean, code, date, datetime, guid, key, text
from bcmodel.model import Entity, GraphQL, Relation, Watch
from bcmodel.relations import dimension_set_lines

# BC's page APIV2SalesShipments (page 30062) over the Sales Shipment Header: read-only,
# written only by posting an order's shipment.
SALES_SHIPMENT = Entity(
    name="salesShipment",
    entity_set="salesShipments",
    default_order=("number",),
    title="Sales Shipment Header",
    description="A posted sales shipment: goods shipped to a customer against a sales "
    "order. BC's API only reads them; shipping an order writes them.",
    insertable=False,
    updatable=False,
    deletable=False,
    watch=Watch.WEBHOOK,
    graphql=GraphQL(several="posted sales shipments"),
    fields=(
        key(),
        code("number", 20, read_only=True, description="The shipment's number (BC's No.)."),
        code(
            "externalDocumentNumber",
            35,
            read_only=True,
            description="The customer's own number for the order shipped.",
        ),
        date("invoiceDate", read_only=True, description="The shipment's document date."),
        date("postingDate", read_only=True, description="The date the shipment posted on."),
        date("dueDate", read_only=True, description="The due date of the order shipped."),
        text(
            "customerPurchaseOrderReference",
            35,
            read_only=True,
            description="The customer's purchase order reference (BC's Your Reference).",
        ),
        guid("customerId", read_only=True, description="The id of the customer shipped to."),
        code(
            "customerNumber",
            20,
            read_only=True,
            description="The number of the customer shipped to.",
        ),
        text("customerName", 100, read_only=True, description="The customer's name."),
        guid("billToCustomerId", read_only=True, description="The id of the customer billed."),
        text("billToName", 100, read_only=True, description="The name of the customer billed."),
        code(
            "billToCustomerNumber",
            20,
            read_only=True,
            description="The number of the customer billed.",
        ),
        text("shipToName", 100, read_only=True, description="Who received the goods."),
        text("shipToContact", 100, read_only=True, description="The contact who received them."),
        *address("sellTo", "the sell-to customer's", read_only=True),
        *address("billTo", "the bill-to customer's", read_only=True),
        *address("shipTo", "the ship-to", read_only=True),
        code("currencyCode", 10, read_only=True, description="The code of the currency."),
        code(
            "orderNumber",
            20,
            read_only=True,
            description="The number of the sales order shipped.",
        ),
        code(
            "paymentTermsCode",
            10,
            read_only=True,
            description="The code of the order's payment terms.",
        ),
        code(
            "shipmentMethodCode",
            10,
            read_only=True,
            description="The code of the shipment method.",
        ),
        code("salesperson", 20, read_only=True, description="The salesperson's code."),
        boolean(
            "pricesIncludeTax",
            read_only=True,
            description="Whether the lines' unit prices include tax.",
        ),
        datetime(),
        text("phoneNumber", 30, read_only=True, description="The phone number on the shipment."),
        text("email", 80, read_only=True, description="The email address on the shipment."),
    ),
    relations=(
        Relation(
            "customer",
            "customers",
            "customerId",
            description="The customer shipped to. BC has no navigation to it: one more query "
            "on customers.",
        ),
        Relation(
            "lines",
            "salesShipmentLines",
            "id",
            "documentId",
            many=True,
            nav="salesShipmentLines",
            contained=True,
            description="The shipment's lines, in `sequence` order. Read in the shipment's "
            "own call to BC ($expand) when selected with it.",
        ),
        dimension_set_lines("shipment's", "Sales Shipment", writable=False),
    ),
)
