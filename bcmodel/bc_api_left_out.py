"""Why bcgraph does not declare each remaining standard-group entity set of BC.

Every entity set of BC's standard group (bc_api_pages.BUSINESS_PAGES) is either declared
in bcmodel/registry.py or has a reason here; a reason for a set that is declared is an
error (tests/test_coverage_table.py): delete it when the declaration lands, and the set
moves to the covered rows of README's coverage table.
"""

from __future__ import annotations

from bcmodel.bc_api import LeftOut

# Sets whose declarations are being written alongside this table, for the same issue.
_IN_PROGRESS = "planned: being declared in parallel, for the coverage issue"


def _in_progress(*entity_sets: str) -> tuple[LeftOut, ...]:
    return tuple(LeftOut(s, _IN_PROGRESS) for s in entity_sets)


LEFT_OUT: tuple[LeftOut, ...] = (
    *_in_progress(),
    LeftOut("accountingPeriods", "not yet: fiscal calendar setup, read-only in BC"),
    LeftOut(
        "applyVendorEntries",
        "BC serves it only for one vendor payment (it needs the payment's vendor and journal "
        "line); not yet: the vendor ledger entries it lists are not modelled",
    ),
    LeftOut(
        "contactsInformation",
        "not yet: BC serves it only under a customer, vendor, employee or bank account "
        "(it needs relatedId and relatedType)",
    ),
    LeftOut("currencyExchangeRates", "not yet: exchange rates, read-only in BC"),
    LeftOut("customerContacts", "not yet: customers' person contacts"),
    LeftOut("customerReturnReasons", "not yet: return reason codes"),
    LeftOut("disputeStatus", "not yet: dispute status codes"),
    LeftOut("fixedAssetLocations", "not yet: fixed asset locations"),
    LeftOut("fixedAssets", "not yet: fixed assets"),
    LeftOut("generalLedgerSetup", "not yet: one setup record, read-only in BC"),
    LeftOut("generalProductPostingGroups", "not yet: posting setup, read-only in BC"),
    LeftOut("inventoryPostingGroups", "not yet: posting setup, read-only in BC"),
    LeftOut("itemLedgerEntries", "not yet: posted item entries, read-only in BC"),
    LeftOut(
        "jobQueueEntries",
        "background job scheduling: system administration, not business data",
    ),
    LeftOut(
        "jobQueueLogEntries",
        "background job history: system administration, not business data",
    ),
    LeftOut("opportunities", "not yet: CRM sales opportunities"),
    LeftOut(
        "pictures",
        "not yet: binary pictures under customers, vendors, items, employees and contacts",
    ),
    LeftOut("projects", "not yet: projects (BC's jobs)"),
    LeftOut("salespeoplePurchasers", "not yet: salespeople and purchasers"),
    LeftOut(
        "sustainabilityAccounts",
        "sustainability (CO2) accounts, not financial data; the page is in only part of the "
        "APIV2 source's history, under three names",
    ),
    LeftOut("taxAreas", "not yet: tax areas"),
    LeftOut("timeRegistrationEntries", "not yet: employees' time sheet entries"),
)
