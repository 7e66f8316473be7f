from bcmodel.logic import Logic
from bcmodel.model import Entity, GraphQL, Listing
from bcmodel.report_lines import DERIVED_ID, PERIOD, schedule_fields

# A report computed per request from the general ledger: read-only, no webhooks.
RETAINED_EARNINGS_STATEMENT = Entity(
    name="retainedEarningsStatement",
    entity_set="retainedEarningsStatements",
    default_order=("lineNumber",),
    title="Acc. Schedule Line Entity",
    description="A line of BC's retained earnings statement report.",
    insertable=False,
    updatable=False,
    deletable=False,
    logic=Logic.RETAINED_EARNINGS,
    graphql=GraphQL(
        type="RetainedEarningsLine",
        list="retainedEarnings",
        get=None,
        listing=Listing.REPORT,
        list_description="BC's retained earnings statement for a period, ordered by line "
        "number: retained earnings at its start, the period's net income and "
        "distributions, and retained earnings at its end.",
        report_filters=PERIOD,
        field_descriptions=(("id", DERIVED_ID),),
    ),
    fields=schedule_fields("The line's amount, credit-positive (earnings are positive)."),
)
