"""The amount fields purchase and sales documents have alike: a line's discounts, tax
and totals, and a header's totals, as BC's pages show them."""

from bcmodel.edm import Field
from bcmodel.fields import boolean, decimal, tax_code


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
        tax_code(
            description="How the line is taxed: a tax group's code (see TaxGroup.code), a "
            "Tax Group in sales-tax countries, a VAT Product Posting Group in VAT countries; "
            "BC takes the item's unless it is given, and refuses a code no tax group has.",
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


def total_fields(document: str) -> tuple[Field, ...]:
    """A header's discount and totals, which BC computes from its lines."""
    return (
        decimal(
            "discountAmount",
            description=f"The {document} discount, as an amount; BC spreads it over the lines.",
        ),
        boolean(
            "discountAppliedBeforeTax",
            read_only=True,
            description="Whether the discount is taken before tax is computed.",
        ),
        decimal(
            "totalAmountExcludingTax",
            read_only=True,
            description=f"The {document}'s total without tax, computed by BC from the lines.",
        ),
        decimal(
            "totalTaxAmount",
            read_only=True,
            description=f"The {document}'s total tax, computed by BC from the lines.",
        ),
        decimal(
            "totalAmountIncludingTax",
            read_only=True,
            description=f"The {document}'s total with tax, computed by BC from the lines.",
        ),
    )
