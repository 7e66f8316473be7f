from bcmodel.logic import Logic
from bcmodel.model import Entity, GraphQL, Relation, Watch
from bcmodel.relations import dimension_set_lines, line_objects
from bcmodel.sales_documents import line_fields

# BC's page APIV2SalesCreditMemoLines over the same temporary line table as the invoice
# lines: the credit memo notifies, and lines are listed only for given credit memos.
SALES_CREDIT_MEMO_LINE = Entity(
    name="salesCreditMemoLine",
    entity_set="salesCreditMemoLines",
    default_order=("documentId", "sequence"),
    title="Sales Line",
    # The line page's source table, which the platform's messages name.
    table="Sales Invoice Line Aggregate",
    description="A line of a sales credit memo: an item, a G/L account or another thing "
    "credited, or a comment.",
    parent="creditMemo",
    watch=Watch.PARENT,
    logic=Logic.SALES_CREDIT_MEMO_LINE,
    invalidates=("salesCreditMemos",),
    fixed=("sequence",),
    graphql=GraphQL(
        a_new="a line of a draft sales credit memo",
        list_description="A page of the lines of one or more sales credit memos, filtered "
        "and sorted as asked. BC lists lines only for given credit memos: a filter without a "
        "condition on documentId is BAD_USER_INPUT (SalesCreditMemo.lines reads one's).",
        create_input="A new credit memo line: an item or account by id or number, or a comment.",
        kind_description="SalesCreditMemoLine records. BC has no webhook for lines: bcgraph "
        "compares a credit memo's lines when BC notifies a change to the credit memo.",
        non_null=("documentId",),
    ),
    fields=line_fields("credit memo"),
    relations=(
        Relation(
            "creditMemo",
            "salesCreditMemos",
            "documentId",
            nav="salesCreditMemo",
            description="The credit memo the line belongs to.",
        ),
        Relation(
            "account",
            "accounts",
            "accountId",
            nav="account",
            description="The G/L account of an account line; null on other lines.",
        ),
        *line_objects("ships"),
        dimension_set_lines("line's", "Sales Credit Memo Line"),
    ),
)
