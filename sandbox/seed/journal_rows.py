"""A company's general journal batches: BC's DEFAULT batch of the GENERAL template, empty,
as a new company has it."""

from __future__ import annotations

from sandbox.seed.companies import SEED_TIME
from sandbox.seed.draw import CompanyBuilder, Row, before, new_id


def journals(builder: CompanyBuilder) -> list[Row]:
    rng = builder.rng("journals")
    return [
        builder.row(
            "journals",
            id=new_id(rng),
            code="DEFAULT",
            displayName="Default Journal Batch",
            templateDisplayName="GENERAL",
            lastModifiedDateTime=before(rng, SEED_TIME, 400),
        )
    ]


def payment_journals(builder: CompanyBuilder) -> dict[str, list[Row]]:
    """BC's empty default batch of each payments template (CASHRCPT for customers,
    PAYMENT for vendors), as the payment journal pages create it."""
    rows: dict[str, list[Row]] = {}
    for entity_set, name in (
        ("customerPaymentJournals", "Customer payments"),
        ("vendorPaymentJournals", "Vendor payments"),
    ):
        rng = builder.rng(entity_set)
        rows[entity_set] = [
            builder.row(
                entity_set,
                id=new_id(rng),
                code="DEFAULT",
                displayName=name,
                lastModifiedDateTime=before(rng, SEED_TIME, 400),
            )
        ]
    return rows
