"""Where connections live and the keys their tokens are encrypted with."""

from __future__ import annotations

import re
from dataclasses import dataclass

# The namespace becomes a SQL schema or table prefix, so it is kept to plain identifiers.
_NAMESPACE = re.compile(r"^[a-z_][a-z0-9_]{0,40}$")


@dataclass(frozen=True)
class ConnectionStoreConfig:
    """`url` picks the backend by scheme: `sqlite:///path` (the default; four slashes for
    an absolute path), `redis://…`/`rediss://…`, `postgresql://…`, or `memory://`.

    `encryption_keys` are Fernet keys (`gateway.connections.generate_key()`): tokens are
    encrypted with the first and decrypted with any, so a new key goes first and the old
    ones stay until `reencrypt_all` has run. `namespace` prefixes Redis keys, names the
    PostgreSQL schema and prefixes SQLite tables, so several gateways (or tests) can
    share one server.
    """

    url: str = "sqlite:///bcgraph.db"
    encryption_keys: tuple[str, ...] = ()
    namespace: str = "bcgraph"

    def __post_init__(self) -> None:
        if not _NAMESPACE.match(self.namespace):
            raise ValueError("the store namespace must match [a-z_][a-z0-9_]*")
