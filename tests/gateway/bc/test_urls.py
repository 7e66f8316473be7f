"""URLs from checked parts: bad GUIDs, names and keys never reach a path."""

from __future__ import annotations

import uuid

import pytest

from gateway.bc import urls
from gateway.errors import BadUserInput
from tests.gateway.bc.conftest import CRONUS_US, World

INVOICE = "5d115c9c-44e3-ea11-bb43-000d3a2feca1"


def test_api_root() -> None:
    assert (
        urls.api_root("https://api.businesscentral.dynamics.com/", "contoso.example", "production")
        == "https://api.businesscentral.dynamics.com/v2.0/contoso.example/production/api/v2.0"
    )
    assert (
        urls.api_root("http://127.0.0.1:8000", None, "sandbox-2")
        == "http://127.0.0.1:8000/v2.0/sandbox-2/api/v2.0"
    )


@pytest.mark.parametrize(
    ("base", "tenant", "env"),
    [
        ("ftp://host", "t", "production"),
        ("https://host?x=1", "t", "production"),
        ("https://host", "a/b", "production"),
        ("https://host", "t", "prod/../x"),
        ("https://host", "t", "prod uction"),
        ("https://host", "t", "x" * 31),
        ("https://host", "-t", "production"),
    ],
)
def test_api_root_refuses_bad_parts(base: str, tenant: str, env: str) -> None:
    with pytest.raises((ValueError, BadUserInput)):
        urls.api_root(base, tenant, env)


BC = "https://api.businesscentral.dynamics.com"
ROOT = "/v2.0/contoso.example/production/api/v2.0"


@pytest.mark.parametrize(
    ("root", "base"),
    [
        (BC + ROOT, BC),
        (BC + ROOT, BC + "/"),
        ("HTTPS://API.BusinessCentral.Dynamics.com" + ROOT, BC),
        ("https://api.businesscentral.dynamics.com:443" + ROOT, BC),
        ("http://127.0.0.1:8100/v2.0/production/api/v2.0", "http://127.0.0.1:8100"),
        ("https://proxy.example/bc" + ROOT, "https://proxy.example/bc"),
    ],
)
def test_an_api_root_on_the_configured_bc_api(root: str, base: str) -> None:
    assert urls.on_base(root, base)


@pytest.mark.parametrize(
    "root",
    [
        "http://api.businesscentral.dynamics.com" + ROOT,  # another scheme
        "https://api.businesscentral.dynamics.com:8443" + ROOT,  # another port
        "https://api.businesscentral.dynamics.com.evil.example" + ROOT,
        "https://evil.example" + ROOT,
        "https://api.businesscentral.dynamics.com@evil.example" + ROOT,
        "https://user:pw@api.businesscentral.dynamics.com" + ROOT,
        "https://api.businesscentral.dynamics.com:99999" + ROOT,
        "https://api.businesscentral.dynamics.com" + ROOT + "?x=1",
        "https://api.businesscentral.dynamics.com" + ROOT + "#x",
        "https://api.businesscentral.dynamics.com/v1.0/contoso/production/api/v2.0",
        "https://api.businesscentral.dynamics.com/v2.0/../../elsewhere",
        "//evil.example" + ROOT,
        "",
    ],
)
def test_an_api_root_elsewhere_is_refused(root: str) -> None:
    assert not urls.on_base(root, BC)


def test_entity_paths() -> None:
    company = urls.company(CRONUS_US)
    assert str(company) == f"companies({CRONUS_US})"
    assert str(urls.companies()) == "companies"
    assert str(company.child("vendors")) == f"companies({CRONUS_US})/vendors"
    assert str(company.child("vendors", uuid.UUID(INVOICE))) == (
        f"companies({CRONUS_US})/vendors({INVOICE})"
    )
    lines = company.child("purchaseInvoices", INVOICE).child("purchaseInvoiceLines")
    assert str(lines) == (
        f"companies({CRONUS_US})/purchaseInvoices({INVOICE})/purchaseInvoiceLines"
    )
    assert str(company.child("purchaseInvoices", INVOICE).action("post")) == (
        f"companies({CRONUS_US})/purchaseInvoices({INVOICE})/Microsoft.NAV.post"
    )
    assert str(company.child("vendors").count()) == f"companies({CRONUS_US})/vendors/$count"
    assert str(company.child("vendors", INVOICE).child("paymentTerm")).endswith(
        f"vendors({INVOICE})/paymentTerm"
    )


def test_guids_are_canonical() -> None:
    assert urls.guid(INVOICE.upper()) == INVOICE
    assert urls.guid(uuid.UUID(INVOICE)) == INVOICE


@pytest.mark.parametrize(
    "bad",
    [
        "",
        "not-a-guid",
        INVOICE + ")/vendors(" + INVOICE,
        INVOICE[:-1] + "g",
        "{" + INVOICE + "}",
        INVOICE.replace("-", ""),
        f"{INVOICE}?$top=1",
        "x" * 10_000,
    ],
)
def test_bad_guids_are_refused(bad: str) -> None:
    with pytest.raises(BadUserInput) as caught:
        urls.company(CRONUS_US).child("vendors", bad)
    assert len(caught.value.message) < 100  # a 10k-char id is not echoed back whole
    with pytest.raises(BadUserInput):
        urls.company(bad)


@pytest.mark.parametrize("bad", ["vendors/../x", "vendors?x", "ven dors", "", "1vendors"])
def test_bad_names_are_refused(bad: str) -> None:
    with pytest.raises(ValueError):
        urls.company(CRONUS_US).child(bad)
    with pytest.raises(ValueError):
        urls.company(CRONUS_US).child("purchaseInvoices", INVOICE).action(bad)


def test_subscriptions_have_quoted_string_keys() -> None:
    sub = "c670ea73cacb459bb51dc1740da2f1db"
    assert str(urls.root_set("subscriptions", sub)) == f"subscriptions('{sub}')"
    assert str(urls.root_set("subscriptions")) == "subscriptions"
    for bad in ["a'b", "a b", "x')/vendors('y", "", "a/b", "é"]:
        with pytest.raises(BadUserInput):
            urls.root_set("subscriptions", bad)


def test_next_links_must_stay_under_the_root() -> None:
    root = "https://bc.example/v2.0/t/production/api/v2.0"
    path, params = urls.split_next_link(
        root, f"{root}/companies({CRONUS_US})/vendors?$top=5&$skiptoken=20&aid=FIN"
    )
    assert path == f"companies({CRONUS_US})/vendors"
    assert params == {"$top": "5", "$skiptoken": "20", "aid": "FIN"}
    for bad in [
        "https://evil.example/v2.0/t/production/api/v2.0/vendors",
        "https://bc.example/v2.0/t/production/api/v2.0.evil/vendors",
        "https://bc.example/v2.0/other/production/api/v2.0/vendors",
    ]:
        with pytest.raises(ValueError):
            urls.split_next_link(root, bad)


async def test_built_paths_reach_the_sandbox(world: World) -> None:
    invoices = await world.get(world.company().child("purchaseInvoices"), **{"$top": "1"})
    invoice_id = invoices.body["value"][0]["id"]
    lines = await world.get(
        world.company().child("purchaseInvoices", invoice_id).child("purchaseInvoiceLines")
    )
    assert lines.body["value"] and all(
        line["documentId"] == invoice_id for line in lines.body["value"]
    )
    count = await world.get(world.company().child("vendors").count())
    assert isinstance(count.body, str) and int(count.body) > 0
