"""The amount fields every document line has alike, purchase and sales: discounts, tax
and totals, as BC's line pages show them."""

from bcmodel.edm import Field
from bcmodel.fields import boolean, code, decimal


def line_amounts(document: str) -> tuple[Field, ...]:
    """From the line discount to the amount with tax; `document` names the header in the
    descriptions ("invoice", "order")."""
    return (
        decimal(
            "discountAmount",
            description="The line discount, as an amount (BC's Line Discount Amount).",
        ),
        decimal(
            "discountPercent",
            description="The line discount, in percent (BC's Line Discount %).",
        ),
        boolean(
            "discountAppliedBeforeTax",
            read_only=True,
            description="Whether discounts are taken before tax is computed.",
        ),
        decimal(
            "amountExcludingTax",
            read_only=True,
            description="The line's amount without tax, after the line discount.",
        ),
        code(
            "taxCode",
            20,
            description="How the line is taxed: a tax group's code (see TaxGroup.code); BC "
            "takes the item's unless it is given.",
        ),
        decimal(
            "taxPercent",
            read_only=True,
            description="The tax rate applied, in percent (BC's VAT %).",
        ),
        decimal(
            "totalTaxAmount",
            read_only=True,
            description=f"The line's tax, before the {document} discount.",
        ),
        decimal(
            "amountIncludingTax",
            read_only=True,
            description=f"The line's amount with tax, before the {document} discount.",
        ),
    )
