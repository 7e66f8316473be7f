"""The generator: each demo company's rows, built section by section in a fixed order,
and the hidden rows (setup, number series, tax rates) that follow from them."""

from __future__ import annotations

from dataclasses import dataclass

from sandbox.directory import Directory
from sandbox.invoicing import wire_number
from sandbox.seed import (
    attachment_rows,
    catalog_rows,
    customers,
    dimensions,
    invoice_rows,
    journal_rows,
    ledger_rows,
    master_rows,
    organisation_rows,
    purchase_rows,
    receipt_rows,
    sales_rows,
    salespeople,
)
from sandbox.seed.companies import COMPANIES
from sandbox.seed.draw import CompanyBuilder, Row, new_id


@dataclass(frozen=True)
class CompanySeed:
    tenant_id: str
    environment: str
    company: Row  # a `companies` row
    rows: dict[str, list[Row]]  # entity set (or hidden set) -> rows


def build_seed(directory: Directory) -> list[CompanySeed]:
    """The demo companies of every tenant and environment the directory has."""
    seeds = []
    for spec in COMPANIES:
        tenant = directory.tenant(spec.tenant_id)
        if tenant is not None and spec.environment in tenant.environments:
            seeds.append(_build(CompanyBuilder(spec)))
    return seeds


def _build(builder: CompanyBuilder) -> CompanySeed:
    # In this order: vendors and invoices point at accounts, terms and items drawn before
    # them, and the rest of the ledger is sized from what the invoices posted.
    company = master_rows.company(builder)
    terms = master_rows.payment_terms(builder)
    currencies = master_rows.currencies(builder)
    tax_groups, tax_rates = master_rows.tax_groups(builder)
    accounts = builder.chart = master_rows.accounts(builder)
    builder.account_id = {str(a["number"]): str(a["id"]) for a in accounts}
    catalog = catalog_rows.catalog(builder, tax_groups)
    items, methods = catalog["items"], catalog["paymentMethods"]
    vendors = master_rows.vendors(builder, terms, methods)
    customer_rows = customers.customers(builder, terms)
    sales = sales_rows.documents(builder, customer_rows, terms, items, tax_rates)
    invoices, lines = invoice_rows.invoices(builder, vendors, terms, items, tax_rates)
    purchases = purchase_rows.documents(builder, vendors, terms, items, tax_rates)
    received = receipt_rows.receipts(builder, invoices, lines)
    ledger_rows.ledger(builder)
    ledger_rows.settle(builder, accounts, vendors, invoices)
    setup_rng = builder.rng("setup")
    setup: Row = {
        "id": new_id(setup_rng),
        "payablesAccountId": builder.account_id["20100"],
        "inventoryAccountId": builder.account_id["10700"],
        "taxAccountId": builder.account_id.get(builder.locale.tax_account, ""),
        "cashAccountId": builder.account_id["10100"],
        # Sales posting: receivables against product sales; the local currency's code.
        "receivablesAccountId": builder.account_id["10400"],
        "salesAccountId": builder.account_id["40200"],
        "localCurrencyCode": builder.locale.currency,
    }
    drafts = [i for i in invoices if i["status"] == "Draft"]
    posted = [i for i in invoices if i["status"] != "Draft"]
    series = (
        ("purchaseInvoices", str(drafts[-1]["number"]) if drafts else "107000", 1),
        ("purchaseInvoices+", str(posted[-1]["number"]) if posted else "108000", 1),
        ("VEND", str(vendors[-1]["number"]), 10000),
    )
    number_series: list[Row] = [
        {"id": new_id(setup_rng), "code": code, "lastNumber": last, "incrementBy": step}
        for code, last, step in series
    ]
    rows: dict[str, list[Row]] = {
        "vendors": vendors,
        "customers": customer_rows,
        **sales,
        **purchases,
        **received,
        "paymentTerms": terms,
        "currencies": currencies,
        "taxGroups": tax_groups,
        "accounts": accounts,
        "purchaseInvoices": invoices,
        "purchaseInvoiceLines": lines,
        **catalog,
        **organisation_rows.rows(builder, vendors, invoices),
        "journals": journal_rows.journals(builder),
        **journal_rows.payment_journals(builder),
        **attachment_rows.attachments(
            builder, sales.get("salesInvoices", []), invoices, customer_rows
        ),
        "_glEntries": builder.entries,
        "_taxRates": [
            {
                "id": g["id"],
                "code": g["code"],
                "percent": wire_number(tax_rates[str(g["code"])]),
            }
            for g in tax_groups
        ],
        "_setup": [setup],
        "_numberSeries": number_series,
        **salespeople.rows(builder),
    }
    rows["dimensionSetLines"] += dimensions.record_sets(builder, rows)
    return CompanySeed(
        tenant_id=builder.spec.tenant_id,
        environment=builder.spec.environment,
        company=company,
        rows=rows,
    )
