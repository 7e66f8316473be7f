"""Deterministic demo data for the sandbox: companies with vendors, invoices and a ledger.

`build_seed(directory)` gives one `CompanySeed` per demo company whose tenant
and environment exist in the directory. Each company draws from its own
`random.Random` streams, seeded from the company id and a section name, so the
output is the same on every run and growing one company or one section leaves
the others as they were. Nothing reads the clock.

`CompanySeed.rows` maps entity set names to rows in BC wire form (every field
of the bcmodel entity, never None, no etags): `vendors`, `paymentTerms`,
`currencies`, `taxGroups`, `accounts`, `purchaseInvoices`, `purchaseInvoiceLines`, and
the catalog: `items` (the ones invoice lines buy), `itemCategories`, `itemVariants`,
`unitsOfMeasure`, `paymentMethods` (what vendor paymentMethodId points at),
`shipmentMethods`, `countriesRegions`, `locations`; the organisation:
`companyInformation`, `employees`, `contacts`, `bankAccounts`, `dimensions`,
`dimensionValues`, `defaultDimensions`, `dimensionSetLines`; `journals`,
`customerPaymentJournals` and `vendorPaymentJournals` (each an empty DEFAULT batch). The
payments a posted payment journal applied to purchase invoices go to the hidden
`_purchaseInvoicePayments` (id, invoiceId, amount), which the seed leaves empty.
`balanceSheets` is not stored: it is computed per request with
`invoicing.balance_sheet`, and so are the other reports (sandbox/reports/) and
`generalLedgerEntries` (sandbox/rules/gl_entries.py, from `_glEntries`). Hidden sets
(names start with "_"; the API never shows them):

* `_glEntries`: id, accountId, postingDate, amount (debit-positive), documentId
  (invoice id or empty GUID), vendorId (set on payables entries), description,
  documentNumber and documentType (what `generalLedgerEntries` shows; Invoice,
  Payment, or " " for the monthly journal entries).
  Opening balances, posted invoices (`invoicing.posting_entries`), their
  payments, and monthly sales, cost of sales, payroll and depreciation.
* `_taxRates`: id (the tax group's id), code, percent. The rate behind each
  tax group (`invoicing.tax_percents` turns them into the mapping
  `invoice_totals` takes).
* `_setup`: one row: id, payablesAccountId, inventoryAccountId, taxAccountId
  ("" where tax is capitalised, as in the US), cashAccountId. What
  `invoicing.posting_entries` needs.
* `_numberSeries`: id, code, lastNumber, incrementBy for "purchaseInvoices" (draft
  invoices, BC's P-INV), "purchaseInvoices+" (posted invoices, P-INV+) and "VEND"
  (vendors). Documents renumbered on posting take their numbers from here
  (`rules.base.take_number`, which adds the series it does not find: `<set>` for
  drafts, `<set>+` for posted documents).
* `_salespeoplePurchasers`: id, code, name, commissionPercent, email: the Contoso demo
  company's salespeople (salespeople.py), which salesperson and purchaser codes must name.

Every row, hidden ones too, has an `id` (the store keys rows by it). Dimension set lines
also carry `_key` (invoice id/dimension id), which the store keys them by instead: BC's id
of a line is its dimension's, repeated across invoices.

Hidden keys on visible rows: vendors carry `_contact` (what an invoice's
payToContact copies); accounts carry `_totaling` ("60001..69999" on End-Total
and Total accounts, else ""), the range of posting accounts their netChange sums.

Seed data (tables, no code):

companies.py      the demo companies, their tenants, the period their books cover
locales.py        what differs between a US and a UK company
vendors.py        vendor names, the fixed vendors' addresses, contact names
payment_terms.py  payment terms and methods
catalog.py        item categories, units, variants, shipment methods, countries, locations
currencies.py     the foreign currencies (all but the company's own)
accounts.py       the chart of accounts, the accounts vendors invoice against
items.py          the item catalog, comment-line texts
organisation.py   the company's information, employees, contacts, bank accounts
dimensions.py     dimensions and values, default dimensions, invoices' dimension sets

The generator:

generator.py      build_seed: each company's sections in order, and its hidden setup rows
draw.py           CompanyBuilder: a company's random streams, blank rows, shared state
master_rows.py    the company row, terms, tax groups, accounts, vendors
catalog_rows.py   items and the catalog's code tables, payment methods
invoice_rows.py   invoices and their lines, posted and paid
ledger_rows.py    the rest of the ledger, and the FlowFields it decides
organisation_rows.py  the organisation's and dimensions' sections, in one call
journal_rows.py   the general journal batches
salespeople.py    the salespeople and purchasers (a hidden table)
"""

from sandbox.seed.companies import (
    CRONUS_US_ID,
    CRONUS_US_TEST_ID,
    DRAFT_SHARE,
    FABRIKAM_LTD_ID,
    LEDGER_START,
    SEED_AS_OF,
    SEED_TIME,
    SYSTEM_VERSION,
)
from sandbox.seed.draw import Row, blank_row
from sandbox.seed.generator import CompanySeed, build_seed

__all__ = [
    "CRONUS_US_ID",
    "CRONUS_US_TEST_ID",
    "DRAFT_SHARE",
    "FABRIKAM_LTD_ID",
    "LEDGER_START",
    "SEED_AS_OF",
    "SEED_TIME",
    "SYSTEM_VERSION",
    "CompanySeed",
    "Row",
    "blank_row",
    "build_seed",
]
