"""BC's reports other than the balance sheet: each computed from the company's ledger and
documents for every GET, for the parameters the request's `$filter` gives (as BC's report
pages read their filters), never stored. A report is a `compute` function here, mapped
from its declaration's Logic in sandbox/rules/__init__.py."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from bcmodel import Entity
from sandbox.options import QueryOptions
from sandbox.reports.accounts import trial_balance
from sandbox.reports.lines import Period, period
from sandbox.reports.payables import (
    DEFAULT_PERIOD_LENGTH,
    aged_payables,
    valid_period_length,
    vendor_purchases,
)
from sandbox.reports.receivables import aged_receivables, customer_sales, financial_details
from sandbox.reports.statements import cash_flow_statement, income_statement, retained_earnings
from sandbox.rules import ledger
from sandbox.rules.base import EntityRules, dialog
from sandbox.rules.filters import date_bound, date_equal, text_equal
from sandbox.rules.payment_posting import purchase_payments
from sandbox.store import Record, Row, Scope, Store, make_etag
from sandbox.values import today

Compute = Callable[[Store, Scope, str | None], list[Row]]


class ReportRules(EntityRules):
    def __init__(self, compute: Compute) -> None:
        self._compute = compute

    def listed(
        self, store: Store, scope: Scope, entity: Entity, opts: QueryOptions
    ) -> list[Record]:
        rows = self._compute(store, scope, opts.filter)
        # A line's etag names what it shows, so it changes when the numbers do.
        return [Record(row, 1, make_etag(repr(sorted(row.items())), 1)) for row in rows]


def _rows(store: Store, scope: Scope, entity_set: str) -> list[Row]:
    return [r.row for r in store.records(scope, entity_set)]


def _period(filter_text: str | None) -> Period:
    start = date_bound(filter_text, "dateFilter", "ge")
    end = date_bound(filter_text, "dateFilter", "le") or date_equal(filter_text, "dateFilter")
    return period(start, end, today())


def _ledger(store: Store, scope: Scope) -> tuple[list[Row], list[Row]]:
    return _rows(store, scope, "accounts"), _rows(store, scope, ledger.GL_ENTRIES)


def _income(store: Store, scope: Scope, filter_text: str | None) -> list[Row]:
    accounts, entries = _ledger(store, scope)
    return income_statement(accounts, entries, _period(filter_text), company_id=scope.company_id)


def _cash_flow(store: Store, scope: Scope, filter_text: str | None) -> list[Row]:
    accounts, entries = _ledger(store, scope)
    return cash_flow_statement(accounts, entries, _period(filter_text), company_id=scope.company_id)


def _retained(store: Store, scope: Scope, filter_text: str | None) -> list[Row]:
    accounts, entries = _ledger(store, scope)
    return retained_earnings(accounts, entries, _period(filter_text), company_id=scope.company_id)


def _trial(store: Store, scope: Scope, filter_text: str | None) -> list[Row]:
    accounts, entries = _ledger(store, scope)
    return trial_balance(accounts, entries, _period(filter_text))


def _aging(filter_text: str | None) -> tuple[date, str]:
    as_of = date_equal(filter_text, "agedAsOfDate") or today()
    length = (text_equal(filter_text, "periodLengthFilter") or DEFAULT_PERIOD_LENGTH).upper()
    if not valid_period_length(length):
        # BC evaluates the text as a date formula; the sandbox takes one step (30D, 1M).
        raise dialog(f"The period length {length} is not a valid date formula.")
    return as_of, length


def _aged_payables(store: Store, scope: Scope, filter_text: str | None) -> list[Row]:
    as_of, length = _aging(filter_text)
    vendors = _rows(store, scope, "vendors")
    invoices = _rows(store, scope, "purchaseInvoices")
    return aged_payables(vendors, invoices, as_of, length, purchase_payments(store, scope))


def _aged_receivables(store: Store, scope: Scope, filter_text: str | None) -> list[Row]:
    as_of, length = _aging(filter_text)
    customers = _rows(store, scope, "customers")
    return aged_receivables(customers, _rows(store, scope, "salesInvoices"), as_of, length)


def _customer_sales(store: Store, scope: Scope, filter_text: str | None) -> list[Row]:
    start = date_bound(filter_text, "dateFilter", "ge")
    end: date = date_bound(filter_text, "dateFilter", "le") or today()
    customers = _rows(store, scope, "customers")
    invoices = _rows(store, scope, "salesInvoices")
    return customer_sales(customers, invoices, _rows(store, scope, "salesCreditMemos"), start, end)


def _financial_details(store: Store, scope: Scope, filter_text: str | None) -> list[Row]:
    customers = _rows(store, scope, "customers")
    invoices = _rows(store, scope, "salesInvoices")
    return financial_details(customers, invoices, _rows(store, scope, "salesCreditMemos"), today())


class ComputedRecordRules(ReportRules):
    """A computed view read by id too (customer financial details: the customer's id)."""

    def fetched(self, store: Store, scope: Scope, entity: Entity, record_id: str) -> Record | None:
        wanted = record_id.lower()
        return next(
            (
                r
                for r in self.listed(store, scope, entity, QueryOptions())
                if str(r.row[entity.key]).lower() == wanted
            ),
            None,
        )


def _vendor_purchases(store: Store, scope: Scope, filter_text: str | None) -> list[Row]:
    start = date_bound(filter_text, "dateFilter", "ge")
    end: date = date_bound(filter_text, "dateFilter", "le") or today()
    vendors = _rows(store, scope, "vendors")
    return vendor_purchases(vendors, _rows(store, scope, "purchaseInvoices"), start, end)


INCOME_STATEMENT = ReportRules(_income)
CASH_FLOW_STATEMENT = ReportRules(_cash_flow)
RETAINED_EARNINGS = ReportRules(_retained)
TRIAL_BALANCE = ReportRules(_trial)
AGED_ACCOUNTS_PAYABLE = ReportRules(_aged_payables)
VENDOR_PURCHASES = ReportRules(_vendor_purchases)
AGED_ACCOUNTS_RECEIVABLE = ComputedRecordRules(_aged_receivables)
CUSTOMER_SALES = ReportRules(_customer_sales)
CUSTOMER_FINANCIAL_DETAIL = ComputedRecordRules(_financial_details)
