"""The `bcgraph` command."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from importlib.metadata import version

from gateway import import_api
from gateway.delivery import cli as delivery_cli
from gateway.observability.logs import logging_config
from gateway.server import listen, serve
from gateway.settings import (
    PREFIX,
    SETTINGS,
    Settings,
    SettingsError,
    check_public_url,
    cors_from_env,
    webhooks_from_env,
)


def _add_server_options(p: argparse.ArgumentParser, port: int) -> None:
    p.add_argument("--host", default="127.0.0.1", help="interface to bind (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=port, help=f"port to bind (default {port})")
    p.add_argument(
        "--public-url",
        default="",
        help="URL clients use to reach this server (default http://HOST:PORT)",
    )


def _settings_epilog() -> str:
    rows = "\n".join(
        f"  {PREFIX}{s.name:<26} {s.help} (default: {s.default or '-'})" for s in SETTINGS
    )
    return f"settings (environment variables):\n{rows}"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="bcgraph",
        description="bcgraph: a GraphQL gateway over Microsoft Dynamics 365 Business Central, "
        "with an embedded Business Central sandbox.",
    )
    parser.add_argument("--version", action="version", version=f"bcgraph {version('bcgraph')}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    dev = sub.add_parser(
        "dev",
        help="run the gateway on the embedded sandbox, GraphiQL included",
        description="Run the gateway, the embedded Business Central sandbox and its identity "
        "provider in one process, with a demo user already connected. GraphiQL at /graphql "
        "answers straight away: in dev mode, requests without a user token act as the demo "
        "user. Development keys only: it binds loopback, answers only to loopback names and "
        "its public URL's host, and refuses pages of other sites.",
    )
    _add_server_options(dev, 8000)
    dev.add_argument(
        "--db", default=":memory:", help="SQLite file for sandbox state (default: in memory)"
    )
    dev.add_argument(
        "--webhook-delay", type=float, default=2.0, help="seconds before webhooks fire (default 2)"
    )
    dev.add_argument(
        "--allow-host",
        action="append",
        default=[],
        metavar="NAME",
        help="also answer to this Host name (repeatable; loopback names and the public URL's "
        "host are always answered)",
    )
    dev.add_argument(
        "--sandbox-admin",
        action="store_true",
        help="enable the sandbox's /_sandbox/ API (stats, reset, fault injection)",
    )
    dev.add_argument(
        "--unsafe-expose",
        action="store_true",
        help="allow a --host other than loopback: whoever reaches it acts as the demo user, "
        "and gets BC tokens with the published dev keys",
    )
    dev.add_argument(
        "--cors-origin",
        action="append",
        default=[],
        metavar="ORIGIN",
        help="a browser origin allowed to call the gateway, added to BCGRAPH_CORS_ORIGINS "
        "(repeatable; default when neither is set: any http://localhost, 127.0.0.1 or [::1] "
        "port)",
    )

    serve = sub.add_parser(
        "serve",
        help="run the gateway alone, against real Business Central or a separate sandbox",
        description="Run the gateway alone. Settings come from the environment (below); "
        "leave the OAuth client id and secret blank to use a sandbox started with "
        "`bcgraph sandbox` (point BCGRAPH_BC_API_URL at it).",
        epilog=_settings_epilog(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _add_server_options(serve, 8000)

    sandbox = sub.add_parser(
        "sandbox",
        help="run the Business Central sandbox alone",
        description="Run the embedded Business Central sandbox alone: BC API v2.0 (OData v4, "
        "ETags, $batch, webhooks) and the Microsoft identity platform, for any OData client.",
    )
    _add_server_options(sandbox, 8100)
    sandbox.add_argument(
        "--db", default=":memory:", help="SQLite file for state (default: in memory)"
    )
    sandbox.add_argument(
        "--webhook-delay", type=float, default=30.0, help="seconds before webhooks fire (BC: 30)"
    )
    sandbox.add_argument(
        "--admin", action="store_true", help="enable /_sandbox/ (stats, reset, fault injection)"
    )

    sub.add_parser(
        "export-schema",
        help="print the GraphQL schema (SDL)",
        description="Print the gateway's GraphQL schema as SDL, as committed in schema.graphql.",
    )

    token = sub.add_parser(
        "token",
        help="print a user token signed with BCGRAPH_USER_TOKEN_SECRET (for testing)",
        description="Print a user token (HS256 JWT) for a user id, signed with the secret in "
        "BCGRAPH_USER_TOKEN_SECRET (with BCGRAPH_USER_TOKEN_ISSUER and _AUDIENCE when set), "
        "or with dev mode's published key given --dev. In production your backend signs these.",
    )
    token.add_argument("--user", required=True, help="the user id (the token's sub)")
    token.add_argument(
        "--ttl", type=_positive, default=3600, help="lifetime in seconds (default 3600)"
    )
    token.add_argument(
        "--dev", action="store_true", help="sign with dev mode's published key (`bcgraph dev`)"
    )

    import_api.add_parser(sub)
    delivery_cli.add_parser(sub)

    sub.add_parser(
        "generate-key",
        help="print a new encryption key for BCGRAPH_ENCRYPTION_KEYS",
        description="Print a new Fernet key for encrypting BC tokens at rest.",
    )
    return parser


def _positive(raw: str) -> int:
    try:
        value = int(raw)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{raw!r} is not a whole number") from None
    if value <= 0:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return _run(args)
    except SettingsError as error:
        # One line, whatever the underlying error's message spans (PostgreSQL's do).
        print(f"bcgraph: configuration error: {' '.join(str(error).split())}", file=sys.stderr)
        return 2


def _run(args: argparse.Namespace) -> int:
    if args.command == "dev":
        from gateway.dev import DEMO_LOGIN, DEMO_USER, check_bind, dev_server, exposure_warning
        from gateway.limits.http_protocol import http_protocol

        check_bind(args.host, unsafe_expose=args.unsafe_expose)
        if args.public_url:
            check_public_url("--public-url", args.public_url)
        sock = listen(args.host, args.port)
        server = dev_server(
            args.host,
            args.port,
            public_url=args.public_url,
            db=args.db,
            webhook_delay=args.webhook_delay,
            allow_hosts=args.allow_host,
            sandbox_admin=args.sandbox_admin,
            cors=cors_from_env(os.environ, args.cors_origin),
            webhooks=webhooks_from_env(os.environ),
        )
        admin = f"{server.public_url}/_sandbox/stats" if args.sandbox_admin else "off"

        def dev_started() -> None:
            print(
                f"""
bcgraph dev: the gateway on the embedded Business Central sandbox (development keys only)

  GraphiQL     {server.public_url}/graphql
  demo user    {DEMO_USER} (connected to the sandbox as {DEMO_LOGIN})
  user token   {server.demo_token}
  hosts        {server.allowed.describe()} (more: --allow-host)
  sandbox API  {admin} (--sandbox-admin)
  CORS origins {", ".join(server.app.state.runtime.settings.cors.origins)}

Requests without a user token act as the demo user here (dev mode only).
  curl -s {server.public_url}/graphql -H 'Content-Type: application/json' \\
       -d '{{"query": "{{ vendors(first: 3) {{ nodes {{ number displayName }} }} }}"}}'
""",
                flush=True,
            )
            warning = exposure_warning(
                args.host, args.port, server, sandbox_admin=args.sandbox_admin
            )
            if warning:
                print(warning, file=sys.stderr, flush=True)
            _freeze_startup_objects()

        serve(
            server.app,
            sock,
            http=http_protocol(server.server_limits),
            ws_compression=server.server_limits.ws_compression,
            log_config=logging_config("text", "info"),
            on_started=dev_started,
        )
        return 0
    if args.command == "serve":
        from gateway.app import create_app
        from gateway.limits.http_protocol import http_protocol

        settings = Settings.from_env(os.environ)
        if not settings.public_url:
            settings = Settings.from_env(os.environ, public_url=f"http://{args.host}:{args.port}")
        settings.check_for_serving()
        sock = listen(args.host, args.port)
        app = create_app(settings)
        serve(
            app,
            sock,
            http=http_protocol(settings.server),
            ws_compression=settings.server.ws_compression,
            log_config=logging_config(settings.log_format, settings.log_level),
            on_started=_freeze_startup_objects,
        )
        return 0
    if args.command == "sandbox":
        from sandbox.app import create_sandbox
        from sandbox.settings import SandboxSettings, WebhookSettings

        public = args.public_url or f"http://{args.host}:{args.port}"
        check_public_url("--public-url", public)
        sandbox_settings = SandboxSettings(
            db_path=args.db,
            public_url=public,
            admin_enabled=args.admin,
            webhooks=WebhookSettings(delay_seconds=args.webhook_delay),
        )
        sock = listen(args.host, args.port)
        serve(
            create_sandbox(sandbox_settings),
            sock,
            log_config=logging_config("text", "info"),
            on_started=lambda: _print_sandbox_banner(sandbox_settings),
        )
        return 0
    if args.command == "export-schema":
        from schema import build_schema

        print(build_schema().as_str())
        return 0
    if args.command == "token":
        return _print_token(args)
    if args.command == "import-api":
        return import_api.run(args, os.environ)
    if args.command == "deliveries":
        return delivery_cli.run(args, Settings.from_env(os.environ), sys.stdout)
    if args.command == "generate-key":
        from gateway.connections import generate_key

        print(generate_key())
        return 0
    raise AssertionError(args.command)  # pragma: no cover - argparse only allows the above


def _print_token(args: argparse.Namespace) -> int:
    from gateway.auth import UserTokenConfig, mint_user_token
    from gateway.dev import DEV_USER_TOKEN_SECRET

    def env(name: str) -> str:
        return os.environ.get(PREFIX + name, "").strip()

    if args.dev:
        config = UserTokenConfig(hs256_secret=DEV_USER_TOKEN_SECRET)
    elif not env("USER_TOKEN_SECRET"):
        # Signing with dev mode's key instead would print a token `serve` refuses.
        raise SettingsError(
            f"set {PREFIX}USER_TOKEN_SECRET to the secret `bcgraph serve` checks tokens with, "
            "or pass --dev for a token `bcgraph dev` accepts"
        )
    else:
        try:
            config = UserTokenConfig(
                hs256_secret=env("USER_TOKEN_SECRET"),
                issuer=env("USER_TOKEN_ISSUER"),
                audience=env("USER_TOKEN_AUDIENCE"),
            )
        except ValueError as error:
            raise SettingsError(f"{PREFIX}USER_TOKEN_SECRET: {error}") from None
    print(mint_user_token(config, args.user, ttl=args.ttl))
    return 0


def _freeze_startup_objects() -> None:
    """The collector settled for serving (gateway/server.py): the start-up heap frozen,
    collections rarer. Under load full collections took up to 52 ms each, stalling every
    request in flight (py-spy, bench/REPORT.md)."""
    from gateway.server import settle_garbage_collector

    settle_garbage_collector()


def _print_sandbox_banner(settings: object) -> None:
    from sandbox.directory import DEV_CLIENT_ID, DEV_CLIENT_SECRET
    from sandbox.settings import SandboxSettings

    assert isinstance(settings, SandboxSettings)
    base = settings.public_url
    tenant = settings.directory.tenants[0]
    print(
        f"""
bcgraph sandbox: an emulator of Business Central API v2.0 and the Microsoft identity platform

  API root          {base}/v2.0/{tenant.id}/production/api/v2.0
  $metadata         {base}/v2.0/{tenant.id}/production/api/v2.0/$metadata
  a custom API      {base}/v2.0/{tenant.id}/production/api/contoso/logistics/v1.0/$metadata
  authorize         {base}/{tenant.id}/oauth2/v2.0/authorize
  token             {base}/{tenant.id}/oauth2/v2.0/token
  dev client        {DEV_CLIENT_ID} / {DEV_CLIENT_SECRET}
  dev users         {", ".join(u.username for u in settings.directory.users)}
  admin API         {base + "/_sandbox/stats" if settings.admin_enabled else "off (--admin)"}

An app token for the whole {tenant.name} tenant (client credentials):
  curl -s -d grant_type=client_credentials -d client_id={DEV_CLIENT_ID} \\
       -d client_secret={DEV_CLIENT_SECRET} \\
       -d scope=https://api.businesscentral.dynamics.com/.default \\
       {base}/{tenant.id}/oauth2/v2.0/token
""",
        flush=True,
    )


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
