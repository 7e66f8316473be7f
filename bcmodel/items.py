from bcmodel.edm import Edm, Field, Lookup
from bcmodel.enums import ITEM_TYPE
from bcmodel.fields import boolean, code, datetime, decimal, enum, guid, key, text
from bcmodel.logic import Logic
from bcmodel.model import Entity, GraphQL, NumberSeries, Relation, Watch
from bcmodel.relations import default_dimensions

# BC's page APIV2Items (page 30008) over the Item table.
ITEM = Entity(
    name="item",
    entity_set="items",
    default_order=("number",),
    title="Item",
    description="An item: a product or service the company buys and sells (BC's Item card).",
    watch=Watch.WEBHOOK,
    graphql=GraphQL(
        create_input="A new item; BC's number series numbers it unless `number` is given."
    ),
    table_key="number",
    number_series=NumberSeries("number", first="1000"),
    # Ids and codes of category, tax group and base unit kept in step, inventory
    # adjustments, no deleting an item that open documents buy.
    logic=Logic.ITEM,
    update_only=("inventory",),
    # Deleting an item deletes its variants.
    invalidates=("itemVariants",),
    fields=(
        key(),
        code(
            "number",
            20,
            description="The item's number (BC's No.), unique in the company. Left out on "
            "create, BC's number series assigns one; changing it renames the item.",
        ),
        text(
            "displayName",
            100,
            description="The item's name (BC's Description); document lines copy it.",
        ),
        text("displayName2", 50, description="More of the item's name (BC's Description 2)."),
        enum(
            "type",
            ITEM_TYPE,
            description="What kind of item it is: only INVENTORY items keep stock.",
        ),
        guid(
            "itemCategoryId",
            description="The id of the item's category; setting it sets itemCategoryCode too.",
        ),
        code(
            "itemCategoryCode",
            20,
            description="The code of the item's category; setting it sets itemCategoryId too. "
            "It must agree with itemCategoryId when both are given.",
        ),
        boolean(
            "blocked",
            description="Whether the item is blocked: BC refuses it on new documents.",
        ),
        code("gtin", 14, description="The item's Global Trade Item Number (a bar code)."),
        decimal(
            "inventory",
            description="How many base units are in stock (BC's Inventory, summed from "
            "item ledger entries). A new item has none; an update to it posts an inventory "
            "adjustment for the difference.",
        ),
        decimal(
            "unitPrice",
            description="The price of one base unit on sales documents (BC's Unit Price).",
        ),
        boolean(
            "priceIncludesTax",
            description="Whether unitPrice includes tax (BC's Price Includes VAT).",
        ),
        decimal(
            "unitCost",
            description="The cost of one base unit (BC's Unit Cost); purchase lines start from it.",
        ),
        guid(
            "taxGroupId",
            description="The id of the item's tax group; setting it sets taxGroupCode too.",
        ),
        code(
            "taxGroupCode",
            20,
            description="The code of the item's tax group (see TaxGroup.code); document "
            "lines take it as their taxCode. Setting it sets taxGroupId too.",
        ),
        guid(
            "baseUnitOfMeasureId",
            description="The id of the unit the item is counted in; setting it sets "
            "baseUnitOfMeasureCode too.",
        ),
        Field(
            "baseUnitOfMeasureCode",
            Edm.STRING,
            max_length=10,
            code=True,
            # The page leaves an unknown code to Item's TableRelation = "Unit of Measure".
            lookup=Lookup("unitsOfMeasure", "Unit of Measure"),
            caption="Base Unit of Measure",
            description="The code of the unit the item is counted in, such as PCS (BC's Base "
            "Unit of Measure); document lines start in it.",
        ),
        guid(
            "generalProductPostingGroupId",
            description="The id of the item's general product posting group.",
        ),
        code(
            "generalProductPostingGroupCode",
            20,
            description="The code of the item's general product posting group (BC's Gen. "
            "Prod. Posting Group), which decides the G/L accounts sales and purchases post to.",
        ),
        guid(
            "inventoryPostingGroupId",
            description="The id of the item's inventory posting group.",
        ),
        code(
            "inventoryPostingGroupCode",
            20,
            description="The code of the item's inventory posting group (BC's Inventory "
            "Posting Group), which decides the inventory account.",
        ),
        datetime(),
    ),
    relations=(
        default_dimensions("item's"),
        Relation(
            "itemCategory",
            "itemCategories",
            "itemCategoryId",
            nav="itemCategory",
            description="The item's category; null when it has none. Read in the item's own "
            "call to BC when selected with it.",
            checked=True,
        ),
        Relation(
            "baseUnitOfMeasure",
            "unitsOfMeasure",
            "baseUnitOfMeasureId",
            nav="unitOfMeasure",
            description="The unit the item is counted in; null when it has none. Read in the "
            "item's own call to BC when selected with it.",
            checked=True,
        ),
        Relation(
            "itemVariants",
            "itemVariants",
            "id",
            "itemId",
            many=True,
            nav="itemVariants",
            description="The item's variants, such as its colors or sizes, in code order.",
        ),
    ),
)
