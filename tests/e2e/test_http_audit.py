"""The GraphQL-over-HTTP audit of the `graphql-http` package (serverAudits) against the
gateway: every MUST passes, and every SHOULD that does not is listed in README.md with why."""

from __future__ import annotations

from pathlib import Path

from tests.e2e.conftest import DevGateway, run_node

README = Path(__file__).resolve().parents[2] / "README.md"


def test_graphql_over_http_audit(dev_gateway: DevGateway) -> None:
    audits = run_node("audit.mjs", dev_gateway.graphql, dev_gateway.token)
    assert len(audits) > 50
    must = [a for a in audits if a["name"].startswith("MUST")]
    assert must and [a for a in must if a["status"] != "ok"] == []
    readme = README.read_text()
    should_failures = [a for a in audits if a["name"].startswith("SHOULD") and a["status"] != "ok"]
    undocumented = [a for a in should_failures if f"`{a['id']}`" not in readme]
    assert undocumented == [], "list these in README.md's audit section, with the reason"
