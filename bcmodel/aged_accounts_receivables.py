from bcmodel.aging import AGING_FILTERS, aging_periods
from bcmodel.fields import code, decimal, guid, text
from bcmodel.logic import Logic
from bcmodel.model import Entity, GraphQL, Listing

# A report computed per request from the open sales invoices (BC's Aged Report Entity,
# a temporary table keyed by the customer's id): read-only, no webhooks.
AGED_ACCOUNTS_RECEIVABLE = Entity(
    name="agedAccountsReceivable",
    entity_set="agedAccountsReceivables",
    key="customerId",
    default_order=("customerNumber",),
    title="Aged Report Entity",
    description="A line of BC's aged accounts receivable: what one customer owes the company, "
    "by how long it has been due.",
    insertable=False,
    updatable=False,
    deletable=False,
    logic=Logic.AGED_ACCOUNTS_RECEIVABLE,
    graphql=GraphQL(
        type="AgedAccountsReceivableLine",
        list="agedAccountsReceivable",
        get=None,
        listing=Listing.REPORT,
        list_description="BC's aged accounts receivable as of a date: a line per customer, in "
        "customer number order, with the customer's open balance by how long it is overdue.",
        report_filters=AGING_FILTERS,
        report_key="customerId",
    ),
    fields=(
        guid("customerId", read_only=True, description="The id of the customer."),
        code("customerNumber", 20, read_only=True, description="The customer's number."),
        text("name", 100, read_only=True, description="The customer's name."),
        code(
            "currencyCode",
            10,
            read_only=True,
            description="The currency of the amounts; empty: the company's own.",
        ),
        decimal(
            "balanceDue",
            read_only=True,
            description="What the customer owes the company: the sum of the periods.",
        ),
        *aging_periods(),
    ),
)
