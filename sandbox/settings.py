"""Everything the sandbox can be told, read once and passed down."""

from __future__ import annotations

from dataclasses import dataclass, field

from sandbox.directory import Directory, default_directory


@dataclass(frozen=True)
class WebhookSettings:
    # BC waits 30 s after the first change before it notifies; dev mode a few
    # seconds; tests near zero.
    delay_seconds: float = 30.0
    # Above this many pending changes for one subscription BC sends a single
    # `collection` notification instead.
    collection_threshold: int = 1000
    # Seconds before each retry after a 408/429/5xx or no answer; BC: 1, 1, 10, 100, 1000 min.
    retry_schedule: tuple[float, ...] = (60.0, 60.0, 600.0, 6000.0, 60000.0)
    handshake_timeout_seconds: float = 5.0
    delivery_timeout_seconds: float = 10.0
    expiry_seconds: float = 3 * 24 * 3600.0
    max_subscriptions: int = 200


@dataclass(frozen=True)
class LimitSettings:
    enabled: bool = True
    max_concurrent_per_user: int = 5
    max_queued_per_user: int = 95
    rate_requests: int = 6000
    rate_window_seconds: float = 300.0
    max_page_size: int = 20000
    max_batch_operations: int = 100


@dataclass(frozen=True)
class SandboxSettings:
    # ":memory:" keeps state for the life of the process only.
    db_path: str = ":memory:"
    # The URL clients reach the sandbox at; used in @odata.context, nextLinks
    # and as the token issuer. Empty: derived from each request.
    public_url: str = ""
    seed: bool = True
    directory: Directory = field(default_factory=default_directory)
    webhooks: WebhookSettings = field(default_factory=WebhookSettings)
    limits: LimitSettings = field(default_factory=LimitSettings)
    # /_sandbox/ (stats, reset, faults) is for tests and benchmarks only.
    admin_enabled: bool = False
    # Skip bearer-token checks (never on by default: the gateway must send tokens).
    auth_required: bool = True
    # Authorization requests for these users are approved without a page.
    auto_consent: bool = True
    access_token_lifetime_seconds: int = 3600
    refresh_token_lifetime_seconds: int = 90 * 24 * 3600
    # The identity provider's RSA signing key (PEM). Empty: one is made on the first start
    # and kept in the database. Tests start hundreds of sandboxes and share one key, since
    # making a 2048-bit key is a third of a sandbox's start.
    signing_key_pem: str = ""
