from bcmodel.fields import code, datetime, decimal, key
from bcmodel.logic import Logic
from bcmodel.model import Entity, GraphQL

# BC's APIV2CustFinancialDetails: the Customer table through a read-only page of its
# FlowFields, computed with the date filter ..yesterday (the page's OnAfterGetRecord).
CUSTOMER_FINANCIAL_DETAIL = Entity(
    name="customerFinancialDetail",
    entity_set="customerFinancialDetails",
    default_order=("number",),
    title="Customer",
    description="A customer's financial figures: its balance, its sales before today and "
    "what it owes that is overdue.",
    insertable=False,
    updatable=False,
    deletable=False,
    logic=Logic.CUSTOMER_FINANCIAL_DETAIL,
    graphql=GraphQL(
        the_one="the customer's financial details",
        several="customers' financial details",
    ),
    fields=(
        key("The id of the customer (its financial details share it)."),
        code("number", 20, read_only=True, description="The customer's number."),
        decimal(
            "balance",
            read_only=True,
            description="What the customer owes the company in local currency (BC's "
            "Balance (LCY)): its posted invoices less credit memos and payments.",
        ),
        decimal(
            "totalSalesExcludingTax",
            read_only=True,
            description="The customer's sales before tax posted before today (BC's Sales "
            "(LCY) with the date filter ..yesterday): invoices less credit memos.",
        ),
        decimal(
            "overdueAmount",
            read_only=True,
            description="What the customer owes that fell due before today (BC's Balance "
            "Due (LCY) with the date filter ..yesterday).",
        ),
        datetime(description="When the customer was last modified."),
    ),
)
