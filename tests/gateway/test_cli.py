"""The `bcgraph` command as a user runs it: real processes, real exit codes."""

from __future__ import annotations

import importlib.util
import math
import os
import re
import socket
import subprocess
import sys
from collections.abc import Iterator
from importlib.metadata import version
from pathlib import Path

import pytest

from gateway.auth import UserTokenConfig, UserTokenVerifier
from gateway.cli import build_parser
from gateway.connections import generate_key
from gateway.dev import DEV_USER_TOKEN_SECRET
from gateway.settings import PREFIX, SETTINGS, Settings, SettingsError, markdown_table
from tests.servers import free_port

ROOT = Path(__file__).resolve().parents[2]
BCGRAPH = Path(sys.executable).with_name("bcgraph")


def run(
    *args: str, env: dict[str, str] | None = None, cwd: Path = ROOT
) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(PREFIX)}
    command = [str(BCGRAPH)] if BCGRAPH.exists() else [sys.executable, "-m", "gateway.cli"]
    return subprocess.run(
        [*command, *args],
        env={**clean, **(env or {})},
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_export_schema_prints_exactly_schema_graphql() -> None:
    result = run("export-schema")
    assert result.returncode == 0, result.stderr
    assert result.stdout == (ROOT / "schema.graphql").read_text()


@pytest.mark.parametrize(
    ("env", "names"),
    [
        ({}, "USER_TOKEN_SECRET"),
        ({"BCGRAPH_USER_TOKEN_SECRET": "x" * 40}, "ENCRYPTION_KEYS"),
        ({"BCGRAPH_OAUTH_CLIENT_ID": "only-the-id"}, "OAUTH_CLIENT_ID/OAUTH_CLIENT_SECRET"),
        ({"BCGRAPH_MAX_DEPTH": "deep"}, "MAX_DEPTH"),
        ({"BCGRAPH_MAX_CONNECTIONS": "many"}, "BCGRAPH_MAX_CONNECTIONS: 'many' is not a number"),
        ({"BCGRAPH_HEADER_TIMEOUT": "0"}, "BCGRAPH_HEADER_TIMEOUT: must be positive, not 0.0"),
        ({"BCGRAPH_BODY_TIMEOUT": "nan"}, "BCGRAPH_BODY_TIMEOUT: must be positive, not nan"),
        ({"BCGRAPH_LOG_FORMAT": "xml"}, "LOG_FORMAT"),
        ({"BCGRAPH_CORS_ORIGINS": "app.example"}, "CORS_ORIGINS"),
        (
            {"BCGRAPH_USER_TOKEN_SECRET": "x" * 40, "BCGRAPH_ENCRYPTION_KEYS": generate_key()},
            "OAUTH_CLIENT_ID",
        ),
    ],
)
def test_bad_configuration_stops_serve_with_one_clear_line(
    env: dict[str, str], names: str, tmp_path: Path
) -> None:
    result = run("serve", "--port", "1", env=env, cwd=tmp_path)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("bcgraph: configuration error: ")
    assert names in lines[0]
    assert "Traceback" not in result.stderr and not list(tmp_path.iterdir())


def test_serve_refuses_dev_modes_published_user_token_secret(tmp_path: Path) -> None:
    # Anyone can sign a user token for any user id with it: it is in the source.
    env = {
        "BCGRAPH_USER_TOKEN_SECRET": DEV_USER_TOKEN_SECRET,
        "BCGRAPH_ENCRYPTION_KEYS": generate_key(),
        "BCGRAPH_BC_API_URL": "http://127.0.0.1:8100",  # all else is fine: a sandbox
    }
    result = run("serve", "--port", "1", env=env, cwd=tmp_path)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("bcgraph: configuration error: BCGRAPH_USER_TOKEN_SECRET: ")
    assert "published" in lines[0] and DEV_USER_TOKEN_SECRET not in lines[0]


def test_dev_refuses_a_cors_origin_that_is_not_one(tmp_path: Path) -> None:
    for args, env in (
        (("--cors-origin", "localhost:5173"), {}),
        ((), {"BCGRAPH_CORS_ORIGINS": "https://app.example/path"}),
    ):
        result = run("dev", "--port", "1", *args, env=env, cwd=tmp_path)
        assert result.returncode == 2, result.stderr
        assert result.stderr.startswith("bcgraph: configuration error: BCGRAPH_CORS_ORIGINS")
        assert "is not an origin" in result.stderr and "Traceback" not in result.stderr


def test_every_command_explains_itself() -> None:
    parser = build_parser()
    commands = parser._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    assert set(commands) >= {"dev", "serve", "sandbox", "export-schema", "token", "generate-key"}
    for name, sub in commands.items():
        assert sub.description and len(sub.description) > 40, name
    serve_help = run("serve", "--help")
    assert serve_help.returncode == 0
    for setting in SETTINGS:
        assert PREFIX + setting.name in serve_help.stdout


def test_readme_settings_table_is_in_sync() -> None:
    readme = (ROOT / "README.md").read_text()
    found = re.search(r"<!-- settings:start -->\n(.*?)\n<!-- settings:end -->", readme, re.S)
    assert found, "README.md lacks the settings table markers"
    assert found.group(1) == markdown_table(), (
        "README's settings table is out of date: run `.venv/bin/python scripts/settings-table`"
    )


def test_blank_credentials_with_a_sandbox_url_mean_the_sandbox() -> None:
    settings = Settings.from_env({"BCGRAPH_BC_API_URL": "http://127.0.0.1:8100"})
    assert settings.oauth.authority == "http://127.0.0.1:8100/organizations"
    assert settings.oauth.client_id == "bcgraph-dev"
    real = Settings.from_env({"BCGRAPH_OAUTH_CLIENT_ID": "id", "BCGRAPH_OAUTH_CLIENT_SECRET": "s"})
    # Served, the per-user rate limit is on unless turned off.
    assert real.limits.rate_per_second == 20.0 and real.limits.rate_limited
    assert not Settings.from_env({"BCGRAPH_RATE_LIMIT": "0"}).limits.rate_limited
    # Slow clients: read like the other limits, defaults otherwise.
    server = Settings.from_env({"BCGRAPH_BODY_TIMEOUT": "5", "BCGRAPH_WS_INIT_TIMEOUT": "2.5"})
    assert (server.server.body_timeout, server.server.ws_init_timeout) == (5.0, 2.5)
    assert server.server.max_header_bytes == 32768 and server.server.max_connections == 1000
    assert real.oauth.authority.startswith("https://login.microsoftonline.com/")


def test_user_token_max_lifetime_is_a_setting() -> None:
    secret = {"BCGRAPH_USER_TOKEN_SECRET": "x" * 40}

    def lifetime(value: str | None) -> float:
        env = secret if value is None else secret | {"BCGRAPH_USER_TOKEN_MAX_LIFETIME": value}
        user_tokens = Settings.from_env(env).user_tokens
        assert user_tokens is not None
        return user_tokens.max_lifetime_seconds

    assert lifetime(None) == 24 * 3600
    assert lifetime("3600") == 3600
    assert lifetime("inf") == math.inf
    for bad in ("0", "-60", "nan", "a day"):
        with pytest.raises(SettingsError, match=f"^{PREFIX}USER_TOKEN_MAX_LIFETIME: "):
            Settings.from_env(secret | {"BCGRAPH_USER_TOKEN_MAX_LIFETIME": bad})


# Everything `serve` needs, pointing at a sandbox that is never called (nothing is asked of
# BC at the start) and an in-memory store, so that each case below fails on its one setting.
SERVABLE = {
    "BCGRAPH_USER_TOKEN_SECRET": "s" * 40,
    "BCGRAPH_ENCRYPTION_KEYS": generate_key(),
    "BCGRAPH_BC_API_URL": "http://127.0.0.1:9",
    "BCGRAPH_STORE_URL": "memory://",
}


def refused_with_one_line(result: subprocess.CompletedProcess[str], names: str) -> str:
    """Exit status 2, nothing on stdout (no banner), and one line on stderr naming
    `names`: no traceback, no log lines, no pool warnings."""
    assert result.returncode == 2, (result.returncode, result.stderr[-3000:])
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr[-3000:]
    assert lines[0].startswith("bcgraph: configuration error: "), lines[0]
    assert names in lines[0], lines[0]
    assert "Traceback" not in result.stderr
    return lines[0]


@pytest.fixture
def closed_port() -> int:
    """A loopback port nothing listens on."""
    return free_port()


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A loopback port that accepts connections and never says anything."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        yield listener.getsockname()[1]


@pytest.mark.parametrize(
    ("env", "names"),
    [
        ({"BCGRAPH_ENCRYPTION_KEYS": "notakey"}, "BCGRAPH_ENCRYPTION_KEYS"),
        ({"BCGRAPH_STORE_URL": "mysql://x"}, "BCGRAPH_STORE_URL"),
        ({"BCGRAPH_PUBLIC_URL": "notaurl"}, "BCGRAPH_PUBLIC_URL"),
    ],
)
def test_a_bad_setting_is_one_line_before_anything_starts(
    env: dict[str, str], names: str, tmp_path: Path
) -> None:
    result = run("serve", "--port", str(free_port()), env={**SERVABLE, **env}, cwd=tmp_path)
    line = refused_with_one_line(result, names)
    assert "notakey" not in line  # a key, even a bad one, is a secret


@pytest.mark.parametrize(
    ("env", "names"),
    [
        ({"BCGRAPH_ENCRYPTION_KEYS": f"{generate_key()},notakey"}, "BCGRAPH_ENCRYPTION_KEYS"),
        ({"BCGRAPH_STORE_URL": "/var/lib/bcgraph.db"}, "BCGRAPH_STORE_URL"),
        ({"BCGRAPH_RATE_LIMIT_URL": "http://x"}, "BCGRAPH_RATE_LIMIT_URL"),
        ({"BCGRAPH_PUBSUB_URL": "amqp://x"}, "BCGRAPH_PUBSUB_URL"),
        ({"BCGRAPH_PUBLIC_URL": "ftp://example.com"}, "BCGRAPH_PUBLIC_URL"),
        ({"BCGRAPH_PUBLIC_URL": "https://"}, "BCGRAPH_PUBLIC_URL"),
        ({"BCGRAPH_PUBLIC_URL": "https://graph.example?x=1"}, "BCGRAPH_PUBLIC_URL"),
    ],
)
def test_each_url_and_key_is_checked_when_settings_are_read(
    env: dict[str, str], names: str
) -> None:
    with pytest.raises(SettingsError) as refused:
        Settings.from_env({**SERVABLE, **env})
    assert str(refused.value).startswith(names), refused.value
    assert "notakey" not in str(refused.value)


def test_a_password_in_a_bad_url_is_not_repeated() -> None:
    with pytest.raises(SettingsError) as refused:
        Settings.from_env({"BCGRAPH_STORE_URL": "mysql://app:hunter2@db/x"})
    assert "hunter2" not in str(refused.value) and "app:***@db" in str(refused.value)


@pytest.mark.parametrize(
    ("name", "url"),
    [
        ("BCGRAPH_RATE_LIMIT_URL", "redis://:hunter2@127.0.0.1:{closed}/0"),
        ("BCGRAPH_PUBSUB_URL", "redis://127.0.0.1:{closed}/0"),
        ("BCGRAPH_STORE_URL", "postgresql://bcgraph:hunter2@127.0.0.1:{closed}/test"),
    ],
)
def test_an_unreachable_service_stops_the_start_with_one_line(
    name: str, url: str, closed_port: int, tmp_path: Path
) -> None:
    env = {**SERVABLE, name: url.format(closed=closed_port)}
    result = run("serve", "--port", str(free_port()), env=env, cwd=tmp_path)
    refused_with_one_line(result, f"{name}: cannot use ")
    assert "hunter2" not in result.stderr  # the URL's password is not repeated


def test_a_postgresql_that_never_answers_fails_the_start_on_its_own_timeout(
    silent_port: int, tmp_path: Path
) -> None:
    """Not psycopg's pool, which retries for 30 s logging a warning each time, then says
    only that the pool is incomplete: one connection, with a timeout, and its reason."""
    env = {**SERVABLE, "BCGRAPH_STORE_URL": f"postgresql://127.0.0.1:{silent_port}/test"}
    result = run("serve", "--port", str(free_port()), env=env, cwd=tmp_path)
    line = refused_with_one_line(result, "BCGRAPH_STORE_URL: cannot use ")
    assert line.endswith("connection timeout expired"), line


def test_tracing_without_its_extra_is_one_line(tmp_path: Path) -> None:
    # The dev extra brings OpenTelemetry's SDK, not the OTLP exporter that bcgraph[otel] adds.
    if importlib.util.find_spec("opentelemetry.exporter") is not None:
        pytest.skip("bcgraph[otel] is installed here: tracing would start")
    result = run(
        "serve", "--port", str(free_port()), env={**SERVABLE, "BCGRAPH_OTEL": "true"}, cwd=tmp_path
    )
    line = refused_with_one_line(result, "BCGRAPH_OTEL")
    assert "bcgraph[otel]" in line


@pytest.mark.parametrize("command", ["serve", "dev"])
def test_a_busy_port_is_one_line_and_no_banner(command: str, tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run(command, "--port", str(port), env=SERVABLE, cwd=tmp_path)
    refused_with_one_line(result, f"--port {port}: 127.0.0.1:{port} is already in use")


def test_token_needs_a_secret_or_dev_and_says_so() -> None:
    missing = run("token", "--user", "alice")
    line = refused_with_one_line(missing, "BCGRAPH_USER_TOKEN_SECRET")
    assert "--dev" in line

    short = run("token", "--user", "alice", env={"BCGRAPH_USER_TOKEN_SECRET": "short"})
    line = refused_with_one_line(short, "BCGRAPH_USER_TOKEN_SECRET")
    assert "32 bytes" in line and "short" not in line.removeprefix("bcgraph: ")[:60]


async def test_token_signs_what_serve_and_dev_verify() -> None:
    secret = "k" * 40
    env = {
        "BCGRAPH_USER_TOKEN_SECRET": secret,
        "BCGRAPH_USER_TOKEN_ISSUER": "https://backend.example",
        "BCGRAPH_USER_TOKEN_AUDIENCE": "bcgraph",
    }
    served = run("token", "--user", "alice", env=env)
    assert served.returncode == 0, served.stderr
    config = UserTokenConfig(
        hs256_secret=secret, issuer="https://backend.example", audience="bcgraph"
    )
    principal = await UserTokenVerifier(config).verify(served.stdout.strip())
    assert principal.user_id == "alice"

    dev = run("token", "--user", "demo", "--dev")
    assert dev.returncode == 0, dev.stderr
    dev_config = UserTokenConfig(hs256_secret=DEV_USER_TOKEN_SECRET)
    assert (await UserTokenVerifier(dev_config).verify(dev.stdout.strip())).user_id == "demo"


def test_version_is_the_installed_packages() -> None:
    result = run("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"bcgraph {version('bcgraph')}"
