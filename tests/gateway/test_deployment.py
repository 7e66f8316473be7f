"""Docker cannot run on the machines this is built on, so the Dockerfile and compose.yaml
are checked for what they promise: multi-stage, non-root, a health check, `bcgraph serve`
by default; two gateway replicas sharing Redis, the sandbox as its own service."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_dockerfile_is_multi_stage_non_root_with_a_health_check() -> None:
    lines = [ln.strip() for ln in (ROOT / "Dockerfile").read_text().splitlines()]
    stages = [ln for ln in lines if ln.startswith("FROM ")]
    assert len(stages) == 2 and " AS build" in stages[0]
    assert any(ln.startswith("COPY --from=build") for ln in lines)
    users = [ln for ln in lines if ln.startswith("USER ")]
    assert users and users[-1] != "USER root"
    assert any(ln.startswith("HEALTHCHECK") for ln in lines)
    assert lines[-1] == 'CMD ["bcgraph", "serve", "--host", "0.0.0.0", "--port", "8000"]'
    # Every package the image installs is copied in.
    packages = {"bcmodel", "gateway", "schema", "resolvers", "sandbox"}
    assert {ln.split()[1] for ln in lines if ln.startswith("COPY ") and "--from" not in ln} >= (
        packages
    )


def test_compose_runs_two_replicas_on_redis_and_the_sandbox_apart() -> None:
    yaml = pytest.importorskip("yaml")
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text())
    services = compose["services"]
    gateways = [s for name, s in services.items() if name.startswith("gateway-")]
    assert len(gateways) == 2
    for gateway in gateways:
        env = gateway["environment"]
        for shared in ("BCGRAPH_STORE_URL", "BCGRAPH_RATE_LIMIT_URL", "BCGRAPH_PUBSUB_URL"):
            assert env[shared].startswith("redis://redis:")
    assert services["sandbox"]["command"][:2] == ["bcgraph", "sandbox"]
    assert "redis" in services and "lb" in services
