from bcmodel.logic import Logic
from bcmodel.model import Entity, GraphQL, Listing
from bcmodel.report_lines import DERIVED_ID, PERIOD, schedule_fields

# A report computed per request from the general ledger (BC's Acc. Schedule Line Entity,
# a temporary table): read-only, no webhooks.
INCOME_STATEMENT = Entity(
    name="incomeStatement",
    entity_set="incomeStatements",
    default_order=("lineNumber",),
    title="Acc. Schedule Line Entity",
    description="A line of BC's income statement report.",
    insertable=False,
    updatable=False,
    deletable=False,
    logic=Logic.INCOME_STATEMENT,
    graphql=GraphQL(
        type="IncomeStatementLine",
        list="incomeStatement",
        get=None,
        listing=Listing.REPORT,
        list_description="BC's income statement for a period, ordered by line number: "
        "income, cost of goods sold, gross profit, expenses and net income.",
        report_filters=PERIOD,
        field_descriptions=(("id", DERIVED_ID),),
    ),
    fields=schedule_fields(
        "The line's amount for the period: income and profit positive, costs and "
        "expenses positive on their own lines."
    ),
)
