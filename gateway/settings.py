"""All of the gateway's settings, read once from the environment and passed down.

Each part's own config dataclass (BC client, user tokens, store, OAuth) lives with that
part; this module only reads variables into them. A bad value stops the start with one
message naming the variable.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from gateway.auth.config import UserTokenConfig
from gateway.bc.config import BCClientConfig
from gateway.connections.config import ConnectionStoreConfig
from gateway.oauth.config import DEFAULT_SCOPES, OAuthConfig

PREFIX = "BCGRAPH_"
_T = TypeVar("_T")


class SettingsError(ValueError):
    """A setting that cannot be used; the message names the variable and says why."""


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
        "STORE_URL", "sqlite:///bcgraph.db", "connection store: sqlite:///, redis://, postgresql://"
    ),
    Setting("ENCRYPTION_KEYS", "", "comma-separated Fernet keys, newest first (tokens at rest)"),
    Setting("GRAPHIQL", "true", "serve GraphiQL at /graphql"),
    Setting("BC_MAX_CONCURRENT", "5", "concurrent BC calls per connection (BC's limit is 5)"),
    Setting("BC_READ_TIMEOUT", "60", "seconds to wait for a BC answer"),
    Setting("BC_RETRY_TOTAL_SECONDS", "30", "time cap on retrying one BC call"),
)


@dataclass(frozen=True)
class Settings:
    public_url: str = ""
    bc: BCClientConfig = field(default_factory=BCClientConfig)
    oauth: OAuthConfig = field(default_factory=OAuthConfig)
    user_tokens: UserTokenConfig | None = None
    store: ConnectionStoreConfig = field(default_factory=ConnectionStoreConfig)
    graphiql: bool = True
    # Dev mode only: requests without a user token act as this user.
    anonymous_user: str | None = None

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
        user_tokens = None
        if get("USER_TOKEN_SECRET") or get("USER_TOKEN_PUBLIC_KEY") or get("USER_TOKEN_JWKS_URL"):
            user_tokens = _build(
                "USER_TOKEN_SECRET/USER_TOKEN_PUBLIC_KEY/USER_TOKEN_JWKS_URL",
                lambda: UserTokenConfig(
                    hs256_secret=get("USER_TOKEN_SECRET"),
                    public_key_pem=get("USER_TOKEN_PUBLIC_KEY").replace("\\n", "\n"),
                    jwks_url=get("USER_TOKEN_JWKS_URL"),
                    issuer=get("USER_TOKEN_ISSUER"),
                    audience=get("USER_TOKEN_AUDIENCE"),
                ),
            )
        keys = tuple(k.strip() for k in get("ENCRYPTION_KEYS").split(",") if k.strip())
        store = _build(
            "STORE_URL",
            lambda: ConnectionStoreConfig(
                url=get("STORE_URL", ConnectionStoreConfig.url), encryption_keys=keys
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
        settings = cls(
            public_url=get("PUBLIC_URL").rstrip("/"),
            bc=bc,
            oauth=oauth,
            user_tokens=user_tokens,
            store=store,
            graphiql=_flag(get, "GRAPHIQL", True),
        )
        return dataclasses.replace(settings, **overrides)

    def check_for_serving(self) -> None:
        """What `bcgraph serve` needs that dev mode provides itself."""
        if self.user_tokens is None and self.anonymous_user is None:
            raise SettingsError(
                f"set {PREFIX}USER_TOKEN_SECRET, {PREFIX}USER_TOKEN_PUBLIC_KEY or "
                f"{PREFIX}USER_TOKEN_JWKS_URL: the gateway must verify its users' tokens"
            )
        if not self.store.encryption_keys:
            raise SettingsError(
                f"set {PREFIX}ENCRYPTION_KEYS (generate one with `bcgraph generate-key`): "
                "BC tokens are encrypted at rest"
            )


def _build(names: str, make: Callable[[], _T]) -> _T:
    try:
        return make()
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


def _flag(get: Callable[..., str], name: str, default: bool) -> bool:
    raw = get(name).lower()
    if not raw:
        return default
    if raw in ("1", "true", "yes", "on"):
        return True
    if raw in ("0", "false", "no", "off"):
        return False
    raise SettingsError(f"{PREFIX}{name}: {raw!r} is not true or false")
