"""The `bcgraph` command as a user runs it: real processes, real exit codes."""

from __future__ import annotations

import math
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from gateway.cli import build_parser
from gateway.connections import generate_key
from gateway.dev import DEV_USER_TOKEN_SECRET
from gateway.settings import PREFIX, SETTINGS, Settings, SettingsError, markdown_table

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
