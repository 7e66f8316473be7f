from bcmodel.enums import ACCOUNT_TYPE
from bcmodel.fields import code, date, decimal, enum, guid, text
from bcmodel.logic import Logic
from bcmodel.model import Entity, GraphQL, Listing
from bcmodel.report_lines import PERIOD

# A report computed per request from the general ledger (BC's Trial Balance Entity
# Buffer, a temporary table keyed by the account's id): read-only, no webhooks.
TRIAL_BALANCE = Entity(
    name="trialBalance",
    entity_set="trialBalances",
    key="accountId",
    default_order=("number",),
    title="Trial Balance Entity Buffer",
    description="A line of BC's trial balance: one G/L account's debits and credits in a "
    "period, and its balance at the period's end.",
    insertable=False,
    updatable=False,
    deletable=False,
    logic=Logic.TRIAL_BALANCE,
    graphql=GraphQL(
        type="TrialBalanceLine",
        list="trialBalance",
        get=None,
        listing=Listing.REPORT,
        list_description="BC's trial balance for a period: a line per G/L account, in "
        "account number order.",
        report_filters=PERIOD,
        report_key="accountId",
    ),
    fields=(
        code("number", 20, read_only=True, description="The account's number (BC's No.)."),
        guid("accountId", read_only=True, description="The id of the G/L account."),
        enum(
            "accountType",
            ACCOUNT_TYPE,
            read_only=True,
            description="Whether the account is posted to, or heads or totals others.",
        ),
        text("display", read_only=True, description="The account's name."),
        decimal(
            "totalDebit",
            read_only=True,
            description="The account's net change in the period when it is a debit; else 0.",
        ),
        decimal(
            "totalCredit",
            read_only=True,
            description="The account's net change in the period when it is a credit, as a "
            "positive number; else 0.",
        ),
        decimal(
            "balanceAtDateDebit",
            read_only=True,
            description="The account's balance at the period's end when it is a debit; else 0.",
        ),
        decimal(
            "balanceAtDateCredit",
            read_only=True,
            description="The account's balance at the period's end when it is a credit, as a "
            "positive number; else 0.",
        ),
        date("dateFilter", read_only=True, description="The last day of the report's period."),
    ),
)
