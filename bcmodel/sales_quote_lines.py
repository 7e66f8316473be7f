from bcmodel.logic import Logic
from bcmodel.model import Entity, GraphQL, Watch
from bcmodel.relations import dimension_set_lines, line_objects
from bcmodel.sales_documents import line_fields
from bcmodel.sales_headers import line_relations

# BC's page APIV2SalesQuoteLines (page 30044) over the sales quote line aggregate: the
# quote notifies, and lines are listed only for given quotes.
SALES_QUOTE_LINE = Entity(
    name="salesQuoteLine",
    entity_set="salesQuoteLines",
    default_order=("documentId", "sequence"),
    title="Sales Line",
    # The line page's source table, which the platform's messages name.
    table="Sales Invoice Line Aggregate",
    description="A line of a sales quote: an item, a G/L account or another thing offered, "
    "or a comment.",
    parent="quote",
    watch=Watch.PARENT,
    logic=Logic.SALES_QUOTE_LINE,
    invalidates=("salesQuotes",),
    fixed=("sequence",),
    graphql=GraphQL(
        a_new="a line of a sales quote",
        list_description="A page of the lines of one or more sales quotes, filtered and "
        "sorted as asked. BC lists lines only for given quotes: a filter without a "
        "condition on documentId is BAD_USER_INPUT (SalesQuote.lines reads one quote's).",
        create_input="A new sales quote line: an item or account by id or number, or a comment.",
        kind_description="SalesQuoteLine records. BC has no webhook for lines: bcgraph "
        "compares a quote's lines when BC notifies a change to the quote.",
        non_null=("documentId",),
    ),
    fields=line_fields("quote"),
    relations=(
        *line_relations("quote", "salesQuotes", "salesQuote"),
        *line_objects("ships"),
        dimension_set_lines("line's", "Sales Quote Line"),
    ),
)
