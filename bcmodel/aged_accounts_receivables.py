from bcmodel.fields import code, date, decimal, guid, text
from bcmodel.logic import Logic
from bcmodel.model import Entity, GraphQL, Listing, ReportFilter

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
        report_filters=(
            ReportFilter(
                "agedAsOfDate",
                "agedAsOfDate",
                description="The date the balances are aged as of; left out: today.",
            ),
            ReportFilter(
                "periodLength",
                "periodLengthFilter",
                description="The length of each aging period, as a date formula such as 30D "
                "or 1M; left out: 30D.",
            ),
        ),
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
        decimal(
            "currentAmount",
            read_only=True,
            description="What is not yet due on agedAsOfDate (BC's Before).",
        ),
        decimal(
            "period1Amount",
            read_only=True,
            description="What has been due for up to one period length.",
        ),
        decimal(
            "period2Amount",
            read_only=True,
            description="What has been due for more than one and up to two period lengths.",
        ),
        decimal(
            "period3Amount",
            read_only=True,
            description="What has been due for more than two period lengths.",
        ),
        date("agedAsOfDate", read_only=True, description="The date the balances are aged as of."),
        text(
            "periodLengthFilter",
            10,
            read_only=True,
            description="The length of each aging period, as a date formula such as 30D.",
        ),
    ),
)
