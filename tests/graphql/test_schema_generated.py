"""The schema is generated from the registry: an entity declared in bcmodel (and nothing
else) gets its types, inputs, root fields, mutations and event kind, and no schema
module names an entity (or one of their enum types) of its own."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from bcmodel import ENTITIES, registry

SCHEMA = Path(__file__).resolve().parents[2] / "schema"

# Run in a fresh interpreter: the schema modules build their types at import, from the
# registry as it is then, so the extra entity must be registered before they load.
WITH_A_NEW_ENTITY = """
import bcmodel
from bcmodel import registry
from bcmodel.fields import code, datetime, decimal, key, text
from bcmodel.model import Entity, Watch

CURRENCY = Entity(
    name="currency",
    entity_set="currencies",
    default_order=("code",),
    title="Currency",
    description="A currency.",
    watch=Watch.WEBHOOK,
    required=("code",),
    fields=(
        key(),
        code("code", 10, description="The currency's code."),
        text("displayName", 30, description="The currency's name."),
        decimal("amountRoundingPrecision", description="How amounts are rounded."),
        datetime(),
    ),
)
entities = (*registry.ENTITIES, CURRENCY)
registry.ENTITIES = bcmodel.ENTITIES = entities
registry._BY_SET[CURRENCY.entity_set] = CURRENCY

from schema import build_schema

print(build_schema().as_str())
"""


def _sdl_with_a_new_entity() -> str:
    done = subprocess.run(
        [sys.executable, "-c", WITH_A_NEW_ENTITY],
        capture_output=True,
        text=True,
        check=False,
        cwd=SCHEMA.parent,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_a_declared_entity_gets_its_whole_schema() -> None:
    sdl = _sdl_with_a_new_entity()
    for wanted in (
        "type Currency implements BusinessCentralRecord {",
        "type CurrencyConnection {",
        "input CurrencyFilter {",
        "input CurrencyOrder {",
        "enum CurrencySortField {",
        "input CreateCurrencyInput {",
        "input UpdateCurrencyInput {",
        '"""The currency with this id; an id BC does not have is NOT_FOUND."""',
        "  currency(\n",
        '"""A page of currencies, filtered and sorted as asked."""',
        "  currencies(\n",
        '"""Creates a currency and returns it as BC stored it."""',
        "  createCurrency(\n",
        "  updateCurrency(\n",
        "  deleteCurrency(\n",
        '"""Currency records."""\n  CURRENCY\n',
        "| PaymentTerm | Currency",
    ):
        assert wanted in sdl, f"the schema lacks {wanted!r} for a declared entity"


def test_no_schema_module_names_an_entity() -> None:
    constants = [name for name, value in vars(registry).items() if value in ENTITIES]
    declaring = [
        f"bcmodel.{path.stem}"
        for path in (SCHEMA.parent / "bcmodel").glob("*.py")
        if re.search(r"^[A-Z_]+ = Entity\(", path.read_text(), re.MULTILINE)
    ]
    # Every entity is named (an alias such as COMPANIES may name one twice).
    assert len({id(vars(registry)[n]) for n in constants}) == len(ENTITIES)
    assert len(declaring) == len(ENTITIES)
    for path in sorted(SCHEMA.glob("*.py")):
        source = path.read_text()
        for name in constants:
            assert not re.search(rf"(?<![.\w]){name}\b", source), f"schema/{path.name} names {name}"
        for module in (*declaring, "bcmodel.enums"):
            assert module not in source, f"schema/{path.name} imports {module}"
