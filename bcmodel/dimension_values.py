from bcmodel.fields import code, datetime, guid, key, text
from bcmodel.model import Entity, GraphQL, Relation, Watch

# BC's page "APIV2 Dimension Values Entity" (page 30040) over the Dimension Value table:
# read-only, like its dimensions. BC's table key is (Dimension Code, Code).
DIMENSION_VALUE = Entity(
    name="dimensionValue",
    entity_set="dimensionValues",
    default_order=("dimensionId", "code"),
    title="Dimension Value",
    description="A value of a dimension, such as SALES of DEPARTMENT (BC's Dimension "
    "Value). Read-only over the API.",
    watch=Watch.WEBHOOK,
    insertable=False,
    updatable=False,
    deletable=False,
    graphql=GraphQL(non_null=("dimensionId",)),
    fields=(
        key(),
        code(
            "code",
            20,
            description="The value's code, such as SALES; unique within its dimension.",
        ),
        guid("dimensionId", description="The id of the dimension the value belongs to."),
        text("displayName", 50, description="The value's name (BC's Name)."),
        code(
            "consolidationCode",
            20,
            description="The code the value maps to when the company is consolidated.",
        ),
        datetime(),
    ),
    relations=(
        Relation(
            "dimension",
            "dimensions",
            "dimensionId",
            description="The dimension the value belongs to. Read with one query on "
            "dimensions for the page's values.",
        ),
    ),
)
