from bcmodel.aging import AGING_FILTERS, aging_periods
from bcmodel.fields import code, decimal, guid, text
from bcmodel.logic import Logic
from bcmodel.model import Entity, GraphQL, Listing

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
        report_filters=AGING_FILTERS,
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
        *aging_periods(),
    ),
)
