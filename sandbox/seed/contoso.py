"""Seed rows of the sample custom API (sandbox/custom/): a few carriers, their shipments
and the shipments' lines in each company, drawn the same way on every run."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from bcmodel import Entity, Registry, Route
from sandbox.invoicing import wire_number
from sandbox.seed.draw import Row, blank_row, new_id, stamp

ROUTE = Route("contoso", "logistics", "v1.0")
_CARRIERS = (
    ("DHL", "DHL Express", "https://www.dhl.com/track?id="),
    ("UPS", "United Parcel Service", "https://www.ups.com/track?tracknum="),
    ("POST", "National Post", ""),
)
_STATUSES = ("Planned", "In_x0020_Transit", "Delivered")
_GOODS = (
    ("1896-S", "ATHENS Desk"),
    ("1906-S", "ATHENS Mobile Pedestal"),
    ("1920-S", "ANTWERP Conference Table"),
    ("1996-S", "ATLANTA Whiteboard, base"),
)
# The extension was installed then: its records are no older.
_INSTALLED = datetime(2025, 11, 3, 9, tzinfo=UTC)


def rows(company_id: str, entities: Registry) -> dict[str, list[Row]]:
    """The sample API's rows of one company, by entity ref."""
    carriers_of = entities.in_route(ROUTE, "carriers")
    shipments_of = entities.in_route(ROUTE, "shipments")
    lines_of = entities.in_route(ROUTE, "shipmentLines")
    if carriers_of is None or shipments_of is None or lines_of is None:
        return {}
    rng = random.Random(f"{company_id}/contoso")
    carriers = [
        _row(
            carriers_of,
            id=new_id(rng),
            code=code,
            displayName=name,
            trackingUrl=url,
            lastModifiedDateTime=stamp(_INSTALLED + timedelta(days=1 + i)),
        )
        for i, (code, name, url) in enumerate(_CARRIERS)
    ]
    shipments = []
    first = date(_INSTALLED.year, _INSTALLED.month, _INSTALLED.day)
    for n in range(6):
        status = _STATUSES[n % len(_STATUSES)]
        carrier = carriers[n % 2]
        shipments.append(
            _row(
                shipments_of,
                id=new_id(rng),
                number=f"SH{1001 + n}",
                carrierId=carrier["id"],
                status=status,
                shipDate=(first + timedelta(days=10 + 3 * n)).isoformat(),
                weight=wire_number(Decimal(rng.randrange(500, 90000)) / 100),
                packageCount=rng.randrange(1, 12),
                trackingNumber=f"{carrier['code']}{rng.randrange(10**9, 10**10)}"
                if status != "Planned"
                else "",
                lastModifiedDateTime=stamp(_INSTALLED + timedelta(days=10 + n)),
            )
        )
    lines = [
        _row(
            lines_of,
            id=new_id(rng),
            shipmentId=shipment["id"],
            lineNumber=10000 * (i + 1),
            itemNumber=number,
            description=description,
            quantity=wire_number(Decimal(rng.randrange(1, 40))),
        )
        for shipment in shipments
        for i, (number, description) in enumerate(rng.sample(_GOODS, rng.randrange(1, 4)))
    ]
    return {carriers_of.ref: carriers, shipments_of.ref: shipments, lines_of.ref: lines}


def _row(entity: Entity, **values: object) -> Row:
    row = blank_row(entity)
    row.update(values)
    return row
