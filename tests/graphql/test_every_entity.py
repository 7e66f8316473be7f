"""Every entity set the GraphQL API offers answers a real query against the sandbox: its
list, each record it lists by id, its contained records through their parent, and its
report with BC's default filters. A declaration that a layer cannot serve fails here by
name, whatever else its own tests cover."""

from __future__ import annotations

import pytest

from bcmodel import ENTITIES, STANDARD, Entity, Listing
from tests.graphql.conftest import Gateway


def _api(entity: Entity) -> tuple[str, str | None]:
    assert entity.api is not None
    return entity.api.list, entity.api.get


PAGED = [
    e
    for e in ENTITIES
    if e.api is not None and e.graphql is not None and e.graphql.listing is Listing.PAGES
]
# A document's PDF is read under its document only (BC needs parentId and parentType).
TOP = [e for e in PAGED if e.parent is None and not e.reached_under]
UNDER_PARENTS = [(e, entity_set) for e in PAGED for _member, entity_set in e.reached_under]
CONTAINED = [e for e in PAGED if e.parent is not None]
REPORTS = [
    e
    for e in ENTITIES
    if e.api is not None and e.graphql is not None and e.graphql.listing is Listing.REPORT
]


@pytest.mark.parametrize("entity", TOP, ids=lambda e: e.entity_set)
async def test_each_list_answers_and_each_listed_record_is_read_by_id(
    gw: Gateway, entity: Entity
) -> None:
    name, get = _api(entity)
    page = (await gw.data(f"{{ {name}(first: 3) {{ totalCount nodes {{ id }} }} }}"))[name]
    assert page["totalCount"] >= len(page["nodes"])
    assert page["totalCount"] > 0, "seeded rows"
    if get is None:
        return
    for node in page["nodes"]:
        one = await gw.data(f"query($id: UUID!) {{ {get}(id: $id) {{ id }} }}", {"id": node["id"]})
        assert one[get] == {"id": node["id"]}


@pytest.mark.parametrize("entity", CONTAINED, ids=lambda e: e.entity_set)
async def test_each_contained_set_is_read_through_its_parent(gw: Gateway, entity: Entity) -> None:
    found = STANDARD.parent_of(entity)
    assert found is not None
    parent, down = found
    parents, _ = _api(parent)
    query = f"{{ {parents}(first: 5) {{ nodes {{ id {down.field}(first: 3) {{ nodes {{ id }} }} }} }} }}"
    nodes = (await gw.data(query))[parents]["nodes"]
    for node in nodes:
        assert isinstance(node[down.field]["nodes"], list)


@pytest.mark.parametrize(
    ("entity", "parent_set"), UNDER_PARENTS, ids=lambda v: getattr(v, "entity_set", v)
)
async def test_each_set_reached_under_its_parents_is_read_there(
    gw: Gateway, entity: Entity, parent_set: str
) -> None:
    parent = STANDARD.entity(parent_set)
    down = next(r for r in parent.relations if r.target == entity.entity_set)
    parents, _ = _api(parent)
    query = f"{{ {parents}(first: 3) {{ nodes {{ id {down.field} {{ id parentId }} }} }} }}"
    nodes = (await gw.data(query))[parents]["nodes"]
    assert nodes, f"seeded {parents}"
    for node in nodes:
        assert node[down.field] == {"id": node["id"], "parentId": node["id"]}


@pytest.mark.parametrize("entity", REPORTS, ids=lambda e: e.entity_set)
async def test_each_report_answers_one_line_per_key(gw: Gateway, entity: Entity) -> None:
    assert entity.graphql is not None
    key = entity.graphql.report_key
    # Only dates are ever required (the balance sheet's); the rest take BC's defaults.
    given = ", ".join(
        f'{f.argument}: "2025-12-31"' for f in entity.graphql.report_filters if f.required
    )
    name, _ = _api(entity)
    call = f"{name}({given})" if given else name
    lines = (await gw.data(f"{{ {call} {{ {key} }} }}"))[name]
    assert isinstance(lines, list)
    assert len({str(line[key]) for line in lines}) == len(lines)
