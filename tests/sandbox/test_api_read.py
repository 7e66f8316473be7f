"""Reading from the sandbox the way BC answers: URLs, navigation, query options, paging."""

from __future__ import annotations

from urllib.parse import quote

from bcmodel.vendors import VENDOR
from sandbox.directory import CONTOSO_TENANT
from tests.conftest import BC


async def test_service_document_lists_entity_sets(bc: BC) -> None:
    response = await bc.get(f"{bc.root}/")
    assert response.status_code == 200
    names = {item["name"] for item in response.json()["value"]}
    assert {"companies", "vendors", "purchaseInvoices", "accounts", "subscriptions"} <= names


async def test_companies_by_tenant_id_domain_and_token(bc: BC) -> None:
    by_id = await bc.get(f"{bc.root}/companies")
    by_domain = await bc.get("/v2.0/contoso.example/production/api/v2.0/companies")
    from_token = await bc.get("/v2.0/production/api/v2.0/companies")
    names = {c["name"] for c in by_id.json()["value"]}
    assert names == {"CRONUS US", "CRONUS US TEST"}
    assert by_domain.json()["value"] == by_id.json()["value"] == from_token.json()["value"]


async def test_company_query_parameter_by_id_and_name(bc: BC) -> None:
    by_path = await bc.get("vendors?$top=3")
    by_id = await bc.get(f"{bc.root}/vendors?$top=3&company={bc.company_id}")
    by_name = await bc.get(f"{bc.root}/vendors?$top=3&company=CRONUS%20US")
    assert by_path.json()["value"] == by_id.json()["value"] == by_name.json()["value"]
    missing = await bc.get(f"{bc.root}/vendors")
    assert missing.status_code == 400
    assert missing.json()["error"]["code"] == "Internal_CompanyNotFound"


async def test_list_has_context_etags_and_key_order(bc: BC) -> None:
    response = await bc.get("vendors")
    body = response.json()
    assert body["@odata.context"].endswith(f"$metadata#companies({bc.company_id})/vendors")
    vendors = body["value"]
    assert len(vendors) >= 50
    numbers = [v["number"] for v in vendors]
    assert numbers == sorted(numbers, key=str.casefold)
    assert all(v["@odata.etag"].startswith('W/"') for v in vendors)
    assert vendors[0]["blocked"] in ("_x0020_", "Payment", "All")


async def test_single_entity_etag_header_and_errors(bc: BC) -> None:
    vendor = await bc.first("vendors")
    response = await bc.get(f"vendors({vendor['id']})")
    assert response.status_code == 200
    body = response.json()
    assert body["@odata.context"].endswith("/vendors/$entity")
    assert response.headers["etag"] == body["@odata.etag"] == vendor["@odata.etag"]
    unknown = await bc.get("vendors(00000000-0000-0000-0000-00000000abcd)")
    assert unknown.status_code == 404
    assert unknown.json()["error"]["code"] == "Internal_RecordNotFound"
    assert "CorrelationId" in unknown.json()["error"]["message"]
    malformed = await bc.get("vendors(not-a-guid)")
    assert malformed.status_code == 400


async def test_navigation(bc: BC) -> None:
    invoice = await bc.first("purchaseInvoices")
    vendor = (await bc.get(f"purchaseInvoices({invoice['id']})/vendor")).json()
    assert vendor["id"] == invoice["vendorId"]
    lines = (await bc.get(f"purchaseInvoices({invoice['id']})/purchaseInvoiceLines")).json()
    assert lines["value"] and all(line["documentId"] == invoice["id"] for line in lines["value"])
    line = lines["value"][0]
    nested = await bc.get(f"purchaseInvoices({invoice['id']})/purchaseInvoiceLines({line['id']})")
    assert nested.json()["id"] == line["id"]
    term = await bc.get(f"vendors({vendor['id']})/paymentTerm")
    assert term.json()["id"] == vendor["paymentTermsId"]
    unknown_nav = await bc.get(f"vendors({vendor['id']})/nothing")
    assert unknown_nav.status_code == 404
    assert unknown_nav.json()["error"]["code"] == "BadRequest_ResourceNotFound"


async def test_count_segment_and_count_option(bc: BC) -> None:
    plain = await bc.get("vendors/$count")
    assert plain.headers["content-type"].startswith("text/plain")
    total = int(plain.text)
    counted = (await bc.get("vendors?$count=true&$top=2")).json()
    assert counted["@odata.count"] == total
    assert len(counted["value"]) == 2
    filtered = await bc.get("vendors/$count?$filter=" + quote("blocked eq 'All'"))
    assert 0 < int(filtered.text) < total


async def test_filters_as_bc_applies_them(bc: BC) -> None:
    async def values(filter_text: str, extra: str = "") -> list[dict]:
        response = await bc.get("vendors?$filter=" + quote(filter_text) + extra)
        assert response.status_code == 200, response.text
        return response.json()["value"]

    all_vendors = await values("number ne ''")
    assert [v["number"] for v in await values("number eq '10000'")] == ["10000"]
    assert [v["displayName"] for v in await values("displayName eq 'O''Brien Supplies'")] == [
        "O'Brien Supplies"
    ]
    both = await values("number eq '10000' or number eq '20000'")
    assert [v["number"] for v in both] == ["10000", "20000"]
    # `in` is silently ignored unless $schemaversion=2.1, as BC does.
    ignored = await values("number in ('10000','20000')")
    assert len(ignored) == len(all_vendors)
    honoured = await values("number in ('10000','20000')", "&$schemaversion=2.1")
    assert len(honoured) == 2
    starts = await values("startswith(displayName,'Fab')")
    assert starts and all(v["displayName"].startswith("Fab") for v in starts)
    blocked = await values("blocked eq 'All'")
    assert blocked and all(v["blocked"] == "All" for v in blocked)
    rich = await values("balance gt 0")
    assert all(v["balance"] > 0 for v in rich)


async def test_or_across_fields_is_refused_and_bad_filters_are_400(bc: BC) -> None:
    refused = await bc.get("vendors?$filter=" + quote("number eq '10000' or city eq 'Atlanta'"))
    assert refused.status_code == 400
    assert refused.json()["error"]["message"].startswith(
        "The 'OR' operator is not supported on distinct fields on an OData filter."
    )
    for bad in ("number eq", "nosuchfield eq 1", "blocked eq 'Sometimes'", "number eq 10000)"):
        response = await bc.get("vendors?$filter=" + quote(bad))
        assert response.status_code == 400, bad
        assert set(response.json()["error"]) == {"code", "message"}


async def test_orderby_top_skip_select(bc: BC) -> None:
    ordered = (await bc.get("vendors?$orderby=" + quote("blocked desc,number asc"))).json()["value"]
    keys = [(v["blocked"], v["number"]) for v in ordered]
    # An enum sorts by its ordinal, as BC stores it: " ", Payment, All.
    ordinals = {name: i for i, name in enumerate(VENDOR.field("blocked").enum.wire_values)}
    expected = sorted(keys, key=lambda k: k[1].casefold())
    expected.sort(key=lambda k: ordinals[k[0]], reverse=True)
    assert keys == expected
    assert len({k[0] for k in keys}) > 1
    page = (await bc.get("vendors?$top=5&$skip=5")).json()["value"]
    full = (await bc.get("vendors?$top=10")).json()["value"]
    assert [v["id"] for v in page] == [v["id"] for v in full[5:10]]
    selected = (await bc.get("vendors?$top=2&$select=displayName,number")).json()["value"]
    assert set(selected[0]) == {"@odata.etag", "displayName", "number"}
    bad = await bc.get("vendors?$select=nope")
    assert bad.status_code == 400
    unknown_option = await bc.get("vendors?$search=x")
    assert unknown_option.status_code == 400


async def test_expand_with_nested_options(bc: BC) -> None:
    query = (
        "purchaseInvoices?$top=3&$select=number,vendorId"
        "&$expand=purchaseInvoiceLines($select=sequence,quantity;$orderby=sequence desc),"
        "vendor($select=displayName)"
    )
    response = await bc.get(query)
    assert response.status_code == 200, response.text
    for invoice in response.json()["value"]:
        lines = invoice["purchaseInvoiceLines"]
        assert lines and set(lines[0]) == {"@odata.etag", "sequence", "quantity"}
        assert [ln["sequence"] for ln in lines] == sorted(
            (ln["sequence"] for ln in lines), reverse=True
        )
        assert set(invoice["vendor"]) == {"@odata.etag", "displayName"}
    filtered = await bc.get(
        "purchaseInvoices?$top=5&$expand=purchaseInvoiceLines($filter=sequence eq 10000)"
    )
    for invoice in filtered.json()["value"]:
        assert [ln["sequence"] for ln in invoice["purchaseInvoiceLines"]] == [10000]


async def test_server_driven_paging_follows_next_links(bc: BC) -> None:
    everything = (await bc.get("purchaseInvoices?$select=id")).json()["value"]
    seen: list[str] = []
    url = f"{bc.company}/purchaseInvoices?$select=id"
    pages = 0
    while url:
        response = await bc.http.get(url, headers={"Prefer": "odata.maxpagesize=40"})
        assert response.status_code == 200
        assert response.headers["preference-applied"] == "odata.maxpagesize=40"
        body = response.json()
        assert len(body["value"]) <= 40
        seen += [row["id"] for row in body["value"]]
        url = body.get("@odata.nextLink", "")
        pages += 1
    assert seen == [row["id"] for row in everything]
    assert pages == -(-len(everything) // 40)


async def test_paging_respects_top(bc: BC) -> None:
    response = await bc.get("vendors?$top=15", headers={"Prefer": "odata.maxpagesize=10"})
    body = response.json()
    assert len(body["value"]) == 10
    rest = (
        await bc.http.get(body["@odata.nextLink"], headers={"Prefer": "odata.maxpagesize=10"})
    ).json()
    assert len(rest["value"]) == 5 and "@odata.nextLink" not in rest


async def test_flat_lines_need_a_document_filter(bc: BC) -> None:
    refused = await bc.get("purchaseInvoiceLines")
    assert refused.status_code == 400
    assert refused.json()["error"]["message"].startswith(
        "You must specify an Id or a Document Id to get the lines."
    )
    invoice = await bc.first("purchaseInvoices")
    lines = await bc.get("purchaseInvoiceLines?$filter=" + quote(f"documentId eq {invoice['id']}"))
    assert lines.status_code == 200 and lines.json()["value"]
    one = lines.json()["value"][0]
    assert (await bc.get(f"purchaseInvoiceLines({one['id']})")).json()["id"] == one["id"]


async def test_balance_sheet_for_a_date(bc: BC) -> None:
    response = await bc.get(
        "balanceSheets?$filter=" + quote("dateFilter eq 2020-12-30") + "&$orderby=lineNumber"
    )
    assert response.status_code == 200, response.text
    rows = response.json()["value"]
    assert rows and all(row["dateFilter"] == "2020-12-30" for row in rows)
    assert [r["lineNumber"] for r in rows] == sorted(r["lineNumber"] for r in rows)
    assert {r["lineType"] for r in rows} >= {"header", "detail", "total"}
    again = (await bc.get("balanceSheets?$filter=" + quote("dateFilter eq 2020-12-30"))).json()
    assert [r["id"] for r in again["value"]] == [r["id"] for r in rows]


async def test_unknown_segments_and_methods(bc: BC) -> None:
    assert (await bc.get("notAnEntitySet")).status_code == 404
    assert (await bc.get(f"/v2.0/{CONTOSO_TENANT}/nowhere/api/v2.0/companies")).status_code == 404
    assert (await bc.get("/v2.0/nope/api/v2.1/companies")).status_code == 404


async def test_navigation_properties_are_allowed_in_select(bc: BC) -> None:
    response = await bc.get(
        "purchaseInvoices?$top=2&$select=number,vendor,purchaseInvoiceLines&$expand=vendor($select=displayName)"
    )
    assert response.status_code == 200, response.text
    invoice = response.json()["value"][0]
    assert set(invoice) == {"@odata.etag", "number", "vendor"}


async def test_flat_lines_by_id_filter(bc: BC) -> None:
    invoice = await bc.first("purchaseInvoices")
    line = (await bc.get(f"purchaseInvoices({invoice['id']})/purchaseInvoiceLines")).json()[
        "value"
    ][0]
    # "You must specify an Id or a Document Id": an id filter is enough.
    found = await bc.get("purchaseInvoiceLines?$filter=" + quote(f"id eq {line['id']}"))
    assert found.status_code == 200 and [r["id"] for r in found.json()["value"]] == [line["id"]]
