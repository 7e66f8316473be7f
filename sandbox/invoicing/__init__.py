"""Purchase-invoice arithmetic and the ledger behind it: pure functions, no I/O.

Money is computed in `Decimal` and rounded half away from zero to cents (BC's
default amount rounding precision); results go back into rows as int/float
because rows are BC wire JSON. Every function returns new dicts and leaves its
arguments alone, so the sandbox can call them on stored rows freely.

Errors are `ValueError`s whose text is what BC would say (the sandbox turns
them into a 400).

amounts.py         row values as Decimal, BC's JSON numbers, rounding to cents
totals.py          line amounts, tax, the invoice discount spread over lines, invoice totals
date_formulas.py   AL date formulas: due dates from payment terms
general_ledger.py  the G/L entries of posting, account balances, the balance sheet
"""

from sandbox.invoicing.amounts import ZERO, Row, dec, round_amount, wire_number
from sandbox.invoicing.date_formulas import due_date
from sandbox.invoicing.general_ledger import (
    EMPTY_GUID,
    account_balances,
    balance_sheet,
    posting_entries,
)
from sandbox.invoicing.totals import allocate, invoice_totals, line_amounts, tax_percents

__all__ = [
    "EMPTY_GUID",
    "ZERO",
    "Row",
    "account_balances",
    "allocate",
    "balance_sheet",
    "dec",
    "due_date",
    "invoice_totals",
    "line_amounts",
    "posting_entries",
    "round_amount",
    "tax_percents",
    "wire_number",
]
