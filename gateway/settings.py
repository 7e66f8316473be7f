"""All of the gateway's settings, read once from the environment and passed down.

Each part's own config dataclass (BC client, user tokens, store, OAuth) lives with that
part; this module only reads variables into them. A bad value stops the start with one
message naming the variable.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bcmodel import STANDARD, Registry
from bcmodel.custom_apis import CustomApi, load
from gateway.auth.config import DEV_USER_TOKEN_SECRET, MAX_LIFETIME_SECONDS, UserTokenConfig
from gateway.bc.config import BCClientConfig
from gateway.connections.config import ConnectionStoreConfig
from gateway.connections.crypto import TokenCipher
from gateway.connections.factory import STORE_SCHEMES
from gateway.delivery.config import DeliveryConfig
from gateway.delivery.queue import QUEUE_SCHEMES
from gateway.limits.config import LimitsConfig, ServerLimits
from gateway.limits.rate import RATE_STORE_SCHEMES
from gateway.oauth.config import BC_API_BASE, DEFAULT_SCOPES, OAuthConfig
from gateway.origins import DEFAULT_ALLOW_HEADERS, OriginPolicy
from gateway.pubsub import PUBSUB_SCHEMES
from gateway.pubsub.config import PubSubConfig
from gateway.settings_table import SETTINGS, Setting, markdown_table
from gateway.settings_values import (
    PREFIX,
    SettingsError,
    build,
    check_public_url,
    choice,
    flag,
    host_names,
    number,
    positive,
    redact_url,
    reported_as,
    url,
)
from gateway.webhooks.config import WebhookConfig
from gateway.webhooks.model import watchable

__all__ = [
    "PREFIX",
    "SETTINGS",
    "Setting",
    "Settings",
    "SettingsError",
    "check_public_url",
    "cors_from_env",
    "markdown_table",
    "redact_url",
    "reported_as",
]

# Operations per second per user when serving; LimitsConfig made in code has none.
SERVED_RATE_LIMIT = 20.0


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
    # Compiled read operations kept (schema/compiled/); 0 runs every one through graphql-core.
    compiled_plans: int = 256
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
    # Record events posted to the app's backend (docs/events-webhooks.md); its queue_url
    # blank: the connection store's.
    events: DeliveryConfig = field(default_factory=DeliveryConfig)
    # Extensions' APIs (custom APIs) served besides BC's standard API, as declared in the
    # files BCGRAPH_CUSTOM_APIS names (docs/custom-apis.md).
    custom_apis: tuple[CustomApi, ...] = ()

    @property
    def entities(self) -> Registry:
        """The entities the gateway serves: BC's standard API's and the custom APIs'."""
        return STANDARD.with_custom(e for api in self.custom_apis for e in api.entities)

    @classmethod
    def from_env(cls, env: Mapping[str, str], **overrides: Any) -> Settings:
        def get(name: str, default: str = "") -> str:
            return env.get(PREFIX + name, default).strip()

        oauth = build(
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
        max_lifetime = number(get, "USER_TOKEN_MAX_LIFETIME", float, MAX_LIFETIME_SECONDS)
        if not max_lifetime > 0:
            raise SettingsError(
                f"{PREFIX}USER_TOKEN_MAX_LIFETIME: must be a positive number of seconds "
                "(inf: no limit)"
            )
        if get("USER_TOKEN_SECRET") or get("USER_TOKEN_PUBLIC_KEY") or get("USER_TOKEN_JWKS_URL"):
            user_tokens = build(
                "USER_TOKEN_SECRET/USER_TOKEN_PUBLIC_KEY/USER_TOKEN_JWKS_URL",
                lambda: UserTokenConfig(
                    hs256_secret=get("USER_TOKEN_SECRET"),
                    public_key_pem=get("USER_TOKEN_PUBLIC_KEY").replace("\\n", "\n"),
                    jwks_url=get("USER_TOKEN_JWKS_URL"),
                    issuer=get("USER_TOKEN_ISSUER"),
                    audience=get("USER_TOKEN_AUDIENCE"),
                    max_lifetime_seconds=max_lifetime,
                    org_claim=get("USER_TOKEN_ORG_CLAIM"),
                ),
            )
        keys = tuple(k.strip() for k in get("ENCRYPTION_KEYS").split(",") if k.strip())
        if keys:
            # Checked here, not when the first token is encrypted; never echoed (a secret).
            build("ENCRYPTION_KEYS", lambda: TokenCipher(keys))
        store = build(
            "STORE_URL",
            lambda: ConnectionStoreConfig(
                url=url(get, "STORE_URL", STORE_SCHEMES, ConnectionStoreConfig.url),
                encryption_keys=keys,
            ),
        )
        bc = build(
            "BC_MAX_CONCURRENT/BC_READ_TIMEOUT/BC_RETRY_TOTAL_SECONDS",
            lambda: BCClientConfig(
                max_concurrent_per_key=number(get, "BC_MAX_CONCURRENT", int, 5),
                read_timeout=number(get, "BC_READ_TIMEOUT", float, 60.0),
                retry_total_seconds=number(get, "BC_RETRY_TOTAL_SECONDS", float, 30.0),
            ),
        )
        limits = build(
            "MAX_*/RATE_LIMIT*",
            lambda: LimitsConfig(
                max_depth=number(get, "MAX_DEPTH", int, LimitsConfig.max_depth),
                max_aliases=number(get, "MAX_ALIASES", int, LimitsConfig.max_aliases),
                max_document_chars=number(
                    get, "MAX_DOCUMENT_CHARS", int, LimitsConfig.max_document_chars
                ),
                max_tokens=number(get, "MAX_TOKENS", int, LimitsConfig.max_tokens),
                max_cost=number(get, "MAX_COST", int, LimitsConfig.max_cost),
                max_body_bytes=number(get, "MAX_BODY_BYTES", int, LimitsConfig.max_body_bytes),
                rate_per_second=number(get, "RATE_LIMIT", float, SERVED_RATE_LIMIT),
                rate_burst=number(get, "RATE_LIMIT_BURST", int, LimitsConfig.rate_burst),
                rate_store_url=url(
                    get, "RATE_LIMIT_URL", RATE_STORE_SCHEMES, LimitsConfig.rate_store_url
                ),
            ),
        )
        # Each named on its own: a bad one stops the start naming exactly that variable.
        server = ServerLimits(
            max_header_bytes=positive(get, "MAX_HEADER_BYTES", int, ServerLimits.max_header_bytes),
            header_timeout=positive(get, "HEADER_TIMEOUT", float, ServerLimits.header_timeout),
            body_timeout=positive(get, "BODY_TIMEOUT", float, ServerLimits.body_timeout),
            max_connections=positive(get, "MAX_CONNECTIONS", int, ServerLimits.max_connections),
            ws_init_timeout=positive(get, "WS_INIT_TIMEOUT", float, ServerLimits.ws_init_timeout),
            ws_compression=flag(get, "WS_COMPRESSION", ServerLimits.ws_compression),
            sse_keep_alive=positive(get, "SSE_KEEP_ALIVE", float, ServerLimits.sse_keep_alive),
        )
        pubsub = build(
            "PUBSUB_URL/PUBSUB_QUEUE_SIZE",
            lambda: PubSubConfig(
                url=url(get, "PUBSUB_URL", PUBSUB_SCHEMES, PubSubConfig.url),
                queue_size=number(get, "PUBSUB_QUEUE_SIZE", int, PubSubConfig.queue_size),
            ),
        )
        webhooks = webhooks_from_env(env)
        events = build(
            "EVENTS_WEBHOOK_*",
            lambda: DeliveryConfig(
                url=get("EVENTS_WEBHOOK_URL"),
                secret=get("EVENTS_WEBHOOK_SECRET"),
                queue_url=url(get, "EVENTS_QUEUE_URL", QUEUE_SCHEMES, store.url),
                max_attempts=number(
                    get, "EVENTS_WEBHOOK_MAX_ATTEMPTS", int, DeliveryConfig.max_attempts
                ),
                retry_base_seconds=number(
                    get, "EVENTS_WEBHOOK_RETRY_BASE", float, DeliveryConfig.retry_base_seconds
                ),
                retry_max_seconds=number(
                    get, "EVENTS_WEBHOOK_RETRY_MAX", float, DeliveryConfig.retry_max_seconds
                ),
                timeout_seconds=number(
                    get, "EVENTS_WEBHOOK_TIMEOUT", float, DeliveryConfig.timeout_seconds
                ),
                allow_private_targets=flag(get, "EVENTS_WEBHOOK_ALLOW_PRIVATE", False),
                entities=tuple(e.strip() for e in get("EVENTS_ENTITIES").split(",") if e.strip()),
            ),
        )
        if get("PUBLIC_URL"):
            check_public_url(f"{PREFIX}PUBLIC_URL", get("PUBLIC_URL"))
        custom_apis = build("CUSTOM_APIS", lambda: _custom_apis(get("CUSTOM_APIS")))
        graphiql = flag(get, "GRAPHIQL", True)
        settings = cls(
            public_url=get("PUBLIC_URL").rstrip("/"),
            bc=bc,
            oauth=oauth,
            user_tokens=user_tokens,
            store=store,
            graphiql=graphiql,
            # A production gateway without GraphiQL need not describe its schema to anyone.
            introspection=flag(get, "INTROSPECTION", graphiql),
            limits=limits,
            server=server,
            cors=cors_from_env(env),
            allowed_hosts=host_names(get, "ALLOWED_HOSTS"),
            apq_cache_size=number(get, "APQ_CACHE_SIZE", int, 1000),
            compiled_plans=number(get, "COMPILED_PLANS", int, 256),
            log_format=choice(get, "LOG_FORMAT", ("json", "text"), "json"),
            log_level=choice(get, "LOG_LEVEL", ("debug", "info", "warning", "error"), "info"),
            otel=flag(get, "OTEL", False),
            ready_timeout=number(get, "READY_TIMEOUT", float, 2.0),
            pubsub=pubsub,
            webhooks=webhooks,
            events=events,
            custom_apis=custom_apis,
        )
        for name in settings.events.entities:
            if watchable(settings.entities, name) is None:
                raise SettingsError(
                    f"{PREFIX}EVENTS_ENTITIES: {name!r} is not an entity set whose changes "
                    "the gateway follows (vendors, purchaseInvoices, …)"
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


def _custom_apis(paths: str) -> tuple[CustomApi, ...]:
    """The declaration files (comma-separated paths), each loaded and all checked together
    against BC's standard entities, so that a mistake stops the start naming the file."""
    apis = tuple(load(Path(p.strip())) for p in paths.split(",") if p.strip())
    try:
        STANDARD.with_custom(e for api in apis for e in api.entities)
    except LookupError as error:
        raise ValueError(str(error)) from None
    return apis


def webhooks_from_env(env: Mapping[str, str]) -> WebhookConfig:
    """BCGRAPH_WEBHOOK_IDLE_GRACE, _POLL_INTERVAL and _RECONCILE_INTERVAL: read by `serve`
    and by `dev` alike."""

    def get(name: str, default: str = "") -> str:
        return env.get(PREFIX + name, default).strip()

    return build(
        "WEBHOOK_IDLE_GRACE/WEBHOOK_POLL_INTERVAL/WEBHOOK_RECONCILE_INTERVAL",
        lambda: WebhookConfig(
            idle_grace_seconds=number(
                get, "WEBHOOK_IDLE_GRACE", float, WebhookConfig.idle_grace_seconds
            ),
            poll_interval_seconds=number(
                get, "WEBHOOK_POLL_INTERVAL", float, WebhookConfig.poll_interval_seconds
            ),
            reconcile_seconds=number(
                get, "WEBHOOK_RECONCILE_INTERVAL", float, WebhookConfig.reconcile_seconds
            ),
        ),
    )


def cors_from_env(env: Mapping[str, str], origins: Sequence[str] = ()) -> OriginPolicy:
    """BCGRAPH_CORS_ORIGINS (with `origins` given on the command line added) and
    BCGRAPH_CORS_ALLOW_HEADERS (blank: DEFAULT_ALLOW_HEADERS)."""

    def items(name: str) -> tuple[str, ...]:
        return tuple(i.strip() for i in env.get(PREFIX + name, "").split(",") if i.strip())

    return build(
        "CORS_ORIGINS/CORS_ALLOW_HEADERS",
        lambda: OriginPolicy(
            origins=(*items("CORS_ORIGINS"), *origins),
            allow_headers=items("CORS_ALLOW_HEADERS") or DEFAULT_ALLOW_HEADERS,
        ),
    )
