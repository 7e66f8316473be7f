"""A company's own information, employees, contacts and bank accounts: seed data and the
rows drawn from it."""

from __future__ import annotations

from datetime import date

from bcmodel.edm import EMPTY_DATE
from sandbox.seed.companies import SEED_AS_OF, SEED_TIME
from sandbox.seed.draw import CompanyBuilder, Row, before, new_id
from sandbox.seed.vendors import FIRST_NAMES, LAST_NAMES

# (jobTitle, DEPARTMENT dimension value, statisticsGroupCode)
JOBS = (
    ("Managing Director", "ADM", "MONTH"),
    ("Accountant", "ADM", "MONTH"),
    ("Purchaser", "ADM", "MONTH"),
    ("Sales Manager", "SALES", "MONTH"),
    ("Sales Representative", "SALES", "14DAYS"),
    ("Warehouse Worker", "PROD", "HOUR"),
    ("Production Manager", "PROD", "MONTH"),
    ("Designer", "PROD", "14DAYS"),
)
DEPARTMENT_OF_JOB = {job: department for job, department, _ in JOBS}
# Contoso's employee statistics groups (BCApps' demo data: Create Employee Stat. Group).
STATISTICS_GROUPS = (
    ("MONTH", "Salaried (Monthly)"),
    ("14DAYS", "Salaried (Twice Monthly)"),
    ("HOUR", "Hourly Wages"),
)
EMPLOYEES = 8
# Employee statuses by position: most are active, one is on leave, one has left.
STATUSES = ("Active",) * 6 + ("Inactive", "Terminated")
# (number, displayName, bankAccountNumber, currency or "" for the local one)
BANK_ACCOUNTS = (
    ("CHECKING", "Checking account", "11223344", ""),
    ("SAVINGS", "Savings account", "55667788", ""),
    ("EURO", "Euro account", "99001122", "EUR"),
)
# Vendors that have a company contact, each with one person there.
VENDOR_CONTACTS = 6
INDUSTRY = "Furniture"


def company_information(builder: CompanyBuilder) -> Row:
    rng = builder.rng("companyInformation")
    locale = builder.locale
    city, state, postcode, area = locale.cities[0]
    phone = f"{area}5550100" if locale.us else "01632 960100"
    slug = "".join(ch for ch in builder.spec.name.lower() if ch.isalnum())
    return builder.row(
        "companyInformation",
        id=new_id(rng),
        displayName=builder.spec.display_name,
        addressLine1=f"{rng.randrange(1, 900)} {rng.choice(locale.streets)}",
        city=city,
        state=state,
        country=locale.country,
        postalCode=postcode,
        phoneNumber=phone,
        email=f"info@{slug}.example.com",
        website=f"www.{slug}.example.com",
        taxRegistrationNumber="" if locale.us else f"GB{rng.randrange(100000000, 999999999)}",
        currencyCode=locale.currency,
        currentFiscalYearStartDate=date(SEED_AS_OF.year, 1, 1).isoformat(),
        industry=INDUSTRY,
        experience="Essential",
        lastModifiedDateTime=builder.setup_time(rng),
    )


def employees(builder: CompanyBuilder) -> list[Row]:
    rng = builder.rng("employees")
    locale = builder.locale
    rows = []
    for index in range(EMPLOYEES):
        given, surname = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        job, _, group = JOBS[index]
        city, state, postcode, area = rng.choice(locale.cities)
        hired = date(2010 + rng.randrange(0, 11), rng.randrange(1, 13), 1)
        status = STATUSES[index]
        slug = "".join(ch for ch in builder.spec.name.lower() if ch.isalnum())
        rows.append(
            builder.row(
                "employees",
                id=new_id(rng),
                number=f"E{(index + 1) * 10:04d}",
                displayName=f"{given} {surname}",
                givenName=given,
                surname=surname,
                jobTitle=job,
                addressLine1=f"{rng.randrange(1, 9000)} {rng.choice(locale.streets)}",
                city=city,
                state=state,
                country=locale.country,
                postalCode=postcode,
                phoneNumber=f"{area}555{rng.randrange(200, 300):04d}" if locale.us else "",
                mobilePhone=f"{area}555{rng.randrange(300, 400):04d}" if locale.us else "",
                email=f"{given}.{surname}@{slug}.example.com".lower(),
                employmentDate=hired.isoformat(),
                terminationDate="2021-06-30" if status == "Terminated" else EMPTY_DATE,
                status=status,
                birthDate=date(1960 + rng.randrange(0, 40), rng.randrange(1, 13), 15).isoformat(),
                statisticsGroupCode=group,
                lastModifiedDateTime=before(rng, SEED_TIME, 400),
            )
        )
    return rows


def contacts(builder: CompanyBuilder, vendors: list[Row]) -> list[Row]:
    """A company contact for each of the first vendors, and a person at each."""
    rng = builder.rng("contacts")
    rows: list[Row] = []
    for vendor in vendors[:VENDOR_CONTACTS]:
        number = f"CT{(len(rows) + 1) * 10:06d}"
        company = builder.row(
            "contacts",
            id=new_id(rng),
            number=number,
            type="Company",
            displayName=vendor["displayName"],
            companyNumber=number,
            companyName=vendor["displayName"],
            contactBusinessRelation="Vendor",
            addressLine1=vendor["addressLine1"],
            city=vendor["city"],
            state=vendor["state"],
            country=vendor["country"],
            postalCode=vendor["postalCode"],
            phoneNumber=vendor["phoneNumber"],
            email=vendor["email"],
            website=vendor["website"],
            searchName=str(vendor["displayName"]).upper()[:100],
            taxRegistrationNumber=vendor["taxRegistrationNumber"],
            lastInteractionDate=before(rng, SEED_TIME, 90)[:10],
            lastModifiedDateTime=before(rng, SEED_TIME, 300),
        )
        rows.append(company)
        name = str(vendor["_contact"])
        rows.append(
            builder.row(
                "contacts",
                id=new_id(rng),
                number=f"CT{(len(rows) + 1) * 10:06d}",
                type="Person",
                displayName=name,
                companyNumber=number,
                companyName=vendor["displayName"],
                contactBusinessRelation="Vendor",
                country=vendor["country"],
                phoneNumber=vendor["phoneNumber"],
                email=vendor["email"],
                searchName=name.upper(),
                lastModifiedDateTime=before(rng, SEED_TIME, 300),
            )
        )
    return rows


def bank_accounts(builder: CompanyBuilder) -> list[Row]:
    rng = builder.rng("bankAccounts")
    local = builder.locale.currency
    return [
        builder.row(
            "bankAccounts",
            id=new_id(rng),
            number=number,
            displayName=name,
            bankAccountNumber=account,
            currencyCode=currency or local,
            iban="" if builder.locale.us else f"GB{rng.randrange(10, 99)}NWBK{account}{index}",
            lastModifiedDateTime=builder.setup_time(rng),
        )
        for index, (number, name, account, currency) in enumerate(BANK_ACCOUNTS)
    ]


def statistics_groups(builder: CompanyBuilder) -> list[Row]:
    """The hidden Employee Statistics Group rows an employee's code must name."""
    rng = builder.rng("statisticsGroups")
    return [
        {"id": new_id(rng), "code": code, "description": description}
        for code, description in STATISTICS_GROUPS
    ]
