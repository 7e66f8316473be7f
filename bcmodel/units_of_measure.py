from bcmodel.fields import code, datetime, key, text
from bcmodel.model import Entity, GraphQL, Watch

# BC's page APIV2UnitsOfMeasure (page 30030) over the Unit of Measure table.
UNIT_OF_MEASURE = Entity(
    name="unitOfMeasure",
    entity_set="unitsOfMeasure",
    default_order=("code",),
    title="Unit of Measure",
    description="A unit that quantities are counted in, such as PCS or BOX (BC's Unit of "
    "Measure); items and document lines name one.",
    watch=Watch.WEBHOOK,
    # The table is keyed by the code, which the page shows as mandatory.
    required=("code",),
    table_key="code",
    graphql=GraphQL(
        several="units of measure",
        create_input="A new unit of measure; `code` is required.",
    ),
    fields=(
        key(),
        code(
            "code",
            10,
            description="The unit's code, such as PCS, unique in the company and required; "
            "items name it in baseUnitOfMeasureCode. Changing it renames the unit.",
        ),
        text("displayName", 50, description="What the unit is, such as Piece (BC's Description)."),
        code(
            "internationalStandardCode",
            10,
            description="The unit's code in the UN/ECE Rec. 20 standard, such as EA or H87, "
            "for electronic documents.",
        ),
        text("symbol", 10, description="A symbol shown for the unit, such as kg."),
        datetime(),
    ),
)
