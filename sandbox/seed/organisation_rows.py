"""The organisation's and dimension sections of a company, in the order they read each
other: one call for the generator."""

from __future__ import annotations

from bcmodel.employees import STATISTICS_GROUPS
from sandbox.seed import dimensions, organisation
from sandbox.seed.draw import CompanyBuilder, Row


def rows(builder: CompanyBuilder, vendors: list[Row], invoices: list[Row]) -> dict[str, list[Row]]:
    """Company information, employees, contacts, bank accounts, dimensions and their
    values, the vendors' and employees' default dimensions, and the invoices' dimension
    sets (which set the invoices' global dimension codes)."""
    employees = organisation.employees(builder)
    dims, values = dimensions.dimensions(builder)
    defaults = dimensions.default_dimensions(builder, dims, values, vendors, employees)
    return {
        "companyInformation": [organisation.company_information(builder)],
        "employees": employees,
        STATISTICS_GROUPS.target: organisation.statistics_groups(builder),
        "contacts": organisation.contacts(builder, vendors),
        "bankAccounts": organisation.bank_accounts(builder),
        "dimensions": dims,
        "dimensionValues": values,
        "defaultDimensions": defaults,
        "dimensionSetLines": dimensions.dimension_set_lines(
            builder, dims, values, defaults, invoices
        ),
    }
