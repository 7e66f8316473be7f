"""A company's dimensions, their values, and the default dimensions of its vendors and
employees: seed data (CRONUS's dimensions) and the rows drawn from it."""

from __future__ import annotations

from bcmodel import STANDARD, encode_name
from sandbox.seed.draw import CompanyBuilder, Row, new_id
from sandbox.seed.organisation import DEPARTMENT_OF_JOB

# code -> (displayName, consolidationCode, ((value code, value name), ...))
DIMENSIONS = {
    "AREA": ("Area", "", (("10", "Europe North"), ("20", "Europe South"), ("30", "America"))),
    "DEPARTMENT": (
        "Department",
        "DEPT",
        (("ADM", "Administration"), ("PROD", "Production"), ("SALES", "Sales")),
    ),
    "PROJECT": (
        "Project",
        "",
        (("TOYOTA", "Toyota Project"), ("VW", "Volkswagen Project"), ("MERCEDES", "Mercedes")),
    ),
    "PURCHASER": ("Purchaser", "", (("ALICE", "Alice"), ("BOB", "Bob"))),
}
# Every how-manieth vendor has a default AREA (America) that posting requires.
VENDOR_AREA_EVERY = 3


def dimensions(builder: CompanyBuilder) -> tuple[list[Row], list[Row]]:
    rng = builder.rng("dimensions")
    dims: list[Row] = []
    values: list[Row] = []
    for code, (name, consolidation, members) in DIMENSIONS.items():
        dimension = builder.row(
            "dimensions",
            id=new_id(rng),
            code=code,
            displayName=name,
            consolidationCode=consolidation,
            lastModifiedDateTime=builder.setup_time(rng),
        )
        dims.append(dimension)
        values.extend(
            builder.row(
                "dimensionValues",
                id=new_id(rng),
                code=value,
                dimensionId=dimension["id"],
                displayName=value_name,
                lastModifiedDateTime=builder.setup_time(rng),
            )
            for value, value_name in members
        )
    return dims, values


def default_dimensions(
    builder: CompanyBuilder,
    dims: list[Row],
    values: list[Row],
    vendors: list[Row],
    employees: list[Row],
) -> list[Row]:
    rng = builder.rng("defaultDimensions")
    dim_of = {str(d["code"]): d for d in dims}
    value_of = {(str(v["dimensionId"]), str(v["code"])): v for v in values}

    def default(parent_type: str, parent: Row, code: str, value: str, posting: str) -> Row:
        dimension = dim_of[code]
        member = value_of[(str(dimension["id"]), value)]
        return builder.row(
            "defaultDimensions",
            id=new_id(rng),
            parentType=parent_type,
            parentId=parent["id"],
            dimensionId=dimension["id"],
            dimensionCode=code,
            dimensionValueId=member["id"],
            dimensionValueCode=value,
            postingValidation=posting,
            lastModifiedDateTime=builder.setup_time(rng),
        )

    rows = [
        default("Vendor", vendor, "AREA", "30", "Code_x0020_Mandatory")
        for vendor in vendors[::VENDOR_AREA_EVERY]
    ]
    rows.extend(
        default(
            "Employee",
            employee,
            "DEPARTMENT",
            DEPARTMENT_OF_JOB[str(employee["jobTitle"])],
            "Same_x0020_Code",
        )
        for employee in employees
    )
    return rows


# Every how-manieth invoice is charged to a department (global dimension 1).
INVOICE_DEPARTMENT_EVERY = 4


def dimension_set_lines(
    builder: CompanyBuilder,
    dims: list[Row],
    values: list[Row],
    defaults: list[Row],
    invoices: list[Row],
) -> list[Row]:
    """Each invoice's dimension set: its vendor's default dimensions, as BC copies them
    onto a new document, and a department on some. The invoices' global dimension codes
    are set to match."""
    rng = builder.rng("dimensionSetLines")
    dim_by_id = {str(d["id"]): d for d in dims}
    department = next(d for d in dims if d["code"] == "DEPARTMENT")
    departments = [v for v in values if v["dimensionId"] == department["id"]]
    by_vendor: dict[str, list[Row]] = {}
    for default in defaults:
        by_vendor.setdefault(str(default["parentId"]), []).append(default)
    value_by_id = {str(v["id"]): v for v in values}
    rows: list[Row] = []
    for index, invoice in enumerate(invoices):
        chosen = [
            (dim_by_id[str(d["dimensionId"])], value_by_id[str(d["dimensionValueId"])])
            for d in by_vendor.get(str(invoice["vendorId"]), [])
        ]
        if index % INVOICE_DEPARTMENT_EVERY == 0:
            chosen.append((department, rng.choice(departments)))
        for dimension, value in chosen:
            rows.append(
                builder.row(
                    "dimensionSetLines",
                    id=dimension["id"],
                    code=dimension["code"],
                    consolidationCode=dimension["consolidationCode"],
                    parentId=invoice["id"],
                    parentType="Purchase_x0020_Invoice",
                    displayName=dimension["displayName"],
                    valueId=value["id"],
                    valueCode=value["code"],
                    valueConsolidationCode=value["consolidationCode"],
                    valueDisplayName=value["displayName"],
                    _key=f"{invoice['id']}/{dimension['id']}".lower(),
                )
            )
            if dimension is department:
                invoice["shortcutDimension1Code"] = value["code"]
    return rows


# How many records of each other kind of parent get a dimension set.
SETS_PER_KIND = 3


def record_sets(builder: CompanyBuilder, rows: dict[str, list[Row]]) -> list[Row]:
    """A dimension set on the first few records of each other set that has them (sales
    and purchase documents and their lines, shipments, receipts, G/L entries): a
    department on each, and a project on the first. Global dimension codes are set where
    the record shows them."""
    rng = builder.rng("recordDimensionSets")
    dims = rows["dimensions"]
    values = rows["dimensionValues"]
    chosen = [d for d in dims if d["code"] in ("DEPARTMENT", "PROJECT")]
    of = {str(d["id"]): [v for v in values if v["dimensionId"] == d["id"]] for d in chosen}
    out: list[Row] = []
    lines = STANDARD.entity("dimensionSetLines")
    for parent, down in STANDARD.parents_of(lines):
        stored = rows.get(STORED.get(parent.entity_set, parent.entity_set), [])
        if parent.entity_set == "purchaseInvoices":
            continue  # their sets come from the vendors' defaults (dimension_set_lines)
        for index, record in enumerate(stored[:SETS_PER_KIND]):
            for dimension in chosen[: 2 if index == 0 else 1]:
                value = rng.choice(of[str(dimension["id"])])
                out.append(
                    builder.row(
                        "dimensionSetLines",
                        id=dimension["id"],
                        code=dimension["code"],
                        consolidationCode=dimension["consolidationCode"],
                        parentId=record["id"],
                        parentType=encode_name(down.kind),
                        displayName=dimension["displayName"],
                        valueId=value["id"],
                        valueCode=value["code"],
                        valueConsolidationCode=value["consolidationCode"],
                        valueDisplayName=value["displayName"],
                        _key=f"{record['id']}/{dimension['id']}".lower(),
                    )
                )
                field = GLOBAL_CODES[str(dimension["code"])]
                if parent.field(field) is not None:
                    record[field] = value["code"]
    return out


# Sets the seed stores under another name: G/L entries are a view of the ledger.
STORED = {"generalLedgerEntries": "_glEntries"}
GLOBAL_CODES = {"DEPARTMENT": "shortcutDimension1Code", "PROJECT": "shortcutDimension2Code"}
