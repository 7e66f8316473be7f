"""Independent aliased creates share one `$batch`, with the serial semantics GraphQL
promises: document order, nothing applied after a failing field, reads after writes."""

from __future__ import annotations

from typing import Any

from tests.graphql.conftest import Gateway
from tests.graphql.test_mutations import error_of


def creates(count: int, selection: str = "id number displayName", start: int = 0) -> str:
    return " ".join(
        f'v{i}: createVendor(input: {{displayName: "Batch {i}"}}) {{ {selection} }}'
        for i in range(start, start + count)
    )


async def names_created(gw: Gateway, prefix: str = "Batch ") -> list[str]:
    data = await gw.data(
        """query($p: String) { vendors(first: 200, filter: {displayName: {startsWith: $p}})
             { nodes { displayName } } }""",
        {"p": prefix},
    )
    return sorted(n["displayName"] for n in data["vendors"]["nodes"])


async def test_twenty_aliased_creates_are_one_upstream_request(gw: Gateway) -> None:
    await gw.reset_stats()
    data = await gw.data(f"mutation {{ {creates(20)} }}")
    stats = await gw.stats()
    assert stats["httpRequests"] == 1 and stats["batchOperations"] == 20
    vendors = [data[f"v{i}"] for i in range(20)]
    assert [v["displayName"] for v in vendors] == [f"Batch {i}" for i in range(20)]
    # BC ran them in document order: its number series counts up field by field.
    numbers = [int(v["number"]) for v in vendors]
    assert numbers == sorted(numbers) and len(set(numbers)) == 20


async def test_different_creates_share_one_batch(gw: Gateway) -> None:
    await gw.reset_stats()
    data = await gw.data(
        """mutation {
             t: createTaxGroup(input: {code: "BATCHED"}) { code }
             p: createPaymentTerm(input: {code: "B-TERMS", dueDateCalculation: "5D"}) { code }
             i: createPurchaseInvoice(input: {vendorNumber: "20000",
                  lines: [{lineType: ITEM, lineObjectNumber: "1896-S", quantity: "4"}]})
                { totalAmountIncludingTax }
             v: createVendor(input: {displayName: "Batch mixed"}) { displayName } }"""
    )
    assert await gw.upstream_requests() == 1
    assert data["t"]["code"] == "BATCHED" and data["p"]["code"] == "B-TERMS"
    assert data["i"]["totalAmountIncludingTax"] == "3310.17"


async def test_a_failure_stops_the_batch_where_graphql_stops(gw: Gateway) -> None:
    await gw.reset_stats()
    result = await gw.execute(
        f"""mutation {{ {creates(2)}
              dup: createVendor(input: {{number: "10000", displayName: "Batch dup"}}) {{ id }}
              {creates(2, start=2)} }}"""
    )
    # Non-null mutation fields: the failing one ends the operation ...
    assert result.data is None
    error = error_of(result)
    assert error["path"] == ["dup"] and error["code"] == "CONFLICT"
    # ... and BC, without continue-on-error, applied nothing after it either.
    assert await names_created(gw) == ["Batch 0", "Batch 1"]
    stats = await gw.stats()
    assert stats["httpRequests"] == 2  # the $batch, then the check above


async def test_a_refused_input_ends_the_batch_before_it(gw: Gateway) -> None:
    await gw.reset_stats()
    result = await gw.execute(
        f"""mutation {{ {creates(2)}
              long: createVendor(input: {{displayName: "{"x" * 101}"}}) {{ id }}
              {creates(1, start=2)} }}"""
    )
    error = error_of(result)
    assert error["path"] == ["long"] and error["field"] == "input.displayName"
    stats = await gw.stats()
    assert stats["httpRequests"] == 1 and stats["batchOperations"] == 2
    assert await names_created(gw) == ["Batch 0", "Batch 1"]


async def test_a_field_reading_relations_ends_the_run(gw: Gateway) -> None:
    terms = (await gw.data("{ paymentTerms(first: 1) { nodes { id code } } }"))["paymentTerms"]
    term = terms["nodes"][0]
    await gw.reset_stats()
    data = await gw.data(
        f"""mutation($t: UUID!) {{ {creates(1)}
              r: createVendor(input: {{displayName: "Batch r", paymentTermsId: $t}})
                 {{ paymentTerm {{ code }} }}
              {creates(1, start=1)} }}""",
        {"t": term["id"]},
    )
    assert data["r"]["paymentTerm"]["code"] == term["code"]
    stats = await gw.stats()
    # v0 + r in one batch; r's payment term read before v1 is written; v1 alone.
    assert stats["httpRequests"] == 3 and stats["batchOperations"] == 2


async def test_a_first_field_reading_relations_is_not_batched(gw: Gateway) -> None:
    await gw.reset_stats()
    await gw.data(
        """mutation { a: createVendor(input: {displayName: "Batch a"}) { paymentTerm { code } }
             b: createVendor(input: {displayName: "Batch b"}) { id } }"""
    )
    stats = await gw.stats()
    assert stats["httpRequests"] == 2 and stats["batchOperations"] == 0


async def test_directives_and_fragments(gw: Gateway) -> None:
    await gw.reset_stats()
    data = await gw.data(
        """fragment V on Vendor { displayName number }
           mutation($skip: Boolean!) {
             a: createVendor(input: {displayName: "Batch a"}) { ...V }
             b: createVendor(input: {displayName: "Batch b"}) { ... on Vendor { id } }
             c: createVendor(input: {displayName: "Batch c"}) @skip(if: $skip) { id }
             d: createVendor(input: {displayName: "Batch d"}) { id } }""",
        {"skip": True},
    )
    assert "c" not in data and data["a"]["displayName"] == "Batch a"
    stats = await gw.stats()
    # a + b together (fragments read only the vendor); a directive ends the run; d alone.
    assert stats["httpRequests"] == 2 and stats["batchOperations"] == 2
    assert await names_created(gw) == ["Batch a", "Batch b", "Batch d"]


async def test_variables_and_company_ids_in_later_fields(gw: Gateway) -> None:
    companies = (await gw.data("{ companies { id name } }"))["companies"]
    other = next(c["id"] for c in companies if c["id"] != gw.company_id)
    await gw.reset_stats()
    data = await gw.data(
        """mutation($a: CreateVendorInput!, $name: String, $c: UUID) {
             a: createVendor(input: $a) { displayName }
             b: createVendor(input: {displayName: $name, blocked: ALL}, companyId: $c)
                { displayName blocked } }""",
        {
            "a": {"displayName": "Batch var", "blocked": "PAYMENT"},
            "name": "Batch other",
            "c": other,
        },
    )
    assert await gw.upstream_requests() == 1
    assert data["b"] == {"displayName": "Batch other", "blocked": "ALL"}
    in_other: Any = await gw.data(
        """query($c: UUID) { vendors(companyId: $c, filter: {displayName: {eq: "Batch other"}})
             { nodes { blocked } } }""",
        {"c": other},
    )
    assert in_other["vendors"]["nodes"] == [{"blocked": "ALL"}]
    assert await names_created(gw) == ["Batch var"]
