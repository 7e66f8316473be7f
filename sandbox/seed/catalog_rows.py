"""A company's catalog, drawn: items and what they name (categories, units, variants),
payment and shipment methods, countries/regions and locations.

Ids that earlier versions of the seed drew (items and their unit, payment methods) are
drawn from the same streams in the same order, so the invoices that name them keep
their values; everything new is drawn from streams of its own.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from bcmodel.edm import EMPTY_GUID, encode_name
from sandbox.invoicing import wire_number
from sandbox.seed.catalog import (
    BASE_UNIT,
    COUNTRIES_REGIONS,
    ITEM_CATEGORIES,
    ITEM_CATEGORY_OF,
    ITEM_CLASSES,
    ITEM_VARIANTS,
    SHIPMENT_METHODS,
    UK_LOCATIONS,
    UNITS_OF_MEASURE,
    US_LOCATIONS,
)
from sandbox.seed.draw import CompanyBuilder, Row, new_id
from sandbox.seed.items import ITEMS
from sandbox.seed.payment_terms import PAYMENT_METHODS


def catalog(builder: CompanyBuilder, tax_groups: list[Row]) -> dict[str, list[Row]]:
    """The catalog's entity sets, by name; `items` are the rows invoice lines buy."""
    units = units_of_measure(builder)
    categories = coded(builder, "itemCategories", ITEM_CATEGORIES)
    items = item_rows(builder, units, categories, tax_groups)
    return {
        "items": items,
        "itemCategories": categories,
        "itemVariants": item_variants(builder, items),
        "unitsOfMeasure": units,
        "paymentMethods": payment_methods(builder),
        "shipmentMethods": coded(builder, "shipmentMethods", SHIPMENT_METHODS),
        "countriesRegions": countries_regions(builder),
        "locations": locations(builder),
    }


def coded(
    builder: CompanyBuilder, entity_set: str, table: tuple[tuple[str, str], ...]
) -> list[Row]:
    """Rows of a plain code table: code, displayName, when it was set up."""
    rng = builder.rng(entity_set)
    return [
        builder.row(
            entity_set,
            id=new_id(rng),
            code=code,
            displayName=name,
            lastModifiedDateTime=builder.setup_time(rng),
        )
        for code, name in table
    ]


def units_of_measure(builder: CompanyBuilder) -> list[Row]:
    rng = builder.rng("unitsOfMeasure")
    # The base unit keeps the id items carried before units were a set of their own: the
    # first draw of the items' stream.
    base_id = new_id(builder.rng("items"))
    rows = []
    for code, name, standard, symbol in UNITS_OF_MEASURE:
        drawn = new_id(rng)
        rows.append(
            builder.row(
                "unitsOfMeasure",
                id=base_id if code == BASE_UNIT else drawn,
                code=code,
                displayName=name,
                internationalStandardCode=standard,
                symbol=symbol,
                lastModifiedDateTime=builder.setup_time(rng),
            )
        )
    return rows


def payment_methods(builder: CompanyBuilder) -> list[Row]:
    # Ids first, as before methods were a set of their own: vendors keep theirs.
    rng = builder.rng("paymentMethods")
    ids = [new_id(rng) for _ in PAYMENT_METHODS]
    times = builder.rng("paymentMethods/times")
    return [
        builder.row(
            "paymentMethods",
            id=method_id,
            code=code,
            displayName=name,
            lastModifiedDateTime=builder.setup_time(times),
        )
        for method_id, (code, name) in zip(ids, PAYMENT_METHODS, strict=True)
    ]


def item_rows(
    builder: CompanyBuilder, units: list[Row], categories: list[Row], tax_groups: list[Row]
) -> list[Row]:
    rng = builder.rng("items")
    base_unit = new_id(rng)
    assert any(u["id"] == base_unit for u in units)
    category_id = {str(c["code"]): str(c["id"]) for c in categories}
    tax_group_id = {str(g["code"]): str(g["id"]) for g in tax_groups}
    groups = _posting_groups(builder)
    stock = builder.rng("items/stock")
    rows = []
    for number, description, cost, tax_class in ITEMS:
        item_id = new_id(rng)
        item_type, product_group, inventory_group, markup = ITEM_CLASSES[tax_class]
        category = ITEM_CATEGORY_OF.get(number, "CHAIR")
        tax_code = builder.locale.tax_codes[tax_class]
        price = (Decimal(cost) * Decimal(markup)).quantize(Decimal("0.1"), ROUND_HALF_UP)
        on_hand = 0 if item_type != "Inventory" else stock.randrange(0, 120)
        rows.append(
            builder.row(
                "items",
                id=item_id,
                number=number,
                displayName=description,
                type=encode_name(item_type),
                itemCategoryId=category_id[category],
                itemCategoryCode=category,
                gtin=_gtin(stock.randrange(10**11, 10**12)) if stock.random() < 0.7 else "",
                inventory=on_hand,
                unitPrice=wire_number(price),
                unitCost=wire_number(Decimal(cost)),
                taxGroupId=tax_group_id.get(tax_code, EMPTY_GUID),
                taxGroupCode=tax_code,
                baseUnitOfMeasureId=base_unit,
                baseUnitOfMeasureCode=BASE_UNIT,
                generalProductPostingGroupId=groups[product_group],
                generalProductPostingGroupCode=product_group,
                inventoryPostingGroupId=groups[inventory_group] if inventory_group else EMPTY_GUID,
                inventoryPostingGroupCode=inventory_group,
                lastModifiedDateTime=builder.setup_time(stock),
            )
        )
    return rows


def _posting_groups(builder: CompanyBuilder) -> dict[str, str]:
    """An id per posting group code the items name (BC's SystemIds of those groups)."""
    rng = builder.rng("postingGroups")
    codes = sorted({c for _, p, i, _ in ITEM_CLASSES.values() for c in (p, i) if c})
    return {code: new_id(rng) for code in codes}


def _gtin(body: int) -> str:
    """A 13-digit GTIN: 12 digits and their check digit."""
    digits = f"{body:012d}"
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(digits))
    return digits + str((10 - total % 10) % 10)


def item_variants(builder: CompanyBuilder, items: list[Row]) -> list[Row]:
    rng = builder.rng("itemVariants")
    by_number = {str(i["number"]): str(i["id"]) for i in items}
    return [
        builder.row(
            "itemVariants",
            id=new_id(rng),
            itemId=by_number[number],
            itemNumber=number,
            code=code,
            description=description,
            lastModifiedDateTime=builder.setup_time(rng),
        )
        for number, code, description in ITEM_VARIANTS
    ]


def countries_regions(builder: CompanyBuilder) -> list[Row]:
    rng = builder.rng("countriesRegions")
    return [
        builder.row(
            "countriesRegions",
            id=new_id(rng),
            code=code,
            displayName=name,
            addressFormat=encode_name(layout),
            lastModifiedDateTime=builder.setup_time(rng),
        )
        for code, name, layout in COUNTRIES_REGIONS
    ]


def locations(builder: CompanyBuilder) -> list[Row]:
    rng = builder.rng("locations")
    locale = builder.locale
    table = US_LOCATIONS if locale.us else UK_LOCATIONS
    return [
        builder.row(
            "locations",
            id=new_id(rng),
            code=code,
            displayName=name,
            contact=contact,
            addressLine1=line1,
            city=city,
            state=state,
            country=locale.country,
            postalCode=postcode,
            phoneNumber=phone,
            email=f"{code.lower()}.warehouse@cronus.example.com",
            lastModifiedDateTime=builder.setup_time(rng),
        )
        for code, name, contact, line1, city, state, postcode, phone in table
    ]
