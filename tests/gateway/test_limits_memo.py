"""The limits remember what they measured per document (gateway/limits/document.py): a
repeated document gets the same answer as the first time, and what depends on variables
is measured again for variables that change it."""

from __future__ import annotations

import pytest
from graphql.validation import OverlappingFieldsCanBeMergedRule, specified_rules

from gateway.limits import LimitsConfig
from gateway.limits.document import DocumentMemo, cost_key
from gateway.limits.overlap import overlap_rule
from gateway.lru import LRU
from tests.conftest import ALICE
from tests.gateway.stack import running_stack

TIGHT = LimitsConfig(max_depth=4, max_aliases=2, max_tokens=60, max_cost=500)
COSTLY = "query($n: Int) { purchaseInvoices(first: $n) { nodes { number } } }"
DEEP = "{ vendors { nodes { paymentTerm { code } purchaseInvoices { nodes { number } } } } }"


async def test_a_repeated_document_is_judged_by_its_variables_each_time() -> None:
    async with running_stack(limits=TIGHT) as stack:
        finished = await stack.connect("user-a", ALICE)
        assert finished.status_code == 200, finished.text
        answers = []
        for n in (10, 300, 10, 300, 299):
            body = (await stack.graphql("user-a", COSTLY, {"n": n})).json()
            answers.append(body["errors"][0]["message"] if "errors" in body else "ok")
        assert answers[0] == answers[2] == "ok"
        assert "estimated cost is 601" in answers[1]
        assert answers[3] == answers[1]
        assert "estimated cost is 599" in answers[4]
        # A page size given as something else than an integer counts as 1, as before.
        body = (await stack.graphql("user-a", COSTLY, {"n": None})).json()
        assert "errors" not in body, body
        refusals = [(await stack.graphql("user-a", DEEP)).json() for _ in range(2)]
        assert refusals[0] == refusals[1]
        assert refusals[0]["errors"][0]["extensions"]["code"] == "QUERY_TOO_COMPLEX"
        assert "nests fields 5 deep" in refusals[0]["errors"][0]["message"]


def test_the_cost_key_keeps_what_the_estimate_reads() -> None:
    base = cost_key(COSTLY, None, {"n": 10})
    assert base == cost_key(COSTLY, None, {"n": 10})
    assert base != cost_key(COSTLY, None, {"n": 11})
    assert base != cost_key(COSTLY, "Named", {"n": 10})
    assert base != cost_key(COSTLY + " ", None, {"n": 10})
    # Absent and null differ (an absent variable takes its default).
    assert cost_key(COSTLY, None, {}) != cost_key(COSTLY, None, {"n": None})
    # Values the estimate never reads as a page size are kept by type only: any string is 1.
    assert cost_key(COSTLY, None, {"s": "a"}) == cost_key(COSTLY, None, {"s": "b"})
    assert cost_key(COSTLY, None, {"s": {"x": [1]}}) == cost_key(COSTLY, None, {"s": {}})


def test_the_memo_is_bounded_least_recently_used_first() -> None:
    memo: LRU[int] = LRU(2)
    memo.put("a", 1)
    memo.put("b", 2)
    assert memo.get("a") == 1  # now "b" is the least recently used
    memo.put("c", 3)
    assert (memo.get("a"), memo.get("b"), memo.get("c")) == (1, None, 3)
    assert len(memo) == 2
    with pytest.raises(ValueError):
        LRU(0)


def test_the_budgeted_overlap_rule_takes_graphql_cores_place_once() -> None:
    rule = overlap_rule()
    memo = DocumentMemo(rule)
    given = tuple(specified_rules)
    swapped = memo.rules(given)
    assert OverlappingFieldsCanBeMergedRule not in swapped and rule in swapped
    assert len(swapped) == len(given)
    assert memo.rules(given) is swapped
    other = given[:3]
    assert memo.rules(other) == other
