"""How much of BC's API v2.0 bcgraph covers: README's coverage table, computed from the
registry when it is generated (`scripts/coverage-table`), so a set declared later moves
to the covered rows by itself.

The facts are in bc_api_pages.py (BC's side) and bc_api_left_out.py (why a standard-group
set is not declared); `problems` lists where they and the registry disagree, and the
table is not written while there are any.
"""

from __future__ import annotations

from collections.abc import Iterable

from bcmodel.bc_api import ApiGroup, BcPage, Kind
from bcmodel.bc_api_left_out import LEFT_OUT
from bcmodel.bc_api_pages import BC_API_PAGES, RUNTIME_SETS
from bcmodel.model import Entity, Watch
from bcmodel.registry import ENTITIES

HEADER = "| BC entity set | bcgraph | left out because |\n|---|---|---|"


def business_sets() -> tuple[str, ...]:
    """BC's standard-group entity sets, each once, sorted."""
    return tuple(sorted({p.entity_set for p in BC_API_PAGES if p.group is ApiGroup.BUSINESS}))


def problems(entities: Iterable[Entity] = ENTITIES) -> list[str]:
    """Where the declarations, BC's pages and the reasons disagree; empty when they agree."""
    declared = {e.entity_set for e in entities}
    business = set(business_sets())
    runtime = {r.entity_set for r in RUNTIME_SETS}
    reasons = [r.entity_set for r in LEFT_OUT]
    found = [
        f"bcgraph declares {s!r}, which is no standard-group entity set of BC's API v2.0 "
        "(bcmodel/bc_api_pages.py); a typo, or a set BC does not have?"
        for s in sorted(declared - business - runtime)
    ]
    found += [
        f"BC's {s!r} is neither declared nor given a reason in bcmodel/bc_api_left_out.py"
        for s in sorted(business - declared - set(reasons))
    ]
    found += [
        f"{s!r} is declared now: delete its reason from bcmodel/bc_api_left_out.py"
        for s in sorted(declared & set(reasons))
    ]
    found += [
        f"bcmodel/bc_api_left_out.py gives a reason for {s!r}, which is no standard-group "
        "entity set of BC's API v2.0"
        for s in sorted(set(reasons) - business)
    ]
    found += [
        f"bcmodel/bc_api_left_out.py gives {s!r} more than one reason"
        for s in sorted({s for s in reasons if reasons.count(s) > 1})
    ]
    found += [
        f"{s!r} is both a page of the APIV2 app and served by BC's platform"
        for s in sorted(runtime & {p.entity_set for p in BC_API_PAGES})
    ]
    return found


def markdown_table(entities: Iterable[Entity] = ENTITIES) -> str:
    """README's coverage table; ValueError naming each disagreement while there are any."""
    entities = tuple(entities)
    found = problems(entities)
    if found:
        raise ValueError("the coverage facts disagree:\n" + "\n".join(found))
    by_set = {e.entity_set: e for e in entities}
    reasons = {r.entity_set: r.reason for r in LEFT_OUT}
    business = _first_per_set(p for p in BC_API_PAGES if p.group is ApiGroup.BUSINESS)
    covered = [p for p in business if p.entity_set in by_set]
    left_out = [p for p in business if p.entity_set not in by_set]
    others = sorted(
        _first_per_set(p for p in BC_API_PAGES if p.group is not ApiGroup.BUSINESS),
        key=lambda p: list(ApiGroup).index(p.group),
    )
    rows = [HEADER, _section(f"Standard group, covered: {len(covered)} of {len(business)} sets")]
    rows += [_row(_set_cell(p), offered(by_set[p.entity_set]), "") for p in covered]
    rows.append(_section("Served by BC's platform, not by a page of the APIV2 app"))
    for r in RUNTIME_SETS:
        entity = by_set.get(r.entity_set)
        cell = offered(entity) if entity is not None else "—"
        rows.append(_row(f"`{r.entity_set}`", cell, "" if entity is not None else "not declared"))
    rows.append(_section(f"Standard group, left out: {len(left_out)} sets"))
    rows += [_row(_set_cell(p), "—", reasons[p.entity_set]) for p in left_out]
    rows.append(_section(f"Other API groups, left out: {len(others)} sets"))
    rows += [_row(_set_cell(p), "—", _other_reason(p)) for p in others]
    return "\n".join(rows)


def offered(entity: Entity) -> str:
    """What bcgraph's GraphQL API offers of an entity, from its declaration."""
    api = entity.api
    if api is None:
        return "declared for the gateway's own use; not in the GraphQL API"
    reads = ", ".join(f"`{name}`" for name in (api.list, api.get) if name)
    parts = [f"`{api.type}`: read {reads}"]
    writes = [f"`{name}`" for name in (api.create, api.update, api.delete) if name]
    if writes:
        parts.append("write " + ", ".join(writes))
    if entity.actions:
        parts.append("actions " + ", ".join(f"`{a.mutation}`" for a in entity.actions))
    if api.kind is not None:
        parts.append(f"live events ({_how_watched(entity.watch)})")
    return "; ".join(parts)


def _how_watched(watch: Watch) -> str:
    match watch:
        case Watch.WEBHOOK:
            return "BC webhooks"
        case Watch.POLL:
            return "polled"
        case Watch.PARENT:
            return "with its parent's"
        case Watch.NONE:
            return "none"


def group_reason(group: ApiGroup) -> str:
    """Why bcgraph leaves out a whole API group."""
    match group:
        case ApiGroup.AUTOMATION:
            what = "automation API: tenant administration (users, permissions, extensions)"
        case ApiGroup.AUDITING:
            what = "auditing API: approvals, workflows and effective permissions, for audit"
        case ApiGroup.POWERBI:
            what = "Power BI labels: UI captions"
        case ApiGroup.AUTOMATE:
            what = "Power Automate's API: requisition worksheet names"
        case ApiGroup.BUSINESS:
            raise ValueError("the standard group's sets each have their own reason")
    return f"{what}, not business data; served under {group.route}"


def _other_reason(page: BcPage) -> str:
    reason = group_reason(page.group)
    return f"{reason}; {page.obsolete}" if page.obsolete else reason


def _first_per_set(pages: Iterable[BcPage]) -> list[BcPage]:
    """One page per entity set (a page BC renamed has several rows), sorted by set."""
    first: dict[str, BcPage] = {}
    for page in pages:
        first.setdefault(page.entity_set, page)
    return [first[s] for s in sorted(first)]


def _set_cell(page: BcPage) -> str:
    return f"`{page.entity_set}`" + ("" if page.kind is Kind.PAGE else f" ({page.kind.value})")


def _section(title: str) -> str:
    return f"| **{title}** | | |"


def _row(*cells: str) -> str:
    return "| " + " | ".join(cells) + " |"
