from bcmodel.logic import Logic
from bcmodel.model import Entity, GraphQL, Listing
from bcmodel.report_lines import DERIVED_ID, PERIOD, schedule_fields

# A report computed per request from the general ledger: read-only, no webhooks.
CASH_FLOW_STATEMENT = Entity(
    name="cashFlowStatement",
    entity_set="cashFlowStatements",
    default_order=("lineNumber",),
    title="Acc. Schedule Line Entity",
    description="A line of BC's cash flow statement report.",
    insertable=False,
    updatable=False,
    deletable=False,
    logic=Logic.CASH_FLOW_STATEMENT,
    graphql=GraphQL(
        type="CashFlowStatementLine",
        list="cashFlowStatement",
        get=None,
        listing=Listing.REPORT,
        list_description="BC's cash flow statement for a period, ordered by line number: "
        "operating, investing and financing activities, and the change in cash.",
        report_filters=PERIOD,
        field_descriptions=(("id", DERIVED_ID),),
    ),
    fields=schedule_fields(
        "The line's cash flow in the period: positive brings cash in, negative takes it out."
    ),
)
