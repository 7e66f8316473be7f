"""README's coverage table, and the facts it is made of, agree with the registry.

bcmodel/bc_api_pages.py states BC's side (read from the APIV2 app's AL files),
bcmodel/bc_api_left_out.py why each remaining standard-group set is not declared, and
bcmodel/registry.py what bcgraph declares. A typo in a declared entity set, a set BC does
not have, a BC set with neither a declaration nor a reason, or a reason left behind for
a set declared since, each fails here by name.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from pathlib import Path

import pytest

from bcmodel import ENTITIES, Entity
from bcmodel.bc_api import ApiGroup, Kind
from bcmodel.bc_api_left_out import LEFT_OUT
from bcmodel.bc_api_pages import BC_API_PAGES, BUSINESS_PAGES, RUNTIME_SETS
from bcmodel.coverage import business_sets, markdown_table, offered, problems

ROOT = Path(__file__).resolve().parents[1]
COMMAND = "`.venv/bin/python scripts/coverage-table`"
DECLARED = {e.entity_set for e in ENTITIES}
REASONS = {r.entity_set for r in LEFT_OUT}


def readme_block() -> str:
    readme = (ROOT / "README.md").read_text()
    found = re.search(r"<!-- coverage:start -->\n(.*?)\n<!-- coverage:end -->", readme, re.S)
    assert found, "README.md lacks the <!-- coverage:start/end --> markers"
    return found.group(1)


def test_readme_coverage_table_is_in_sync() -> None:
    assert readme_block() == markdown_table(), (
        f"README's coverage table is out of date: run {COMMAND}"
    )


def test_the_facts_agree() -> None:
    assert problems() == []


def test_every_declared_set_is_a_standard_set_of_bc_or_served_by_its_platform() -> None:
    runtime = {r.entity_set for r in RUNTIME_SETS}
    unknown = DECLARED - set(business_sets()) - runtime
    assert not unknown, (
        f"declared, but no standard-group entity set of BC's API v2.0: {sorted(unknown)}"
    )
    # The platform's sets are declared explicitly, not as pages of the APIV2 app.
    assert {"companies", "subscriptions"} <= runtime
    assert not runtime & {p.entity_set for p in BC_API_PAGES}


def test_every_standard_set_of_bc_is_declared_or_has_a_reason() -> None:
    missing = set(business_sets()) - DECLARED - REASONS
    assert not missing, f"neither declared nor given a reason: {sorted(missing)}"


def test_no_reason_is_left_for_a_declared_set() -> None:
    stale = DECLARED & REASONS
    assert not stale, f"declared now, delete from bcmodel/bc_api_left_out.py: {sorted(stale)}"


def test_reasons_name_standard_sets_once_each() -> None:
    twice = [s for s, n in Counter(r.entity_set for r in LEFT_OUT).items() if n > 1]
    assert not twice, f"more than one reason: {twice}"
    assert not REASONS - set(business_sets()), "a reason for a set BC's standard group lacks"
    assert all(r.reason.strip() for r in LEFT_OUT)


def test_the_pages_are_those_of_the_apiv2_app() -> None:
    # The APIV2 app's pages folder holds 115 AL files: 112 API pages, one list part and
    # two API queries, each one object (read from microsoft/ALAppExtensions).
    assert len(BC_API_PAGES) == 115
    kinds = Counter(p.kind for p in BC_API_PAGES)
    assert kinds == {Kind.PAGE: 112, Kind.PART: 1, Kind.QUERY: 2}
    names = Counter(p.al_object for p in BC_API_PAGES)
    assert [n for n, count in names.items() if count > 1] == []
    assert all(p.group is ApiGroup.BUSINESS for p in BUSINESS_PAGES)
    # Only one page had more than one name (three files over the source's history).
    per_set = Counter(p.entity_set for p in BC_API_PAGES)
    assert {s: n for s, n in per_set.items() if n > 1} == {"sustainabilityAccounts": 3}
    for page in BC_API_PAGES:
        assert re.fullmatch(r"[a-z][A-Za-z]*", page.entity_set), page
        assert page.al_object.startswith("APIV2"), page
        assert page.description.endswith("."), page


def test_queries_are_read_only() -> None:
    assert all(p.read_only for p in BC_API_PAGES if p.kind is Kind.QUERY)


def test_a_declared_set_bc_does_not_have_is_caught() -> None:
    typo = dataclasses.replace(_vendors(), entity_set="vendor")
    found = problems((*ENTITIES, typo))
    assert any("'vendor'" in p and "no standard-group entity set" in p for p in found)
    with pytest.raises(ValueError, match="'vendor'"):
        markdown_table((*ENTITIES, typo))


def test_a_set_declared_with_its_reason_still_there_is_caught() -> None:
    left = LEFT_OUT[0].entity_set
    declared = dataclasses.replace(_vendors(), entity_set=left)
    found = problems((*ENTITIES, declared))
    assert any(f"{left!r} is declared now" in p for p in found)


def test_a_standard_set_with_no_declaration_and_no_reason_is_caught() -> None:
    without_vendors = tuple(e for e in ENTITIES if e.entity_set != "vendors")
    assert any("'vendors' is neither declared" in p for p in problems(without_vendors))


def test_a_declared_set_moves_to_the_covered_rows() -> None:
    table = markdown_table()
    covered, _, rest = table.partition("Standard group, left out")
    for entity in ENTITIES:
        if entity.entity_set in set(business_sets()):
            # BC's queries (customerSales, vendorPurchases) are marked as such.
            shown = (f"`{entity.entity_set}`", f"`{entity.entity_set}` (query)")
            assert any(f"| {name} | {offered(entity)} |" in covered for name in shown)
            assert f"| `{entity.entity_set}` |" not in rest
    for reason in LEFT_OUT:
        assert f"| {reason.reason} |" in rest


def test_what_bcgraph_offers_follows_the_declaration() -> None:
    vendors = _vendors()
    assert vendors.api is not None
    text = offered(vendors)
    assert f"read `{vendors.api.list}`" in text
    for mutation in (vendors.api.create, vendors.api.update, vendors.api.delete):
        assert mutation is not None and f"`{mutation}`" in text
    read_only = dataclasses.replace(vendors, insertable=False, updatable=False, deletable=False)
    assert "write" not in offered(read_only)
    for entity in ENTITIES:
        for action in entity.actions:
            assert f"`{action.mutation}`" in offered(entity)


def _vendors() -> Entity:
    return next(e for e in ENTITIES if e.entity_set == "vendors")
