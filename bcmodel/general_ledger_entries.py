from bcmodel.fields import code, date, datetime, decimal, enum, guid, integer, key, text
from bcmodel.ledger_enums import DOCUMENT_TYPE
from bcmodel.logic import Logic
from bcmodel.model import Entity, GraphQL, Relation
from bcmodel.relations import dimension_set_lines

# BC's G/L Entry table through APIV2GeneralLedgerEntries: read-only, written only by
# posting (invoices, journals). The page offers no webhook (no ChangeTrackingAllowed).
GENERAL_LEDGER_ENTRY = Entity(
    name="generalLedgerEntry",
    entity_set="generalLedgerEntries",
    default_order=("entryNumber",),
    title="G/L Entry",
    description="An entry of the general ledger: one debit or credit to one G/L account, "
    "written when a document or a journal is posted. BC's API only reads them.",
    insertable=False,
    updatable=False,
    deletable=False,
    # Numbered and filled in from what posting recorded (sandbox/rules/gl_entries.py).
    logic=Logic.GENERAL_LEDGER_ENTRY,
    graphql=GraphQL(
        the_one="the G/L entry",
        several="G/L entries",
        list_description="A page of G/L entries, filtered and sorted as asked; by default "
        "in entryNumber order, which is the order they were posted in.",
    ),
    fields=(
        key(),
        integer(
            "entryNumber",
            read_only=True,
            description="The entry's number (BC's Entry No.): entries are numbered in the "
            "order they are posted.",
        ),
        date("postingDate", read_only=True, description="The date the entry is posted on."),
        code(
            "documentNumber",
            20,
            read_only=True,
            description="The number of the document posted (BC's Document No.), such as the "
            "posted invoice's number or the journal line's document number.",
        ),
        enum(
            "documentType",
            DOCUMENT_TYPE,
            read_only=True,
            description="What kind of document was posted.",
        ),
        guid(
            "accountId",
            read_only=True,
            description="The id of the G/L account the entry is posted to (the `account` "
            "field reads it).",
        ),
        code(
            "accountNumber",
            20,
            read_only=True,
            description="The number of the G/L account the entry is posted to.",
        ),
        text("description", 100, read_only=True, description="What the entry is for."),
        decimal(
            "debitAmount",
            read_only=True,
            description="The amount debited to the account; 0 on a credit entry.",
        ),
        decimal(
            "creditAmount",
            read_only=True,
            description="The amount credited to the account, as a positive number; 0 on a "
            "debit entry.",
        ),
        decimal(
            "additionalCurrencyDebitAmount",
            read_only=True,
            description="The debit in the additional reporting currency set up in the "
            "general ledger; 0 without one.",
        ),
        decimal(
            "additionalCurrencyCreditAmount",
            read_only=True,
            description="The credit in the additional reporting currency set up in the "
            "general ledger; 0 without one.",
        ),
        datetime(description="When the entry was posted (BC's SystemModifiedAt)."),
    ),
    relations=(
        # BC's page has no such navigation: a look-up of the account by its id.
        Relation(
            "account",
            "accounts",
            "accountId",
            description="The G/L account the entry is posted to.",
        ),
        dimension_set_lines("entry's", "General Ledger Entry", writable=False),
    ),
)
