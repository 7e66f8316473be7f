from bcmodel.fields import date, guid
from bcmodel.logic import Logic
from bcmodel.model import Entity, GraphQL, Watch
from bcmodel.purchase_documents import line_fields, line_relations
from bcmodel.relations import dimension_set_lines, line_objects

# BC's page APIV2PurchCrMemoLines over the temporary purchase line aggregate: the credit
# memo notifies, and lines are listed only for given credit memos.
PURCHASE_CREDIT_MEMO_LINE = Entity(
    name="purchaseCreditMemoLine",
    entity_set="purchaseCreditMemoLines",
    default_order=("documentId", "sequence"),
    title="Purchase Line",
    # The line page's source table, which the platform's messages name.
    table="Purch. Inv. Line Aggregate",
    description="A line of a purchase credit memo: an item, a G/L account or another thing "
    "credited, or a comment.",
    parent="creditMemo",
    watch=Watch.PARENT,
    logic=Logic.PURCHASE_CREDIT_MEMO_LINE,
    invalidates=("purchaseCreditMemos",),
    fixed=("sequence",),
    graphql=GraphQL(
        a_new="a line of a draft purchase credit memo",
        list_description="A page of the lines of one or more purchase credit memos, "
        "filtered and sorted as asked. BC lists lines only for given credit memos: a filter "
        "without a condition on documentId is BAD_USER_INPUT (PurchaseCreditMemo.lines "
        "reads one's).",
        create_input="A new credit memo line: an item or account by id or number, or a comment.",
        kind_description="PurchaseCreditMemoLine records. BC has no webhook for lines: "
        "bcgraph compares a credit memo's lines when BC notifies a change to the credit memo.",
        non_null=("documentId",),
    ),
    fields=(
        *line_fields("credit memo"),
        date("expectedReceiptDate", description="When the goods are expected to arrive."),
        guid("itemVariantId", description="The id of the item's variant, if any."),
        guid("locationId", description="The id of the location the goods go back from."),
    ),
    relations=(
        *line_relations("credit memo", "creditMemo", "purchaseCreditMemos", "purchaseCreditMemo"),
        *line_objects("returns"),
        dimension_set_lines("line's", "Purchase Credit Memo Line"),
    ),
)
