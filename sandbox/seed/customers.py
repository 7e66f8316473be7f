"""The demo customers: names (seed data) and a company's customer rows, drawn. Every
company gets the fixed ones at fixed numbers (tests and docs name them), then more."""

from __future__ import annotations

from sandbox.seed.companies import SEED_TIME
from sandbox.seed.draw import CompanyBuilder, Row, before, new_id

# (name, contact type) at numbers C00010, C00020, ...: BC's demo customers.
FIXED_CUSTOMERS = (
    ("Adatum Corporation", "Company"),
    ("Trey Research", "Company"),
    ("School of Fine Art", "Company"),
    ("Alpine Ski House", "Company"),
    ("Relecloud", "Company"),
)
MORE_CUSTOMERS = (
    ("Coho Vineyard", "Company"),
    ("Fabrikam Residences", "Company"),
    ("Northwind Bakery", "Company"),
    ("Contoso Sports Club", "Company"),
    ("Lamna Healthcare", "Company"),
    ("Tailwind Cafés", "Company"),
    ("Munson's Pickles and Preserves", "Company"),
    ("Jamie Reding", "Person"),
    ("Robin Counts", "Person"),
    ("Sara Davis", "Person"),
)
# Which of them is blocked, and for what (never a fixed one).
BLOCKED = {"C00090": "Invoice", "C00130": "All"}


def customers(builder: CompanyBuilder, terms: list[Row]) -> list[Row]:
    rng = builder.rng("customers")
    locale = builder.locale
    term_ids = [str(t["id"]) for t in terms]
    rows = []
    for index, (name, kind) in enumerate(FIXED_CUSTOMERS + MORE_CUSTOMERS):
        number = f"C{(index + 1) * 10:05d}"
        city, state, postcode, area = rng.choice(locale.cities)
        slug = "".join(ch for ch in name.lower() if ch.isascii() and ch.isalnum())
        phone = (
            f"{area}555{rng.randrange(200, 300):04d}"
            if locale.us
            else (f"01632 961{rng.randrange(0, 1000):03d}")
        )
        rows.append(
            builder.row(
                "customers",
                id=new_id(rng),
                number=number,
                displayName=name,
                type=kind,
                addressLine1=f"{rng.randrange(1, 9000)} {rng.choice(locale.streets)}",
                city=city,
                state=state,
                country=locale.country,
                postalCode=postcode,
                phoneNumber=phone,
                email=f"sales@{slug}.example.com" if index % 7 != 6 else "",
                website=f"www.{slug}.example.com" if rng.random() < 0.5 else "",
                creditLimit=rng.choice((0, 5000, 10000, 25000)),
                taxLiable=locale.us,
                currencyCode=locale.currency,
                paymentTermsId=rng.choice(term_ids),
                blocked=BLOCKED.get(number, "_x0020_"),
                lastModifiedDateTime=before(rng, SEED_TIME, 500),
            )
        )
    return rows
