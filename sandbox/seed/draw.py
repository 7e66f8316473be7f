"""What every part of the generator draws from: one company's random streams and blank
rows, what later sections read from earlier ones, and ids, times and amounts drawn the
same way on every run."""

from __future__ import annotations

import calendar
import random
import uuid
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from bcmodel import ENTITIES
from bcmodel.model import Entity
from sandbox.seed.companies import CompanySpec

Row = dict[str, object]


def blank_row(entity: Entity) -> Row:
    """A row of `entity` with every field at BC's blank value."""
    return {f.name: f.empty_value() for f in entity.fields}


def new_id(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def stamp(moment: datetime) -> str:
    """BC's datetime wire form: UTC, milliseconds, Z."""
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def before(rng: random.Random, moment: datetime, max_days: float) -> str:
    return stamp(moment - timedelta(seconds=rng.uniform(60, max_days * 86400)))


def on(rng: random.Random, day: date) -> str:
    """A time during office hours on `day`."""
    start = datetime(day.year, day.month, day.day, 8, tzinfo=UTC)
    return stamp(start + timedelta(milliseconds=rng.randrange(9 * 3600 * 1000)))


def cents(rng: random.Random, low: int, high: int) -> Decimal:
    """A random amount between low and high, in whole cents."""
    return Decimal(rng.randrange(low * 100, high * 100)) / 100


def month_end(day: date) -> date:
    return date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])


class CompanyBuilder:
    """One company being built: its spec, a random stream per section, blank rows, and what
    later sections read from earlier ones (the chart, account ids, G/L entries). Lives only
    while generator.py builds that company; every section takes it as `builder`."""

    def __init__(self, spec: CompanySpec) -> None:
        self.spec = spec
        self.locale = spec.locale
        self.blank = {e.entity_set: blank_row(e) for e in ENTITIES if e.company_scoped}
        self.entries: list[Row] = []
        self.chart: list[Row] = []
        self.account_id: dict[str, str] = {}

    def rng(self, section: str) -> random.Random:
        # One stream per section: adding vendors must not reshuffle the ledger.
        return random.Random(f"{self.spec.id}/{section}")

    def row(self, entity_set: str, **values: object) -> Row:
        row = dict(self.blank[entity_set])
        row.update(values)
        return row

    def setup_time(self, rng: random.Random) -> str:
        # Setup tables were filled in the days after the company was created.
        return stamp(self.spec.created_at + timedelta(seconds=rng.uniform(60, 5 * 86400)))
