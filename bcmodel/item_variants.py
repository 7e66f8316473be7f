from bcmodel.fields import code, datetime, guid, key, text
from bcmodel.logic import Logic
from bcmodel.model import Entity, GraphQL, Relation, Watch

# BC's page APIV2ItemVariants (page 30052) over the Item Variant table, keyed by
# (Item No., Code).
ITEM_VARIANT = Entity(
    name="itemVariant",
    entity_set="itemVariants",
    default_order=("itemNumber", "code"),
    title="Item Variant",
    description="A variant of an item, such as a color or a size (BC's Item Variant).",
    watch=Watch.WEBHOOK,
    required=("code",),
    required_one_of=("itemId", "itemNumber"),
    # The item by id or number, kept in step; the code unique per item.
    logic=Logic.ITEM_VARIANT,
    graphql=GraphQL(
        create_input="A new variant of the item given by itemId or itemNumber; `code` is required."
    ),
    fields=(
        key(),
        guid(
            "itemId",
            description="The id of the item the variant belongs to; setting it sets "
            "itemNumber too. A new variant needs itemId or itemNumber.",
        ),
        code(
            "itemNumber",
            20,
            description="The number of the item the variant belongs to (BC's Item No.); "
            "setting it sets itemId too.",
        ),
        code(
            "code",
            10,
            description="The variant's code, such as BLUE, unique for its item and required.",
        ),
        text("description", 100, description="What the variant is, such as Blue fabric."),
        datetime(),
    ),
    relations=(
        Relation(
            "item",
            "items",
            "itemId",
            nav="item",
            description="The item the variant belongs to. Read in the variant's own call to "
            "BC when selected with it.",
            checked=True,
        ),
    ),
)
