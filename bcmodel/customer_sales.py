from bcmodel.fields import code, date, decimal, guid, text
from bcmodel.logic import Logic
from bcmodel.model import Entity, GraphQL, Listing, ReportFilter

# BC's API query APIV2CustomerSales: each customer with the sum of its sales (customer
# ledger entries' Sales (LCY), invoices and credit memos) in an optional date range;
# read-only.
CUSTOMER_SALE = Entity(
    name="customerSale",
    entity_set="customerSales",
    key="customerId",
    default_order=("customerNumber",),
    title="Customer Sale",
    description="A customer with what the company sold it in a period.",
    insertable=False,
    updatable=False,
    deletable=False,
    logic=Logic.CUSTOMER_SALES,
    graphql=GraphQL(
        type="CustomerSale",
        list="customerSales",
        get=None,
        listing=Listing.REPORT,
        list_description="Each customer, in customer number order, with the total of its "
        "posted sales invoices less its posted credit memos (before tax) in the period.",
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
        report_key="customerId",
    ),
    fields=(
        guid("customerId", read_only=True, description="The id of the customer."),
        code("customerNumber", 20, read_only=True, description="The customer's number."),
        text("name", 100, read_only=True, description="The customer's name."),
        decimal(
            "totalSalesAmount",
            read_only=True,
            description="The total of the customer's posted sales invoices less its credit "
            "memos in the period, before tax, in the company's currency.",
        ),
        date(
            "dateFilter",
            read_only=True,
            description="The last posting date counted (BC's filter on Posting Date).",
        ),
    ),
)
