from bcmodel.fields import date, decimal, integer, key, text
from bcmodel.logic import Logic
from bcmodel.model import Entity, GraphQL, Listing

# A report generated per request from account balances; read-only, no webhooks.
BALANCE_SHEET = Entity(
    name="balanceSheet",
    entity_set="balanceSheets",
    default_order=("lineNumber",),
    title="Balance Sheet Buffer",
    description="A line of BC's balance sheet report.",
    insertable=False,
    updatable=False,
    deletable=False,
    logic=Logic.BALANCE_SHEET,
    # One root field with the report's date, not a paged list; no line by id.
    graphql=GraphQL(
        type="BalanceSheetLine",
        list="balanceSheet",
        get=None,
        listing=Listing.REPORT,
        list_description="BC's balance sheet report as of a date, ordered by line number.",
        # The gateway derives a line's id per date (resolvers/queries.py).
        field_descriptions=(
            (
                "id",
                "This line of this report: derived from the company, lineNumber and the "
                "report's date, so it is the same whenever that line is read again and "
                "differs on another date or company (normalised caches keep each date's "
                "numbers apart). Not BC's id of the line, which is the same on every date.",
            ),
        ),
    ),
    fields=(
        key("BC's id of the line: the same on every date."),
        integer(
            "lineNumber",
            read_only=True,
            description="The line's place in the report (BC's Line No.); lines come in this order.",
        ),
        text(
            "display",
            read_only=True,
            description="The line's caption, such as Assets or Cash (BC's Description).",
        ),
        decimal("balance", read_only=True, description="The line's balance on the report's date."),
        text(
            "lineType",
            read_only=True,
            description="What the line is: header, detail, total or spacer.",
        ),
        integer(
            "indentation",
            read_only=True,
            description="How deep the line sits under its headers: 0 at the top.",
        ),
        date("dateFilter", read_only=True, description="The date the report is as of."),
    ),
)
