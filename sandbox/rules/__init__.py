"""Each entity's rules: the plain ones from its declaration (`EntityRules`), or the
business logic its declaration names (`Entity.logic`), mapped here and nowhere else."""

from bcmodel import Entity, Logic
from sandbox.rules import reports
from sandbox.rules.balance_sheets import BalanceSheetRules
from sandbox.rules.base import EntityRules, WriteContext
from sandbox.rules.gl_entries import GeneralLedgerEntryRules
from sandbox.rules.invoices import InvoiceRules, LineRules
from sandbox.rules.journals import JournalLineRules, JournalRules
from sandbox.rules.vendors import VendorRules

PLAIN = EntityRules()

LOGIC: dict[Logic, EntityRules] = {
    Logic.NONE: PLAIN,
    Logic.VENDOR: VendorRules(),
    Logic.PURCHASE_INVOICE: InvoiceRules(),
    Logic.PURCHASE_INVOICE_LINE: LineRules(),
    Logic.BALANCE_SHEET: BalanceSheetRules(),
    Logic.INCOME_STATEMENT: reports.INCOME_STATEMENT,
    Logic.TRIAL_BALANCE: reports.TRIAL_BALANCE,
    Logic.CASH_FLOW_STATEMENT: reports.CASH_FLOW_STATEMENT,
    Logic.RETAINED_EARNINGS: reports.RETAINED_EARNINGS,
    Logic.AGED_ACCOUNTS_PAYABLE: reports.AGED_ACCOUNTS_PAYABLE,
    Logic.VENDOR_PURCHASES: reports.VENDOR_PURCHASES,
    Logic.GENERAL_LEDGER_ENTRY: GeneralLedgerEntryRules(),
    Logic.JOURNAL: JournalRules(),
    Logic.JOURNAL_LINE: JournalLineRules(),
}


def rules_for(entity: Entity) -> EntityRules:
    return LOGIC[entity.logic]


__all__ = ["LOGIC", "EntityRules", "WriteContext", "rules_for"]
