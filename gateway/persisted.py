"""Automatic persisted queries, Apollo's protocol: a client sends a document's SHA-256
instead of the document; the gateway answers from its cache, or with
PersistedQueryNotFound, upon which the client sends hash and document together once.

    {"extensions": {"persistedQuery": {"version": 1, "sha256Hash": "<hex>"}}, "variables": ...}

Over GET too (`?extensions=...`), which lets a CDN cache queries by URL. The hash is
checked against the document before it is stored, so nobody can plant a document under
another's hash. The cache is bounded (least recently used goes first) and per replica: a
miss on another replica costs the client one more round trip, nothing else.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections import OrderedDict
from typing import Any

from strawberry.http import GraphQLRequestData

from gateway.errors import BadUserInput


class PersistedQueryNotFound(BadUserInput):
    # Apollo's clients look for this message (or code) and then send the document.
    code = "PERSISTED_QUERY_NOT_FOUND"
    # 200 like the original protocol: every APQ client retries on it, whatever its status
    # handling (a 4xx is taken as a network failure by some).
    http_status = 200


class PersistedQueries:
    def __init__(self, max_entries: int = 1000) -> None:
        self._documents: OrderedDict[str, str] = OrderedDict()
        self._max = max_entries

    def __len__(self) -> int:
        return len(self._documents)

    def resolve(self, data: GraphQLRequestData) -> GraphQLRequestData:
        """The request with its document filled in from the cache when it sent only a hash."""
        persisted = (data.extensions or {}).get("persistedQuery")
        if persisted is None:
            return data
        wanted = _hash_of(persisted)
        if data.query is not None:
            actual = hashlib.sha256(data.query.encode()).hexdigest()
            if actual != wanted:
                raise BadUserInput("provided sha does not match query", reason="hash_mismatch")
            self._remember(wanted, data.query)
            return data
        document = self._documents.get(wanted)
        if document is None:
            raise PersistedQueryNotFound("PersistedQueryNotFound")
        self._documents.move_to_end(wanted)
        return dataclasses.replace(data, query=document)

    def _remember(self, digest: str, document: str) -> None:
        self._documents[digest] = document
        self._documents.move_to_end(digest)
        while len(self._documents) > self._max:
            self._documents.popitem(last=False)


def _hash_of(persisted: Any) -> str:
    if not isinstance(persisted, dict) or persisted.get("version") != 1:
        raise BadUserInput("Unsupported persisted query version: use version 1.")
    digest = persisted.get("sha256Hash")
    if not isinstance(digest, str) or len(digest) != 64:
        raise BadUserInput("persistedQuery.sha256Hash must be a SHA-256 in hex.")
    return digest.lower()
