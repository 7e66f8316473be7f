from bcmodel.fields import date, decimal, integer, key, text
from bcmodel.model import Entity, GraphQL

# A report generated per request from account balances; read-only, no webhooks.
BALANCE_SHEET = Entity(
    name="balanceSheet",
    entity_set="balanceSheets",
    default_order=("lineNumber",),
    title="Balance Sheet Buffer",
    insertable=False,
    updatable=False,
    deletable=False,
    # One root field with the report's date, not a paged list; no line by id.
    graphql=GraphQL(type="BalanceSheetLine", list="balanceSheet", get=None),
    fields=(
        key(),
        integer("lineNumber", read_only=True),
        text("display", read_only=True),
        decimal("balance", read_only=True),
        text("lineType", read_only=True),
        integer("indentation", read_only=True),
        date("dateFilter", read_only=True),
    ),
)
