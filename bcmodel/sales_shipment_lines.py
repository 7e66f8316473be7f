from bcmodel.enums import SALES_LINE_TYPE
from bcmodel.fields import code, date, decimal, enum, guid, integer, key, text
from bcmodel.model import Entity, GraphQL, Relation, Watch
from bcmodel.relations import dimension_set_lines

# BC's page APIV2SalesShipmentLines (page 30063) over the Sales Shipment Line table: read-only.
SALES_SHIPMENT_LINE = Entity(
    name="salesShipmentLine",
    entity_set="salesShipmentLines",
    default_order=("documentId", "sequence"),
    title="Sales Shipment Line",
    description="A line of a posted sales shipment: what shipped, and how much.",
    insertable=False,
    updatable=False,
    deletable=False,
    parent="shipment",
    watch=Watch.PARENT,
    graphql=GraphQL(
        several="lines of posted sales shipments",
        kind_description="SalesShipmentLine records, derived from their shipment's changes.",
        non_null=("documentId",),
    ),
    fields=(
        key(),
        guid("documentId", read_only=True, description="The id of the shipment of the line."),
        code("documentNo", 20, read_only=True, description="The number of the shipment."),
        integer(
            "sequence",
            read_only=True,
            description="The line's number in its shipment (BC's Line No.).",
        ),
        # BC's shipment lines have the Sales Line Type enum (" ", G/L Account, Item, ...);
        # approximated by the sales documents' line type, which posting copies.
        enum("lineType", SALES_LINE_TYPE, read_only=True, description="What the line is for."),
        code(
            "lineObjectNumber",
            20,
            read_only=True,
            description="The number of the item or G/L account shipped (BC's No.).",
        ),
        text("description", 100, read_only=True, description="What the line is."),
        text("description2", 50, read_only=True, description="More of what the line is."),
        code(
            "unitOfMeasureCode",
            10,
            read_only=True,
            description="The code of the unit the quantity counts.",
        ),
        decimal("unitPrice", read_only=True, description="The price of one unit."),
        decimal("quantity", read_only=True, description="How many units shipped."),
        decimal("discountPercent", read_only=True, description="The line discount, in percent."),
        decimal("taxPercent", read_only=True, description="The tax rate, in percent."),
        date("shipmentDate", read_only=True, description="When the goods shipped."),
    ),
    relations=(
        Relation(
            "shipment",
            "salesShipments",
            "documentId",
            nav="salesShipment",
            description="The shipment the line belongs to.",
        ),
        dimension_set_lines("line's", "Sales Shipment Line", writable=False),
    ),
)
