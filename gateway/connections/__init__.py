"""Connections: each end user's link to their Business Central, stored with encrypted tokens.

config.py     ConnectionStoreConfig: backend URL, encryption keys, namespace
model.py      Connection, Company, ConnectionStatus, ConnectionKind
crypto.py     TokenCipher (MultiFernet: encrypt with the first key, decrypt with any)
codec.py      Connection <-> stored record (public JSON + an encrypted blob binding it)
store.py      the ConnectionStore protocol; reencrypt_all, choose_default_company
factory.py    open_connection_store: the URL's scheme picks a backend
opening.py    OpeningStore: the app's store, built before the app, opened by its lifespan
backends/     memory, sqlite (default), redis, postgres: one file each
"""

from gateway.connections.config import ConnectionStoreConfig
from gateway.connections.crypto import TokenCipher, UndecryptableError, generate_key
from gateway.connections.factory import open_connection_store
from gateway.connections.model import Company, Connection, ConnectionKind, ConnectionStatus
from gateway.connections.store import ConnectionStore, choose_default_company, reencrypt_all

__all__ = [
    "Company",
    "Connection",
    "ConnectionKind",
    "ConnectionStatus",
    "ConnectionStore",
    "ConnectionStoreConfig",
    "TokenCipher",
    "UndecryptableError",
    "choose_default_company",
    "generate_key",
    "open_connection_store",
    "reencrypt_all",
]
