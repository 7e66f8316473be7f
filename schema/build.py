"""One schema's parts while it is built: the registry it shows, the GraphQL enums of its
BC enum types, and its generated types by name, which refer to each other (relations,
connections' nodes, filters' and/or) through `lazy`, resolved once all are made.

A schema is built from the registry it is given (`build_schema`), so the types live here,
per build, rather than in a module's namespace.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from strawberry.types.lazy_type import LazyType

from bcmodel import Entity, EnumType, Registry


@dataclass(frozen=True)
class _Named(LazyType[str, str]):
    """A type of this build, found by name when Strawberry resolves it."""

    types: Mapping[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def resolve_type(self) -> type[Any]:
        return self.types[self.type_name]  # type: ignore[no-any-return]


@dataclass
class Build:
    registry: Registry
    enums: dict[EnumType, Any]
    types: dict[str, Any] = field(default_factory=dict)
    inputs: dict[str, Any] = field(default_factory=dict)

    def lazy(self, name: str) -> Any:
        return _Named(name, __name__, None, self.types)

    def record(self, entity: Entity) -> Any:
        """The entity's object type."""
        assert entity.api is not None
        return self.types[entity.api.type]

    def connection(self, entity: Entity) -> Any:
        assert entity.api is not None
        return self.types[f"{entity.api.type}Connection"]

    def filter_type(self, entity: Entity) -> Any:
        assert entity.api is not None
        return self.types[f"{entity.api.type}Filter"]

    def order_type(self, entity: Entity) -> Any:
        assert entity.api is not None
        return self.types[f"{entity.api.type}Order"]

    def create_input(self, entity: Entity) -> Any:
        assert entity.api is not None
        return self.inputs[f"Create{entity.api.type}Input"]

    def update_input(self, entity: Entity) -> Any:
        assert entity.api is not None
        return self.inputs[f"Update{entity.api.type}Input"]
