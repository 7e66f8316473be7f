from bcmodel.fields import code, date, decimal, guid, text
from bcmodel.logic import Logic
from bcmodel.model import Entity, GraphQL, Listing, ReportFilter

# BC's API query APIV2VendorPurchases: each vendor with the sum of its purchases
# (vendor ledger entries' Purchase (LCY)) in an optional date range; read-only.
VENDOR_PURCHASE = Entity(
    name="vendorPurchase",
    entity_set="vendorPurchases",
    key="vendorId",
    default_order=("vendorNumber",),
    title="Vendor Purchase",
    description="A vendor with what the company bought from it in a period.",
    insertable=False,
    updatable=False,
    deletable=False,
    logic=Logic.VENDOR_PURCHASES,
    graphql=GraphQL(
        type="VendorPurchase",
        list="vendorPurchases",
        get=None,
        listing=Listing.REPORT,
        list_description="Each vendor, in vendor number order, with the total of its "
        "posted purchase invoices (before tax) in the period.",
        report_filters=(
            ReportFilter(
                "startDate",
                "dateFilter",
                "ge",
                description="The first posting date counted; left out: no lower bound.",
            ),
            ReportFilter(
                "endDate",
                "dateFilter",
                "le",
                description="The last posting date counted; left out: today.",
            ),
        ),
        report_key="vendorId",
    ),
    fields=(
        guid("vendorId", read_only=True, description="The id of the vendor."),
        code("vendorNumber", 20, read_only=True, description="The vendor's number."),
        text("name", 100, read_only=True, description="The vendor's name."),
        decimal(
            "totalPurchaseAmount",
            read_only=True,
            description="The total of the vendor's posted purchase invoices in the period, "
            "before tax, in the company's currency.",
        ),
        date(
            "dateFilter",
            read_only=True,
            description="The last posting date counted (BC's filter on Posting Date).",
        ),
    ),
)
