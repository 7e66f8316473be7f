from bcmodel.fields import code, date, datetime, decimal, enum, guid, integer, key, tax_code, text
from bcmodel.ledger_enums import JOURNAL_ACCOUNT_TYPE
from bcmodel.logic import Logic
from bcmodel.model import Entity, GraphQL, Relation, Watch
from bcmodel.relations import dimension_set_lines

_ACCOUNT = (
    "BC fills in the number from the id and the id from the number; a line of a G/L "
    "account names one of `accounts`."
)

# BC's Gen. Journal Line through APIV2JournalLines. BC lists lines only for a given journal
# (or line id) and notifies their journal, not the lines.
JOURNAL_LINE = Entity(
    name="journalLine",
    entity_set="journalLines",
    default_order=("journalId", "lineNumber"),
    title="Gen. Journal Line",
    description="A line of a general journal: an amount to post to an account, balanced "
    "by its balancing account, the journal's, or other lines of its document.",
    parent="journal",
    watch=Watch.PARENT,
    logic=Logic.JOURNAL_LINE,
    graphql=GraphQL(
        a_new="a journal line",
        list_description="A page of the lines of one or more journals, filtered and sorted "
        "as asked. BC lists lines only for given journals: a filter without a condition on "
        "journalId is BAD_USER_INPUT (Journal.lines reads one journal's).",
        create_input="A new journal line: an account, a date, a document number and an amount.",
        kind_description="JournalLine records. BC has no webhook for lines: bcgraph compares "
        "a journal's lines when BC notifies a change to the journal.",
        non_null=("journalId",),
    ),
    fields=(
        key(),
        guid("journalId", read_only=True, description="The id of the journal of the line."),
        code(
            "journalDisplayName",
            10,
            read_only=True,
            description="The code of the journal of the line (BC's Journal Batch Name).",
        ),
        integer(
            "lineNumber",
            description="The line's number in its journal (BC's Line No.), which orders the "
            "lines; BC numbers a new line in steps of 10000 unless it is given.",
        ),
        enum(
            "accountType",
            JOURNAL_ACCOUNT_TYPE,
            description="What the account is: a G/L account unless given.",
        ),
        guid("accountId", description=f"The id of the account the amount posts to. {_ACCOUNT}"),
        code(
            "accountNumber",
            20,
            description=f"The number of the account the amount posts to. {_ACCOUNT}",
        ),
        date(
            "postingDate",
            description="The date the line posts on; BC gives a new line today's date.",
        ),
        code(
            "documentNumber",
            20,
            description="The document number the entries get (BC's Document No.); a line's "
            "document must balance on its own when it has no balancing account.",
        ),
        code(
            "externalDocumentNumber",
            35,
            description="The document's number at the other party, such as a vendor's "
            "invoice number.",
        ),
        decimal(
            "amount",
            description="The amount to post: positive debits the account, negative credits "
            "it; the balancing account gets the opposite.",
        ),
        text("description", 100, description="What the line is for; the entries carry it."),
        text("comment", 250, description="A comment on the line."),
        tax_code(
            length=20,
            description="The tax group (or VAT product posting group) of the line; BC "
            "refuses a code no tax group has.",
        ),
        enum(
            "balanceAccountType",
            JOURNAL_ACCOUNT_TYPE,
            description="What the balancing account is: a G/L account unless given.",
        ),
        guid(
            "balancingAccountId",
            description="The id of the account that balances the line (BC's Bal. Account "
            "No.); empty: the journal's, or none. BC fills in the number from it.",
        ),
        code(
            "balancingAccountNumber",
            20,
            caption="Bal. Account No.",
            description="The number of the balancing account; BC fills in the id from it.",
        ),
        datetime(),
    ),
    relations=(
        Relation(
            "journal",
            "journals",
            "journalId",
            nav="journal",
            description="The journal the line belongs to.",
        ),
        Relation(
            "account",
            "accounts",
            "accountId",
            description="The G/L account the amount posts to; null when none is set.",
        ),
        Relation(
            "balancingAccount",
            "accounts",
            "balancingAccountId",
            description="The balancing G/L account of the line; null when it has none.",
        ),
        dimension_set_lines("journal line's", "Journal Line"),
    ),
)
