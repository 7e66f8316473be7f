"""All of the gateway's settings, read once from the environment and passed down.

Each part's own config dataclass (BC client, user tokens, store, OAuth) lives with that
part; this module only reads variables into them. A bad value stops the start with one
message naming the variable.
"""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar
from urllib.parse import urlsplit

from gateway.auth.config import DEV_USER_TOKEN_SECRET, MAX_LIFETIME_SECONDS, UserTokenConfig
from gateway.bc.config import BCClientConfig
from gateway.connections.config import ConnectionStoreConfig
from gateway.connections.crypto import TokenCipher
from gateway.connections.factory import STORE_SCHEMES
from gateway.hosts import host_name
from gateway.limits.config import LimitsConfig, ServerLimits
from gateway.limits.rate import RATE_STORE_SCHEMES
from gateway.oauth.config import BC_API_BASE, DEFAULT_SCOPES, OAuthConfig
from gateway.origins import DEFAULT_ALLOW_HEADERS, OriginPolicy
from gateway.pubsub import PUBSUB_SCHEMES
from gateway.pubsub.config import PubSubConfig
from gateway.webhooks.config import WebhookConfig

PREFIX = "BCGRAPH_"
# Operations per second per user when serving; LimitsConfig made in code has none.
SERVED_RATE_LIMIT = 20.0
_T = TypeVar("_T")
_N = TypeVar("_N", int, float)


class SettingsError(ValueError):
    """A setting that cannot be used; the message names the variable and says why."""


@contextlib.contextmanager
def reported_as(name: str, url: str = "") -> Iterator[None]:
    """Whatever keeps a part from starting (the service its URL names not answering, say)
    becomes a SettingsError naming the setting that chose it, with the URL without its
    password and the reason, so `bcgraph` prints one line instead of a traceback."""
    try:
        yield
    except Exception as error:
        reason = " ".join(str(error).split()) or type(error).__name__
        what = f"cannot use {redact_url(url)}" if url else "cannot start"
        raise SettingsError(f"{PREFIX}{name}: {what}: {reason}") from error


def redact_url(url: str) -> str:
    parts = urlsplit(url)
    if parts.password is None:
        return url
    user = f"{parts.username}:" if parts.username else ":"
    return parts._replace(netloc=f"{user}***@{parts.netloc.rpartition('@')[2]}").geturl()


def check_public_url(name: str, url: str) -> None:
    """PUBLIC_URL is where browsers and BC's webhooks are sent: an absolute http(s) URL."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise SettingsError(
            f"{name}: {url!r} is not an absolute http(s) URL "
            "(for example https://graph.example.com, as clients reach the gateway)"
        )
    if parts.query or parts.fragment:
        raise SettingsError(f"{name}: {url!r} cannot have a query or a fragment")


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
        "USER_TOKEN_MAX_LIFETIME",
        "86400",
        "longest-lived user token accepted, in seconds (`exp - iat`; inf: none; dev mode: 30 days)",
    ),
    Setting(
        "STORE_URL", "sqlite:///bcgraph.db", "connection store: sqlite:///, redis://, postgresql://"
    ),
    Setting("ENCRYPTION_KEYS", "", "comma-separated Fernet keys, newest first (tokens at rest)"),
    Setting("GRAPHIQL", "true", "serve GraphiQL at /graphql"),
    Setting(
        "INTROSPECTION",
        "GRAPHIQL",
        "schema introspection and `Did you mean` suggestions in errors (GraphiQL needs them)",
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
        "live events and webhook state: memory:// (one process) or redis:// (replicas)",
    ),
    Setting("PUBSUB_QUEUE_SIZE", "256", "events one subscriber may fall behind before it is ended"),
    Setting(
        "WEBHOOK_IDLE_GRACE",
        "300",
        "seconds a BC webhook outlives its last subscriber (inf: keep it)",
    ),
    Setting(
        "WEBHOOK_POLL_INTERVAL",
        "60",
        "seconds between tax group polls and BC subscription checks",
    ),
    Setting(
        "WEBHOOK_RECONCILE_INTERVAL",
        "60",
        "seconds between reads of BC for changes whose webhook notification never arrived",
    ),
)


@dataclass(frozen=True)
class Settings:
    public_url: str = ""
    bc: BCClientConfig = field(default_factory=BCClientConfig)
    oauth: OAuthConfig = field(default_factory=OAuthConfig)
    user_tokens: UserTokenConfig | None = None
    store: ConnectionStoreConfig = field(default_factory=ConnectionStoreConfig)
    graphiql: bool = True
    # Clients may read the schema: introspection, and suggestions in error messages.
    introspection: bool = True
    # Dev mode only: requests without a user token act as this user.
    anonymous_user: str | None = None
    limits: LimitsConfig = field(default_factory=LimitsConfig)
    # Slow and bloated clients: head size and time, body time, connections, WebSocket init.
    server: ServerLimits = field(default_factory=ServerLimits)
    # Browser origins allowed over HTTP and WebSockets; none by default (same-origin pages
    # and server-side callers need none).
    cors: OriginPolicy = field(default_factory=OriginPolicy)
    # Host names answered besides loopback and the public URL's; none: any Host, except
    # with anonymous_user (dev mode), where the check is always on (gateway/hosts.py).
    allowed_hosts: tuple[str, ...] = ()
    apq_cache_size: int = 1000
    log_format: str = "json"
    log_level: str = "info"
    otel: bool = False
    ready_timeout: float = 2.0
    pubsub: PubSubConfig = field(default_factory=PubSubConfig)
    webhooks: WebhookConfig = field(default_factory=WebhookConfig)

    @classmethod
    def from_env(cls, env: Mapping[str, str], **overrides: Any) -> Settings:
        def get(name: str, default: str = "") -> str:
            return env.get(PREFIX + name, default).strip()

        oauth = _build(
            "OAUTH_CLIENT_ID/OAUTH_CLIENT_SECRET",
            lambda: OAuthConfig(
                client_id=get("OAUTH_CLIENT_ID"),
                client_secret=get("OAUTH_CLIENT_SECRET"),
                scopes=tuple(get("OAUTH_SCOPES", " ".join(DEFAULT_SCOPES)).split()),
                authority=get("OAUTH_AUTHORITY", OAuthConfig.authority),
                redirect_url=get("OAUTH_REDIRECT_URL"),
                success_url=get("OAUTH_SUCCESS_URL"),
                bc_api_base_url=get("BC_API_URL", OAuthConfig.bc_api_base_url),
                environment=get("BC_ENVIRONMENT"),
            ),
        )
        if oauth.uses_sandbox and oauth.bc_api_base_url.rstrip("/") != BC_API_BASE:
            # Blank credentials and BC_API_URL at a `bcgraph sandbox`: it is BC and the
            # identity provider both, with its published development app.
            oauth = oauth.resolve(oauth.bc_api_base_url)
        user_tokens = None
        max_lifetime = _number(get, "USER_TOKEN_MAX_LIFETIME", float, MAX_LIFETIME_SECONDS)
        if not max_lifetime > 0:
            raise SettingsError(
                f"{PREFIX}USER_TOKEN_MAX_LIFETIME: must be a positive number of seconds "
                "(inf: no limit)"
            )
        if get("USER_TOKEN_SECRET") or get("USER_TOKEN_PUBLIC_KEY") or get("USER_TOKEN_JWKS_URL"):
            user_tokens = _build(
                "USER_TOKEN_SECRET/USER_TOKEN_PUBLIC_KEY/USER_TOKEN_JWKS_URL",
                lambda: UserTokenConfig(
                    hs256_secret=get("USER_TOKEN_SECRET"),
                    public_key_pem=get("USER_TOKEN_PUBLIC_KEY").replace("\\n", "\n"),
                    jwks_url=get("USER_TOKEN_JWKS_URL"),
                    issuer=get("USER_TOKEN_ISSUER"),
                    audience=get("USER_TOKEN_AUDIENCE"),
                    max_lifetime_seconds=max_lifetime,
                ),
            )
        keys = tuple(k.strip() for k in get("ENCRYPTION_KEYS").split(",") if k.strip())
        if keys:
            # Checked here, not when the first token is encrypted; never echoed (a secret).
            _build("ENCRYPTION_KEYS", lambda: TokenCipher(keys))
        store = _build(
            "STORE_URL",
            lambda: ConnectionStoreConfig(
                url=_url(get, "STORE_URL", STORE_SCHEMES, ConnectionStoreConfig.url),
                encryption_keys=keys,
            ),
        )
        bc = _build(
            "BC_MAX_CONCURRENT/BC_READ_TIMEOUT/BC_RETRY_TOTAL_SECONDS",
            lambda: BCClientConfig(
                max_concurrent_per_key=_number(get, "BC_MAX_CONCURRENT", int, 5),
                read_timeout=_number(get, "BC_READ_TIMEOUT", float, 60.0),
                retry_total_seconds=_number(get, "BC_RETRY_TOTAL_SECONDS", float, 30.0),
            ),
        )
        limits = _build(
            "MAX_*/RATE_LIMIT*",
            lambda: LimitsConfig(
                max_depth=_number(get, "MAX_DEPTH", int, LimitsConfig.max_depth),
                max_aliases=_number(get, "MAX_ALIASES", int, LimitsConfig.max_aliases),
                max_document_chars=_number(
                    get, "MAX_DOCUMENT_CHARS", int, LimitsConfig.max_document_chars
                ),
                max_tokens=_number(get, "MAX_TOKENS", int, LimitsConfig.max_tokens),
                max_cost=_number(get, "MAX_COST", int, LimitsConfig.max_cost),
                max_body_bytes=_number(get, "MAX_BODY_BYTES", int, LimitsConfig.max_body_bytes),
                rate_per_second=_number(get, "RATE_LIMIT", float, SERVED_RATE_LIMIT),
                rate_burst=_number(get, "RATE_LIMIT_BURST", int, LimitsConfig.rate_burst),
                rate_store_url=_url(
                    get, "RATE_LIMIT_URL", RATE_STORE_SCHEMES, LimitsConfig.rate_store_url
                ),
            ),
        )
        # Each named on its own: a bad one stops the start naming exactly that variable.
        server = ServerLimits(
            max_header_bytes=_positive(get, "MAX_HEADER_BYTES", int, ServerLimits.max_header_bytes),
            header_timeout=_positive(get, "HEADER_TIMEOUT", float, ServerLimits.header_timeout),
            body_timeout=_positive(get, "BODY_TIMEOUT", float, ServerLimits.body_timeout),
            max_connections=_positive(get, "MAX_CONNECTIONS", int, ServerLimits.max_connections),
            ws_init_timeout=_positive(get, "WS_INIT_TIMEOUT", float, ServerLimits.ws_init_timeout),
        )
        pubsub = _build(
            "PUBSUB_URL/PUBSUB_QUEUE_SIZE",
            lambda: PubSubConfig(
                url=_url(get, "PUBSUB_URL", PUBSUB_SCHEMES, PubSubConfig.url),
                queue_size=_number(get, "PUBSUB_QUEUE_SIZE", int, PubSubConfig.queue_size),
            ),
        )
        webhooks = _build(
            "WEBHOOK_IDLE_GRACE/WEBHOOK_POLL_INTERVAL/WEBHOOK_RECONCILE_INTERVAL",
            lambda: WebhookConfig(
                idle_grace_seconds=_number(
                    get, "WEBHOOK_IDLE_GRACE", float, WebhookConfig.idle_grace_seconds
                ),
                poll_interval_seconds=_number(
                    get, "WEBHOOK_POLL_INTERVAL", float, WebhookConfig.poll_interval_seconds
                ),
                reconcile_seconds=_number(
                    get, "WEBHOOK_RECONCILE_INTERVAL", float, WebhookConfig.reconcile_seconds
                ),
            ),
        )
        if get("PUBLIC_URL"):
            check_public_url(f"{PREFIX}PUBLIC_URL", get("PUBLIC_URL"))
        graphiql = _flag(get, "GRAPHIQL", True)
        settings = cls(
            public_url=get("PUBLIC_URL").rstrip("/"),
            bc=bc,
            oauth=oauth,
            user_tokens=user_tokens,
            store=store,
            graphiql=graphiql,
            # A production gateway without GraphiQL need not describe its schema to anyone.
            introspection=_flag(get, "INTROSPECTION", graphiql),
            limits=limits,
            server=server,
            cors=cors_from_env(env),
            allowed_hosts=_host_names(get, "ALLOWED_HOSTS"),
            apq_cache_size=_number(get, "APQ_CACHE_SIZE", int, 1000),
            log_format=_choice(get, "LOG_FORMAT", ("json", "text"), "json"),
            log_level=_choice(get, "LOG_LEVEL", ("debug", "info", "warning", "error"), "info"),
            otel=_flag(get, "OTEL", False),
            ready_timeout=_number(get, "READY_TIMEOUT", float, 2.0),
            pubsub=pubsub,
            webhooks=webhooks,
        )
        if settings.apq_cache_size < 0:
            raise SettingsError(f"{PREFIX}APQ_CACHE_SIZE: cannot be negative (0 turns APQ off)")
        if settings.ready_timeout <= 0:
            raise SettingsError(f"{PREFIX}READY_TIMEOUT: must be positive")
        if settings.otel:
            from gateway.observability.tracing import otel_installed

            if not otel_installed():
                raise SettingsError(
                    f"{PREFIX}OTEL is on but OpenTelemetry is not installed: "
                    "pip install 'bcgraph[otel]'"
                )
        return dataclasses.replace(settings, **overrides)

    def check_for_serving(self) -> None:
        """What `bcgraph serve` needs that dev mode provides itself."""
        if self.user_tokens is None and self.anonymous_user is None:
            raise SettingsError(
                f"set {PREFIX}USER_TOKEN_SECRET, {PREFIX}USER_TOKEN_PUBLIC_KEY or "
                f"{PREFIX}USER_TOKEN_JWKS_URL: the gateway must verify its users' tokens"
            )
        if self.user_tokens is not None and self.user_tokens.hs256_secret == DEV_USER_TOKEN_SECRET:
            raise SettingsError(
                f"{PREFIX}USER_TOKEN_SECRET: this is dev mode's published secret, with which "
                "anyone can sign a token for any user; generate your own (openssl rand -hex 32)"
            )
        if not self.store.encryption_keys:
            raise SettingsError(
                f"set {PREFIX}ENCRYPTION_KEYS (generate one with `bcgraph generate-key`): "
                "BC tokens are encrypted at rest"
            )
        if self.oauth.uses_sandbox:
            raise SettingsError(
                f"set {PREFIX}OAUTH_CLIENT_ID and {PREFIX}OAUTH_CLIENT_SECRET (your app "
                f"registration, docs/setup.md), or point {PREFIX}BC_API_URL at a `bcgraph sandbox`"
            )


def cors_from_env(env: Mapping[str, str], origins: Sequence[str] = ()) -> OriginPolicy:
    """BCGRAPH_CORS_ORIGINS (with `origins` given on the command line added) and
    BCGRAPH_CORS_ALLOW_HEADERS (blank: DEFAULT_ALLOW_HEADERS)."""

    def items(name: str) -> tuple[str, ...]:
        return tuple(i.strip() for i in env.get(PREFIX + name, "").split(",") if i.strip())

    return _build(
        "CORS_ORIGINS/CORS_ALLOW_HEADERS",
        lambda: OriginPolicy(
            origins=(*items("CORS_ORIGINS"), *origins),
            allow_headers=items("CORS_ALLOW_HEADERS") or DEFAULT_ALLOW_HEADERS,
        ),
    )


def _build(names: str, make: Callable[[], _T]) -> _T:
    try:
        return make()
    except SettingsError:
        raise  # names its own variable
    except ValueError as error:
        raise SettingsError(f"{PREFIX}{names}: {error}") from None


def _number(get: Callable[..., str], name: str, kind: Callable[[str], _T], default: _T) -> _T:
    raw = get(name)
    if not raw:
        return default
    try:
        return kind(raw)
    except ValueError:
        raise SettingsError(f"{PREFIX}{name}: {raw!r} is not a number") from None


def _positive(get: Callable[..., str], name: str, kind: Callable[[str], _N], default: _N) -> _N:
    value = _number(get, name, kind, default)
    if not value > 0:  # NaN fails too
        raise SettingsError(f"{PREFIX}{name}: must be positive, not {value}")
    return value


def _url(get: Callable[..., str], name: str, schemes: tuple[str, ...], default: str) -> str:
    raw = get(name, default)
    scheme = urlsplit(raw).scheme.lower()
    if scheme not in schemes:
        raise SettingsError(
            f"{PREFIX}{name}: {redact_url(raw)!r} has no supported scheme: "
            f"use {', '.join(s + '://' for s in schemes)}"
        )
    return raw


def _choice(get: Callable[..., str], name: str, allowed: tuple[str, ...], default: str) -> str:
    raw = get(name).lower() or default
    if raw not in allowed:
        raise SettingsError(f"{PREFIX}{name}: {raw!r} is not one of {', '.join(allowed)}")
    return raw


def _host_names(get: Callable[..., str], name: str) -> tuple[str, ...]:
    names = []
    for entry in (e.strip() for e in get(name).split(",")):
        if not entry:
            continue
        found = host_name(entry)
        if found is None:
            raise SettingsError(f"{PREFIX}{name}: {entry!r} is not a host name")
        names.append(found)
    return tuple(names)


def markdown_table() -> str:
    """The settings as a Markdown table, as README.md shows it (a test keeps them in sync)."""
    rows = ["| variable | default | what it sets |", "|---|---|---|"]
    for s in SETTINGS:
        default = f"`{s.default}`" if s.default else ""
        rows.append(f"| `{PREFIX}{s.name}` | {default} | {s.help.replace('|', '/')} |")
    return "\n".join(rows)


def _flag(get: Callable[..., str], name: str, default: bool) -> bool:
    raw = get(name).lower()
    if not raw:
        return default
    if raw in ("1", "true", "yes", "on"):
        return True
    if raw in ("0", "false", "no", "off"):
        return False
    raise SettingsError(f"{PREFIX}{name}: {raw!r} is not true or false")
