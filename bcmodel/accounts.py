from bcmodel.enums import ACCOUNT_CATEGORY, ACCOUNT_TYPE
from bcmodel.fields import boolean, code, datetime, decimal, enum, key, text
from bcmodel.model import Entity, GraphQL, Relation, Watch

ACCOUNT = Entity(
    name="account",
    entity_set="accounts",
    default_order=("number",),
    title="G/L Account",
    description="A general ledger (G/L) account of the chart of accounts. BC's API only "
    "reads accounts.",
    watch=Watch.WEBHOOK,
    insertable=False,
    updatable=False,
    deletable=False,
    graphql=GraphQL(the_one="the G/L account", several="G/L accounts"),
    fields=(
        key(),
        code(
            "number",
            20,
            read_only=True,
            description="The account's number (BC's No.), unique in the chart of accounts.",
        ),
        text("displayName", 100, read_only=True, description="The account's name."),
        enum(
            "category",
            ACCOUNT_CATEGORY,
            read_only=True,
            description="Where the account belongs in the financial statements.",
        ),
        text(
            "subCategory",
            80,
            read_only=True,
            description="The account's subcategory, such as Current Assets.",
        ),
        boolean(
            "blocked", read_only=True, description="Whether posting to the account is blocked."
        ),
        enum(
            "accountType",
            ACCOUNT_TYPE,
            read_only=True,
            description="Whether entries are posted to the account, or it heads or totals others.",
        ),
        boolean(
            "directPosting",
            read_only=True,
            description="Whether entries may be posted to the account directly, rather than "
            "only through other records such as vendors.",
        ),
        decimal(
            "netChange",
            read_only=True,
            description="The sum of the account's entries (BC's Net Change, computed).",
        ),
        # BC's wire form of this AL option is unconfirmed; the docs call it a string.
        text(
            "consolidationTranslationMethod",
            read_only=True,
            description="How the balance is translated when the company is consolidated in "
            "another currency, such as Average Rate (Manual) or Closing Rate, as BC sends it.",
        ),
        code(
            "consolidationDebitAccount",
            20,
            read_only=True,
            description="The number of the account debit balances go to in the "
            "consolidated company.",
        ),
        code(
            "consolidationCreditAccount",
            20,
            read_only=True,
            description="The number of the account credit balances go to in the "
            "consolidated company.",
        ),
        boolean(
            "excludeFromConsolidation",
            read_only=True,
            description="Whether the account is left out of consolidation.",
        ),
        datetime(),
    ),
    relations=(
        # BC has no account -> entries navigation: a query on generalLedgerEntries.
        Relation(
            "generalLedgerEntries",
            "generalLedgerEntries",
            "id",
            "accountId",
            many=True,
            description="The G/L entries posted to the account, in entryNumber order unless "
            "sorted otherwise.",
        ),
    ),
)
