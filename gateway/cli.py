"""The `bcgraph` command."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

import uvicorn

from sandbox.app import create_sandbox
from sandbox.directory import DEV_CLIENT_ID, DEV_CLIENT_SECRET
from sandbox.settings import SandboxSettings, WebhookSettings


def _sandbox_settings(args: argparse.Namespace, *, dev: bool) -> SandboxSettings:
    public_url = args.public_url or f"http://{args.host}:{args.port}"
    return SandboxSettings(
        db_path=args.db,
        public_url=public_url,
        admin_enabled=args.admin or dev,
        webhooks=WebhookSettings(delay_seconds=args.webhook_delay),
    )


def _print_banner(settings: SandboxSettings) -> None:
    base = settings.public_url
    tenant = settings.directory.tenants[0]
    print(
        f"""
bcgraph sandbox: an emulator of Business Central API v2.0 and the Microsoft identity platform

  API root          {base}/v2.0/{tenant.id}/production/api/v2.0
  $metadata         {base}/v2.0/{tenant.id}/production/api/v2.0/$metadata
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


def _add_server_options(p: argparse.ArgumentParser, port: int) -> None:
    p.add_argument("--host", default="127.0.0.1", help="interface to bind (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=port, help=f"port to bind (default {port})")
    p.add_argument(
        "--public-url",
        default="",
        help="URL clients use to reach this server (default http://HOST:PORT)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="bcgraph",
        description="bcgraph: a GraphQL gateway over Microsoft Dynamics 365 Business Central, "
        "with an embedded Business Central sandbox.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    dev = sub.add_parser(
        "dev",
        help="run everything on this machine against the embedded sandbox",
        description="Run bcgraph on the embedded Business Central sandbox, on one machine, "
        "with no Microsoft account. For now this starts the sandbox (BC API + identity "
        "provider, seeded demo data, admin API on); the gateway joins it in later releases.",
    )
    _add_server_options(dev, 8000)
    dev.add_argument(
        "--db", default=":memory:", help="SQLite file for sandbox state (default: in memory)"
    )
    dev.add_argument(
        "--webhook-delay", type=float, default=2.0, help="seconds before webhooks fire (default 2)"
    )
    dev.add_argument("--admin", action="store_true", help=argparse.SUPPRESS)

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
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    settings = _sandbox_settings(args, dev=args.command == "dev")
    app = create_sandbox(settings)
    _print_banner(settings)
    uvicorn.run(app, host=args.host, port=args.port, log_level="info")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
