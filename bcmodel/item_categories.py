from bcmodel.fields import code, datetime, key, text
from bcmodel.model import Entity, GraphQL, Watch

# BC's page APIV2ItemCategories (page 30025) over the Item Category table.
ITEM_CATEGORY = Entity(
    name="itemCategory",
    entity_set="itemCategories",
    default_order=("code",),
    title="Item Category",
    description="An item category: a group of items of one kind, such as chairs or desks "
    "(BC's Item Category).",
    watch=Watch.WEBHOOK,
    required=("code",),
    table_key="code",
    graphql=GraphQL(
        several="item categories",
        create_input="A new item category; `code` is required.",
    ),
    fields=(
        key(),
        code(
            "code",
            20,
            description="The category's code, such as CHAIR, unique in the company and "
            "required; items name it in itemCategoryCode. Changing it renames the category.",
        ),
        text("displayName", 100, description="What the category is (BC's Description)."),
        datetime(),
    ),
)
