"""A company's master data, drawn: the company row, payment terms, currencies, tax groups,
the chart of accounts and vendors (the catalog is catalog_rows.py's)."""

from __future__ import annotations

import unicodedata
from decimal import Decimal

from bcmodel.companies import COMPANY
from bcmodel.edm import encode_name
from sandbox.invoicing import wire_number
from sandbox.seed.accounts import CHART
from sandbox.seed.companies import SEED_TIME, SYSTEM_VERSION
from sandbox.seed.currencies import CURRENCIES
from sandbox.seed.draw import CompanyBuilder, Row, before, blank_row, new_id, stamp
from sandbox.seed.payment_terms import PAYMENT_TERMS
from sandbox.seed.vendors import (
    FIRST_NAMES,
    FIXED_VENDORS,
    GERMAN_ADDRESS,
    LAST_NAMES,
    US_FIXED_ADDRESSES,
)


def company(builder: CompanyBuilder) -> Row:
    rng = builder.rng("company")
    admin = new_id(rng)
    created = stamp(builder.spec.created_at)
    row = blank_row(COMPANY)
    row.update(
        id=builder.spec.id,
        systemVersion=SYSTEM_VERSION,
        timestamp=rng.randrange(40000, 90000),
        name=builder.spec.name,
        displayName=builder.spec.display_name,
        businessProfileId="",
        systemCreatedAt=created,
        systemCreatedBy=admin,
        systemModifiedAt=created,
        systemModifiedBy=admin,
    )
    return row


def payment_terms(builder: CompanyBuilder) -> list[Row]:
    rng = builder.rng("paymentTerms")
    return [
        builder.row(
            "paymentTerms",
            id=new_id(rng),
            code=code,
            displayName=name,
            dueDateCalculation=due,
            discountDateCalculation=discount_date,
            discountPercent=percent,
            calculateDiscountOnCreditMemos=False,
            lastModifiedDateTime=builder.setup_time(rng),
        )
        for code, name, due, discount_date, percent, _ in PAYMENT_TERMS
    ]


def currencies(builder: CompanyBuilder) -> list[Row]:
    rng = builder.rng("currencies")
    return [
        builder.row(
            "currencies",
            id=new_id(rng),
            code=code,
            displayName=name,
            symbol=symbol,
            amountDecimalPlaces=places,
            amountRoundingPrecision=wire_number(Decimal(precision)),
            lastModifiedDateTime=builder.setup_time(rng),
        )
        for code, name, symbol, places, precision in CURRENCIES
        if code != builder.locale.currency
    ]


def tax_groups(builder: CompanyBuilder) -> tuple[list[Row], dict[str, Decimal]]:
    rng = builder.rng("taxGroups")
    groups = [
        builder.row(
            "taxGroups",
            id=new_id(rng),
            code=code,
            displayName=name,
            taxType=encode_name(builder.locale.tax_type),
            lastModifiedDateTime=builder.setup_time(rng),
        )
        for code, name, _ in builder.locale.tax_groups
    ]
    return groups, {code: Decimal(pct) for code, _, pct in builder.locale.tax_groups}


def accounts(builder: CompanyBuilder) -> list[Row]:
    rng = builder.rng("accounts")
    chart = sorted(CHART + builder.locale.extra_accounts)
    return [
        builder.row(
            "accounts",
            id=new_id(rng),
            number=number,
            displayName=builder.locale.account_names.get(number, name),
            category=encode_name(category),
            subCategory=sub,
            blocked=False,
            accountType=encode_name(account_type),
            directPosting=direct,
            consolidationTranslationMethod="Average_x0020_Rate_x0020__x0028_Manual_x0029_",
            excludeFromConsolidation=False,
            lastModifiedDateTime=builder.setup_time(rng),
            _totaling=totaling,
        )
        for number, name, account_type, category, sub, direct, totaling in chart
    ]


def vendors(builder: CompanyBuilder, terms: list[Row], methods: list[Row]) -> list[Row]:
    rng = builder.rng("vendors")
    locale = builder.locale
    term_by_code = {str(t["code"]): str(t["id"]) for t in terms}
    term_weights = [w for *_, w in PAYMENT_TERMS]
    names = locale.vendor_names[: builder.spec.vendors]
    # Blocks go to ordinary vendors, never to the fixed ones docs refer to.
    ordinary = range(len(FIXED_VENDORS) + 1, len(names))
    blocked_count = 1 if len(names) < 20 else 5
    kinds = ("Payment", "All", "Payment", "Payment", "All")[:blocked_count]
    blocked = dict(zip(rng.sample(ordinary, blocked_count), kinds, strict=True))
    vendors = []
    for index, name in enumerate(names):
        number = str((index + 1) * 10000)
        city, state, postcode, area = rng.choice(locale.cities)
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        slug = _slug(name)
        country = locale.country
        line1 = f"{rng.randrange(1, 9000)} {rng.choice(locale.streets)}"
        line2 = rng.choice(("", "", "", "Suite 200", "Unit 4", "Floor 3"))
        if locale.us:
            phone = f"{area}555{rng.randrange(100, 200):04d}"
        else:
            phone = f"01632 960{rng.randrange(0, 1000):03d}"  # Ofcom's drama range
        contact = f"{first} {last}"
        email = f"{first}.{last}@{slug}.example.com".lower()
        term_code = rng.choices([t[0] for t in PAYMENT_TERMS], term_weights)[0]
        fixed = US_FIXED_ADDRESSES.get(number) if locale.us else None
        if fixed:
            line1, city, state, postcode, phone, contact, email, term_code = fixed
            line2 = ""
        elif name == "Müller GmbH":
            line1, city, state, country, postcode, phone = GERMAN_ADDRESS
            line2 = ""
        elif index % 9 == 8:
            # Every ninth vendor is reached by phone only: BC's blank email is "".
            # (Not drawn from rng, so the rest of the seed stays as it was.)
            email = ""
        vendors.append(
            builder.row(
                "vendors",
                id=new_id(rng),
                number=number,
                displayName=name,
                addressLine1=line1,
                addressLine2=line2,
                city=city,
                state=state,
                country=country,
                postalCode=postcode,
                phoneNumber=phone,
                email=email,
                website=f"www.{slug}.example.com" if rng.random() < 0.5 else "",
                taxRegistrationNumber=""
                if locale.us
                else f"{country}{rng.randrange(100000000, 1000000000)}",
                currencyCode=locale.currency,
                irs1099Code=rng.choice(("NEC-01", "MISC-01", "MISC-07"))
                if locale.us and rng.random() < 0.2
                else "",
                paymentTermsId=term_by_code[term_code],
                paymentMethodId=str(rng.choice(methods)["id"]),
                taxLiable=locale.us and rng.random() < 0.85,
                blocked=blocked.get(index, "_x0020_"),
                lastModifiedDateTime=before(rng, SEED_TIME, 700),
                _contact=contact,
            )
        )
    return vendors


def _slug(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return "".join(ch for ch in ascii_name.lower() if ch.isalnum())
