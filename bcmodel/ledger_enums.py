"""BC's enum types of the general ledger and its journals (AL member names, decoded)."""

from bcmodel.edm import EnumType

DOCUMENT_TYPE = EnumType(
    "genJournalDocumentType",
    (" ", "Payment", "Invoice", "Credit Memo", "Finance Charge Memo", "Reminder", "Refund"),
    "What kind of document a ledger entry or journal line records.",
    (
        "No document type: a plain journal entry.",
        "A payment.",
        "An invoice.",
        "A credit memo.",
        "A finance charge memo.",
        "A reminder.",
        "A refund.",
    ),
    graphql="LedgerDocumentType",
)
JOURNAL_ACCOUNT_TYPE = EnumType(
    "genJournalAccountType",
    (
        "G/L Account",
        "Customer",
        "Vendor",
        "Bank Account",
        "Fixed Asset",
        "IC Partner",
        "Employee",
        "Allocation Account",
    ),
    "What a journal line's account (or balancing account) is. BC's journalLines page shows "
    "lines of G/L accounts and bank accounts only.",
    (
        "A G/L account (one of `accounts`).",
        "A customer.",
        "A vendor.",
        "A bank account.",
        "A fixed asset.",
        "An intercompany partner.",
        "An employee.",
        "An allocation account.",
    ),
    graphql="JournalAccountType",
)

LEDGER_ENUMS = (DOCUMENT_TYPE, JOURNAL_ACCOUNT_TYPE)
