"""The schema is generated from the registry: an entity declared in bcmodel (and nothing
else) gets its types, inputs, root fields, mutations and event kind, and no schema
module names an entity (or one of their enum types) of its own."""

from __future__ import annotations

import re
from pathlib import Path

from bcmodel import ENTITIES, Registry, registry
from bcmodel.fields import code, datetime, decimal, key, text
from bcmodel.model import Entity, Watch
from schema import build_schema

SCHEMA = Path(__file__).resolve().parents[2] / "schema"

# Declared here and nowhere else: the schema is built from the registry it is given.
GADGET = Entity(
    name="gadget",
    entity_set="gadgets",
    default_order=("code",),
    title="Gadget",
    description="A gadget.",
    watch=Watch.WEBHOOK,
    required=("code",),
    fields=(
        key(),
        code("code", 10, description="The gadget's code."),
        text("displayName", 30, description="The gadget's name."),
        decimal("weight", description="What the gadget weighs."),
        datetime(),
    ),
)


def test_a_declared_entity_gets_its_whole_schema() -> None:
    entities = Registry((*ENTITIES, GADGET), registry.COMPANIES)
    sdl = build_schema(registry=entities).as_str()
    for wanted in (
        "type Gadget implements BusinessCentralRecord {",
        "type GadgetConnection {",
        "input GadgetFilter {",
        "input GadgetOrder {",
        "enum GadgetSortField {",
        "input CreateGadgetInput {",
        "input UpdateGadgetInput {",
        '"""The gadget with this id; an id BC does not have is NOT_FOUND."""',
        "  gadget(\n",
        '"""A page of gadgets, filtered and sorted as asked."""',
        "  gadgets(\n",
        '"""Creates a gadget and returns it as BC stored it."""',
        "  createGadget(\n",
        "  updateGadget(\n",
        "  deleteGadget(\n",
        '"""Gadget records."""\n  GADGET\n',
        "| Gadget\n",
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
