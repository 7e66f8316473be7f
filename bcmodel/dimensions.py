from bcmodel.fields import code, datetime, key, text
from bcmodel.model import Entity, Relation, Watch

# BC's page APIV2Dimensions (page 30021) over the Dimension table: read-only (the page
# allows no insert, modify or delete; dimensions are set up in BC itself).
DIMENSION = Entity(
    name="dimension",
    entity_set="dimensions",
    default_order=("code",),
    title="Dimension",
    description="A dimension: a way BC tags entries for analysis, such as DEPARTMENT or "
    "PROJECT (BC's Dimension). Read-only over the API.",
    watch=Watch.WEBHOOK,
    insertable=False,
    updatable=False,
    deletable=False,
    table_key="code",
    fields=(
        key(),
        code("code", 20, description="The dimension's code, such as DEPARTMENT; unique."),
        text("displayName", 30, description="The dimension's name (BC's Name)."),
        code(
            "consolidationCode",
            20,
            description="The code the dimension maps to when the company is consolidated.",
        ),
        datetime(),
    ),
    relations=(
        Relation(
            "dimensionValues",
            "dimensionValues",
            "id",
            "dimensionId",
            many=True,
            nav="dimensionValues",
            description="The dimension's values. Read in the dimension's own call to BC "
            "($expand) when selected with it.",
        ),
    ),
)
