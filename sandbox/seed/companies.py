"""The demo companies, in which tenant and environment each lives, and the period their
books cover. Seed data, no code."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sandbox.directory import CONTOSO_TENANT, FABRIKAM_TENANT
from sandbox.seed.locales import UK, US, Locale

CRONUS_US_ID = "824820a2-508c-ed11-aada-000d3a298ab3"
CRONUS_US_TEST_ID = "a3b1d7e0-508c-ed11-aada-000d3a298ab3"
FABRIKAM_LTD_ID = "5e2f8c40-7b1a-ed11-9f3c-000d3a4fab01"

# The ledger runs from the opening balances to SEED_AS_OF; account netChange
# and vendor balances are as of then. Row timestamps sit before SEED_TIME.
LEDGER_START = date(2019, 1, 1)
SEED_AS_OF = date(2021, 12, 31)
SEED_TIME = datetime(2022, 1, 3, 8, 0, tzinfo=UTC)
SYSTEM_VERSION = "27.0.38460.0"
DRAFT_SHARE = 0.35


@dataclass(frozen=True)
class CompanySpec:
    tenant_id: str
    environment: str
    id: str
    name: str
    display_name: str
    locale: Locale
    vendors: int
    invoices: int
    created_at: datetime
    # The first US invoice is BC's documented sample (4 x ATHENS Desk).
    reference_invoice: bool


COMPANIES = (
    CompanySpec(
        CONTOSO_TENANT, "production", CRONUS_US_ID, "CRONUS US", "CRONUS USA, Inc.", US,
        vendors=56, invoices=230, created_at=datetime(2018, 12, 18, 16, 55, 47, 367000, UTC),
        reference_invoice=True,
    ),
    CompanySpec(
        CONTOSO_TENANT, "production", CRONUS_US_TEST_ID, "CRONUS US TEST", "CRONUS USA Test",
        US, vendors=12, invoices=40,
        created_at=datetime(2018, 12, 19, 9, 12, 3, 120000, UTC), reference_invoice=True,
    ),
    CompanySpec(
        FABRIKAM_TENANT, "production", FABRIKAM_LTD_ID, "Fabrikam Ltd", "Fabrikam Ltd", UK,
        vendors=56, invoices=220, created_at=datetime(2018, 12, 20, 11, 4, 29, 845000, UTC),
        reference_invoice=False,
    ),
)  # fmt: skip
