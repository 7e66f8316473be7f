"""`python -m schema` prints the schema as SDL (the source of schema.graphql)."""

from schema import build_schema

print(build_schema().as_str())
