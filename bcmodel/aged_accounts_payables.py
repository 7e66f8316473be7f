from bcmodel.fields import code, date, decimal, guid, text
from bcmodel.logic import Logic
from bcmodel.model import Entity, GraphQL, Listing, ReportFilter

# A report computed per request from the open purchase invoices (BC's Aged Report Entity,
# a temporary table keyed by the vendor's id): read-only, no webhooks.
AGED_ACCOUNTS_PAYABLE = Entity(
    name="agedAccountsPayable",
    entity_set="agedAccountsPayables",
    key="vendorId",
    default_order=("vendorNumber",),
    title="Aged Report Entity",
    description="A line of BC's aged accounts payable: what the company owes one vendor, "
    "by how long it has been due.",
    insertable=False,
    updatable=False,
    deletable=False,
    logic=Logic.AGED_ACCOUNTS_PAYABLE,
    graphql=GraphQL(
        type="AgedAccountsPayableLine",
        list="agedAccountsPayable",
        get=None,
        listing=Listing.REPORT,
        list_description="BC's aged accounts payable as of a date: a line per vendor, in "
        "vendor number order, with the vendor's open balance by how long it is overdue.",
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
        report_key="vendorId",
    ),
    fields=(
        guid("vendorId", read_only=True, description="The id of the vendor."),
        code("vendorNumber", 20, read_only=True, description="The vendor's number."),
        text("name", 100, read_only=True, description="The vendor's name."),
        code(
            "currencyCode",
            10,
            read_only=True,
            description="The currency of the amounts; empty: the company's own.",
        ),
        decimal(
            "balanceDue",
            read_only=True,
            description="What the company owes the vendor: the sum of the periods.",
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
