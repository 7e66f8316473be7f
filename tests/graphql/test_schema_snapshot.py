"""schema.graphql is the public schema as an artifact: a change to the schema that is not
also a change to that file is an accident."""

from __future__ import annotations

from pathlib import Path

from schema import build_schema

SNAPSHOT = Path(__file__).resolve().parents[2] / "schema.graphql"


def test_schema_matches_the_committed_snapshot() -> None:
    current = build_schema().as_str() + "\n"
    assert current == SNAPSHOT.read_text(), (
        "The GraphQL schema changed. If that was meant, regenerate the snapshot with "
        "`.venv/bin/python -m schema > schema.graphql` and commit it."
    )
