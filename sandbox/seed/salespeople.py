"""The salespeople and purchasers of BC's Contoso demo company (BCApps' Contoso Coffee
demo data, codeunit "Create Salesperson/Purchaser"): the codes a customer's
`salespersonCode`, a sales document's `salesperson` and a purchase document's
`purchaser` may name (bcmodel.fields.SALESPEOPLE_PURCHASERS)."""

from __future__ import annotations

from bcmodel.fields import SALESPEOPLE_PURCHASERS
from sandbox.seed.draw import CompanyBuilder, Row, new_id

# (code, name, commission %)
SALESPEOPLE = (
    ("BC", "Benjamin Chiu", 0),
    ("EH", "Ester Henderson", 0),
    ("HR", "Helena Ray", 0),
    ("JO", "Jim Olive", 5),
    ("LT", "Lina Townsend", 5),
    ("OF", "Otis Falls", 5),
    ("RB", "Robin Bettencourt", 0),
)


def rows(builder: CompanyBuilder) -> dict[str, list[Row]]:
    rng = builder.rng("salespeoplePurchasers")
    return {
        SALESPEOPLE_PURCHASERS.target: [
            {
                "id": new_id(rng),
                "code": code,
                "name": name,
                "commissionPercent": percent,
                "email": f"{code}@contoso.com",
            }
            for code, name, percent in SALESPEOPLE
        ]
    }
