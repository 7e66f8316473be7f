from bcmodel.fields import code, datetime, key, text
from bcmodel.model import Entity, GraphQL, Watch

# BC's page APIV2ShipmentMethods (page 30024) over the Shipment Method table.
SHIPMENT_METHOD = Entity(
    name="shipmentMethod",
    entity_set="shipmentMethods",
    default_order=("code",),
    title="Shipment Method",
    description="A shipment method: how goods travel and who pays for it, such as EXW or "
    "CIF (BC's Shipment Method).",
    watch=Watch.WEBHOOK,
    required=("code",),
    table_key="code",
    graphql=GraphQL(create_input="A new shipment method; `code` is required."),
    fields=(
        key(),
        code(
            "code",
            10,
            description="The shipment method's code, such as EXW, unique in the company and "
            "required; changing it renames the shipment method.",
        ),
        text(
            "displayName",
            100,
            description="What the shipment method is, such as Ex Works (BC's Description).",
        ),
        datetime(),
    ),
)
