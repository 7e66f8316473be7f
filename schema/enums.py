"""GraphQL enums from BC's enum types: `_x0020_` -> BLANK, `In_x0020_Review` -> IN_REVIEW.

Each member's value is BC's wire name, so rows from BC serialize without a lookup
and inputs turn back into what BC expects."""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable
from typing import Any

import strawberry

from bcmodel import Entity, EnumType, encode_name


def member_name(al_name: str) -> str:
    words = re.findall(r"[A-Za-z0-9]+", al_name)
    return "_".join(w.upper() for w in words) or "BLANK"


def graphql_enum(enum_type: EnumType) -> type[enum.Enum]:
    members = {
        member_name(m): strawberry.enum_value(encode_name(m), description=text or None)
        for m, text in zip(
            enum_type.members,
            enum_type.member_descriptions or ("",) * len(enum_type.members),
            strict=True,
        )
    }
    python_enum = enum.Enum(enum_type.graphql_name, members)  # type: ignore[misc]
    description = f"{enum_type.description} BC's {enum_type.qualified_name}.".lstrip()
    return strawberry.enum(python_enum, description=description)  # type: ignore[no-any-return]


SortDirection = strawberry.enum(
    enum.Enum(  # type: ignore[misc]
        "SortDirection",
        {
            "ASC": strawberry.enum_value("asc", description="Ascending: smallest first."),
            "DESC": strawberry.enum_value("desc", description="Descending: largest first."),
        },
    ),
    description="Which way a sort key orders rows.",
)


def enums_of(entities: Iterable[Entity]) -> dict[EnumType, Any]:
    """For the generators: the GraphQL enum of each BC enum type the entities use."""
    return {
        enum_type: graphql_enum(enum_type)
        for enum_type in dict.fromkeys(
            f.enum for e in entities if e.api is not None for f in e.fields if f.enum is not None
        )
    }
