"""Every environment variable bcgraph reads, with its default and what it sets: the source
of README.md's settings table and of `bcgraph serve --help` (a test keeps README in sync).
"""

from __future__ import annotations

from dataclasses import dataclass

from gateway.oauth.config import DEFAULT_SCOPES
from gateway.settings_values import PREFIX


@dataclass(frozen=True)
class Setting:
    """One environment variable, for the README table and `bcgraph --help`."""

    name: str
    default: str
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("PUBLIC_URL", "http://HOST:PORT", "URL clients and BC webhooks reach the gateway at"),
    Setting("BC_API_URL", "https://api.businesscentral.dynamics.com", "BC API host"),
    Setting(
        "BC_ENVIRONMENT", "", "preferred BC environment of a tenant (else its first production one)"
    ),
    Setting(
        "OAUTH_CLIENT_ID", "", "app registration client id; blank with the secret: the sandbox IdP"
    ),
    Setting("OAUTH_CLIENT_SECRET", "", "app registration client secret"),
    Setting("OAUTH_SCOPES", " ".join(DEFAULT_SCOPES), "space-separated delegated scopes"),
    Setting(
        "OAUTH_AUTHORITY",
        "https://login.microsoftonline.com/organizations",
        "identity platform authority",
    ),
    Setting(
        "OAUTH_REDIRECT_URL", "PUBLIC_URL/oauth/callback", "the callback registered with the app"
    ),
    Setting("OAUTH_SUCCESS_URL", "", "where a finished connect sends the browser (blank: a page)"),
    Setting("USER_TOKEN_SECRET", "", "HS256 secret for user tokens (at least 32 bytes)"),
    Setting("USER_TOKEN_PUBLIC_KEY", "", "PEM public key for RS256/ES256 user tokens"),
    Setting("USER_TOKEN_JWKS_URL", "", "JWKS URL for user tokens"),
    Setting("USER_TOKEN_ISSUER", "", "required `iss` of user tokens"),
    Setting("USER_TOKEN_AUDIENCE", "", "required `aud` of user tokens"),
    Setting(
        "USER_TOKEN_ORG_CLAIM",
        "",
        "user-token claim naming the user's organisation: its users share the organisation's "
        "S2S connection (blank: none)",
    ),
    Setting(
        "USER_TOKEN_MAX_LIFETIME",
        "86400",
        "longest-lived user token accepted, in seconds (`exp - iat`; inf: none; dev mode: 30 days)",
    ),
    Setting(
        "STORE_URL", "sqlite:///bcgraph.db", "connection store: sqlite:///, redis://, postgresql://"
    ),
    Setting(
        "ENCRYPTION_KEYS",
        "",
        "comma-separated Fernet keys, newest first (tokens at rest; page cursors are "
        "signed with a key derived from them)",
    ),
    Setting("GRAPHIQL", "true", "serve GraphiQL at /graphql"),
    Setting(
        "INTROSPECTION",
        "GRAPHIQL",
        "schema introspection and `Did you mean` suggestions in errors (GraphiQL needs them)",
    ),
    Setting(
        "COMPILED_PLANS",
        "256",
        "read operations kept compiled, run without graphql-core's per-field execution "
        "and, repeated over plain HTTP, without Strawberry's view (byte-identical "
        "answers); 0 turns both off",
    ),
    Setting("BC_MAX_CONCURRENT", "5", "concurrent BC calls per connection (BC's limit is 5)"),
    Setting("BC_READ_TIMEOUT", "60", "seconds to wait for a BC answer"),
    Setting("BC_RETRY_TOTAL_SECONDS", "30", "time cap on retrying one BC call"),
    Setting(
        "CORS_ORIGINS",
        "",
        "comma-separated browser origins allowed to call the API, over HTTP (CORS) and "
        "WebSockets; scheme://host:* allows any port, * any origin (dev: any loopback origin)",
    ),
    Setting(
        "CORS_ALLOW_HEADERS",
        "",
        "comma-separated request headers cross-origin pages may send (blank: what common "
        "clients send, see For frontends)",
    ),
    Setting(
        "ALLOWED_HOSTS",
        "",
        "comma-separated Host names answered besides loopback and PUBLIC_URL's (blank: any)",
    ),
    Setting("MAX_DEPTH", "15", "deepest field nesting in one operation"),
    Setting("MAX_ALIASES", "30", "aliased fields in one document"),
    Setting("MAX_DOCUMENT_CHARS", "100000", "characters in one GraphQL document (not variables)"),
    Setting("MAX_TOKENS", "2000", "lexical tokens in one document"),
    Setting("MAX_COST", "100000", "estimated fields one operation resolves (lists x `first`)"),
    Setting("MAX_BODY_BYTES", "1048576", "largest request body; larger is refused with 413"),
    Setting(
        "MAX_HEADER_BYTES", "32768", "largest request head (line and headers); larger gets 431"
    ),
    Setting(
        "HEADER_TIMEOUT",
        "10",
        "seconds a client has to send a request's headers, from connecting or the last "
        "response (408)",
    ),
    Setting("BODY_TIMEOUT", "60", "seconds a client has to send a whole request body (408)"),
    Setting(
        "MAX_CONNECTIONS",
        "1000",
        "open connections per process, HTTP and WebSocket; more are refused with 503",
    ),
    Setting("WS_INIT_TIMEOUT", "10", "seconds a WebSocket has to send connection_init"),
    Setting(
        "WS_COMPRESSION",
        "false",
        "let WebSockets compress messages (permessage-deflate) when the client offers it; "
        "off by default: each compressing socket holds about 46 KB of zlib state, and "
        "stays on the ASGI path rather than the gateway's own socket protocol",
    ),
    Setting(
        "SSE_KEEP_ALIVE",
        "15",
        "seconds an idle event stream (GraphQL over SSE) waits between keep-alive comments",
    ),
    Setting("RATE_LIMIT", "20", "operations per second per user, sustained (0: no limit)"),
    Setting("RATE_LIMIT_BURST", "100", "operations a user may send at once on top of the rate"),
    Setting("RATE_LIMIT_URL", "memory://", "per-user buckets: memory:// or redis:// (replicas)"),
    Setting("APQ_CACHE_SIZE", "1000", "documents kept for automatic persisted queries (0: off)"),
    Setting("LOG_FORMAT", "json", "json (one object per line) or text"),
    Setting("LOG_LEVEL", "info", "debug, info, warning or error"),
    Setting("OTEL", "false", "OpenTelemetry tracing (needs bcgraph[otel]; OTEL_* variables)"),
    Setting("READY_TIMEOUT", "2", "seconds /readyz waits for its checks"),
    Setting(
        "PUBSUB_URL",
        "memory://",
        "live events and webhook state: memory:// (one process; webhook state then in a"
        " SQLite store) or redis:// (replicas)",
    ),
    Setting("PUBSUB_QUEUE_SIZE", "256", "events one subscriber may fall behind before it is ended"),
    Setting(
        "CUSTOM_APIS",
        "",
        "comma-separated custom API declaration files (`bcgraph import-api`) served besides "
        "BC's API",
    ),
    Setting(
        "WEBHOOK_IDLE_GRACE",
        "300",
        "seconds a BC webhook outlives its last subscriber (inf: keep it)",
    ),
    Setting(
        "WEBHOOK_POLL_INTERVAL",
        "60",
        "seconds between polls of entities BC cannot webhook, and BC subscription checks",
    ),
    Setting(
        "WEBHOOK_RECONCILE_INTERVAL",
        "60",
        "seconds between reads of BC for changes whose webhook notification never arrived",
    ),
    Setting(
        "EVENTS_WEBHOOK_URL",
        "",
        "where record events are posted, signed (Standard Webhooks; docs/events-webhooks.md)",
    ),
    Setting("EVENTS_WEBHOOK_SECRET", "", "its signing secret, whsec_ and base64 (24-64 bytes)"),
    Setting(
        "EVENTS_QUEUE_URL",
        "STORE_URL",
        "the durable queue of events to post: sqlite:///, redis://, postgresql://",
    ),
    Setting("EVENTS_WEBHOOK_MAX_ATTEMPTS", "20", "attempts per event before it is dead-lettered"),
    Setting(
        "EVENTS_WEBHOOK_RETRY_BASE",
        "5",
        "seconds before the second attempt; each further wait doubles (with jitter)",
    ),
    Setting("EVENTS_WEBHOOK_RETRY_MAX", "21600", "longest wait between two attempts, in seconds"),
    Setting("EVENTS_WEBHOOK_TIMEOUT", "15", "seconds a receiver has to answer one POST"),
    Setting(
        "EVENTS_ENTITIES",
        "",
        "comma-separated entity sets kept watched for every connection with an events "
        "webhook, subscriber or not (blank: only what subscriptions watch)",
    ),
    Setting(
        "EVENTS_WEBHOOK_ALLOW_PRIVATE",
        "false",
        "let a connection's own webhook (setEventsWebhook) post to loopback or private addresses",
    ),
)


def markdown_table() -> str:
    """The settings as a Markdown table, as README.md shows it (a test keeps them in sync)."""
    rows = ["| variable | default | what it sets |", "|---|---|---|"]
    for s in SETTINGS:
        default = f"`{s.default}`" if s.default else ""
        rows.append(f"| `{PREFIX}{s.name}` | {default} | {s.help.replace('|', '/')} |")
    return "\n".join(rows)
