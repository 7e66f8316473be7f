"""Docker cannot run on the machines this is built on, so the Dockerfile and compose.yaml
are checked for what they promise: multi-stage, non-root, a health check, `bcgraph serve`
by default, pinned base images; two gateway replicas sharing Redis, the sandbox as its own
service; and every address in compose.yaml resolved the way the one using it would
resolve it (a browser on the host, or another container), down to the port listening."""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml  # uvicorn[standard] brings PyYAML

from sandbox.directory import DEV_CLIENT_ID, default_directory
from sandbox.identity.clients import redirect_allowed

ROOT = Path(__file__).resolve().parents[2]
HOST = "the host"  # a browser or curl on the machine running compose


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


# -- addresses, as each side resolves them -------------------------------------------------


def compose() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((ROOT / "compose.yaml").read_text())
    return loaded


def nginx_config() -> str:
    # Compose turns $$ into $ in config content.
    return str(compose()["configs"]["nginx"]["content"]).replace("$$", "$")


def command(service: dict[str, Any]) -> list[str]:
    given = service.get("command")
    if given is None:  # the image's CMD
        cmd = (ROOT / "Dockerfile").read_text().strip().splitlines()[-1]
        assert cmd.startswith("CMD ")
        return list(yaml.safe_load(cmd.removeprefix("CMD ")))
    return shlex.split(given) if isinstance(given, str) else [str(a) for a in given]


def option(args: list[str], name: str) -> str:
    return args[args.index(name) + 1]


def listens_on(name: str, service: dict[str, Any]) -> int:
    """The port a service's process listens on inside its container."""
    if name == "lb":
        found = re.search(r"\blisten\s+(\d+);", nginx_config())
        assert found, "nginx listens on no port"
        return int(found.group(1))
    if name == "redis":
        return 6379
    return int(option(command(service), "--port"))


def aliases(service: dict[str, Any]) -> set[str]:
    networks = service.get("networks") or {}
    if isinstance(networks, list):
        return set()
    return {a for net in networks.values() for a in (net or {}).get("aliases", [])}


def loopback(host: str) -> bool:
    # Browsers and curl resolve localhost and every *.localhost name to this machine.
    return host in ("localhost", "127.0.0.1") or host.endswith(".localhost")


@dataclass(frozen=True)
class Reached:
    service: str
    port: int  # inside that service's container


def resolve(url: str, seen_from: str) -> Reached:
    """The service and port a URL reaches, from the host or from inside a service."""
    services = compose()["services"]
    parts = urlsplit(url)
    host, port = parts.hostname or "", parts.port or {"http": 80, "https": 443}[parts.scheme]
    if seen_from == HOST:
        assert loopback(host), f"{url}: a browser on the host cannot resolve {host!r}"
        for name, service in services.items():
            for mapping in service.get("ports", []):
                published, _, target = str(mapping).rpartition(":")
                if int(published.rpartition(":")[2]) == port:
                    return Reached(name, int(target))
        raise AssertionError(f"{url}: nothing publishes port {port} on the host")
    if host in ("localhost", "127.0.0.1"):
        return Reached(seen_from, port)  # the container itself
    for name, service in services.items():
        if host == name or host in aliases(service):
            return Reached(name, port)
    raise AssertionError(f"{url}: {host!r} names no service, as {seen_from} sees it")


def listening(url: str, seen_from: str) -> str:
    """The service a URL reaches, having checked that its process listens on that port."""
    reached = resolve(url, seen_from)
    service = compose()["services"][reached.service]
    assert listens_on(reached.service, service) == reached.port, (
        f"{url}, seen from {seen_from}, reaches port {reached.port} of {reached.service}, "
        "where nothing listens"
    )
    return reached.service


def gateway_env() -> dict[str, str]:
    env: dict[str, str] = compose()["services"]["gateway-1"]["environment"]
    return env


def test_bc_webhooks_reach_the_gateways_through_the_load_balancer() -> None:
    """BC (the sandbox container) posts to PUBLIC_URL/webhooks/bc: from there that must be
    the load balancer, not the sandbox's own localhost."""
    public = gateway_env()["BCGRAPH_PUBLIC_URL"]
    assert listening(f"{public}/webhooks/bc", seen_from="sandbox") == "lb"
    upstreams = re.findall(r"^\s*server\s+([\w.-]+):(\d+)", nginx_config(), re.M)
    services = compose()["services"]
    assert {name for name, _ in upstreams} == {n for n in services if n.startswith("gateway-")}
    for name, port in upstreams:
        assert listens_on(name, services[name]) == int(port)


def test_browsers_reach_the_gateway_and_its_callback_at_the_same_public_url() -> None:
    env = gateway_env()
    public = env["BCGRAPH_PUBLIC_URL"]
    assert listening(public, seen_from=HOST) == "lb"
    # The connect flow's cookie is set at PUBLIC_URL and read at the callback: one host.
    callback = env.get("BCGRAPH_OAUTH_REDIRECT_URL", f"{public}/oauth/callback")
    assert urlsplit(callback).netloc == urlsplit(public).netloc
    assert listening(callback, seen_from=HOST) == "lb"
    # The sandbox's development app accepts it as a redirect URI.
    dev_app = default_directory().client(DEV_CLIENT_ID)
    assert dev_app is not None and redirect_allowed(dev_app, callback)


def test_the_sandbox_is_one_address_for_the_gateways_and_for_browsers() -> None:
    """The gateways call BC and the identity provider at BC_API_URL; a browser follows the
    sandbox's sign-in page at the sandbox's public URL, which is also the issuer its
    tokens name: one URL, reachable from both sides."""
    api = gateway_env()["BCGRAPH_BC_API_URL"]
    assert listening(api, seen_from="gateway-1") == "sandbox"
    sandbox_public = option(command(compose()["services"]["sandbox"]), "--public-url")
    assert sandbox_public.rstrip("/") == api.rstrip("/")
    assert listening(sandbox_public, seen_from=HOST) == "sandbox"


def test_shared_state_urls_reach_redis_from_the_gateways() -> None:
    for name in ("BCGRAPH_STORE_URL", "BCGRAPH_RATE_LIMIT_URL", "BCGRAPH_PUBSUB_URL"):
        assert listening(gateway_env()[name], seen_from="gateway-1") == "redis", name


def test_the_load_balancer_passes_the_host_with_its_port() -> None:
    config = nginx_config()
    headers = dict(re.findall(r"proxy_set_header\s+(\S+)\s+([^;]+);", config))
    # $host is the name alone: URLs built from it would lose :8000.
    assert headers["Host"] == "$http_host"


def test_base_images_are_pinned_to_a_version() -> None:
    pinned = re.compile(r"^[\w./-]+:\d+\.\d+\.\d+[\w.-]*(@sha256:[0-9a-f]{64})?$")
    images = [
        line.split()[1]
        for line in (ROOT / "Dockerfile").read_text().splitlines()
        if line.startswith("FROM ")
    ]
    images += [
        s["image"] for s in compose()["services"].values() if "image" in s and "build" not in s
    ]
    assert len(images) >= 4
    for image in images:
        assert pinned.match(image), f"{image} is not pinned to a full version"
