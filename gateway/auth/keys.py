"""Where the keys that verify user tokens come from: one static key, or a JWKS URL."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Protocol

import httpx
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import load_pem_public_key
from joserfc.errors import JoseError
from joserfc.jwk import ECKey, Key, KeySet, OctKey, RSAKey

from gateway.auth.config import UserTokenConfig
from gateway.errors import Unauthenticated, UpstreamUnavailable

JWKS_DEFAULT_ALGORITHMS = ("RS256", "ES256")


class KeySource(Protocol):
    algorithms: tuple[str, ...]

    async def key_for(self, kid: str | None) -> Key: ...


class StaticKey:
    """An HS256 secret or one PEM public key; `kid` is ignored, there is only one key."""

    def __init__(self, key: Key, algorithms: tuple[str, ...]) -> None:
        self._key = key
        self.algorithms = algorithms

    @classmethod
    def from_secret(cls, secret: str, algorithms: tuple[str, ...] = ()) -> StaticKey:
        return cls(OctKey.import_key(secret.encode()), algorithms or ("HS256",))

    @classmethod
    def from_pem(cls, pem: str, algorithms: tuple[str, ...] = ()) -> StaticKey:
        try:
            public = load_pem_public_key(pem.encode())
        except ValueError as exc:
            raise ValueError("the user token public key is not a PEM public key") from exc
        # Import with an explicit key type: joserfc warns when it has to guess one.
        if isinstance(public, rsa.RSAPublicKey):
            return cls(RSAKey.import_key(pem), algorithms or ("RS256",))
        if isinstance(public, ec.EllipticCurvePublicKey):
            return cls(ECKey.import_key(pem), algorithms or ("ES256",))
        raise ValueError("the user token public key must be an RSA or EC key")

    async def key_for(self, kid: str | None) -> Key:
        return self._key


class JWKSKeys:
    """Keys fetched from a JWKS URL, cached for a while and refetched when a `kid` is new.

    One fetch at a time: callers that arrive during a fetch wait for it instead of
    starting their own. If a refetch fails, the keys already known stay in use.
    """

    def __init__(
        self,
        url: str,
        http: httpx.AsyncClient,
        *,
        algorithms: tuple[str, ...] = (),
        cache_seconds: float = 300.0,
        min_refetch_seconds: float = 10.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._url = url
        self._http = http
        self.algorithms = algorithms or JWKS_DEFAULT_ALGORITHMS
        self._cache_seconds = cache_seconds
        self._min_refetch_seconds = min_refetch_seconds
        self._clock = clock
        self._keys: KeySet | None = None
        self._fetched_at = float("-inf")
        self._lock = asyncio.Lock()

    async def key_for(self, kid: str | None) -> Key:
        if self._keys is None or self._clock() - self._fetched_at > self._cache_seconds:
            await self._refresh(self._fetched_at)
        key = self._find(kid)
        if key is None and self._clock() - self._fetched_at >= self._min_refetch_seconds:
            # The issuer may have rotated its keys since the last fetch.
            await self._refresh(self._fetched_at)
            key = self._find(kid)
        if key is None:
            raise Unauthenticated("The token was signed with an unknown key.", reason="unknown_key")
        return key

    def _find(self, kid: str | None) -> Key | None:
        if self._keys is None:
            return None
        try:
            return self._keys.get_by_kid(kid)
        except JoseError:
            return None

    async def _refresh(self, seen_fetched_at: float) -> None:
        async with self._lock:
            if self._fetched_at != seen_fetched_at:
                return  # someone else fetched while this caller waited
            try:
                response = await self._http.get(self._url, headers={"Accept": "application/json"})
                response.raise_for_status()
                keys = KeySet.import_key_set(response.json())
            except (httpx.HTTPError, ValueError, JoseError) as exc:
                # Stamp the attempt too, so a JWKS outage is not hammered by every request.
                self._fetched_at = self._clock()
                if self._keys is None:
                    raise UpstreamUnavailable(
                        "The user token signing keys are unavailable."
                    ) from exc
                return
            self._keys = keys
            self._fetched_at = self._clock()


def key_source(
    config: UserTokenConfig,
    http: httpx.AsyncClient | None,
    clock: Callable[[], float] = time.monotonic,
) -> KeySource:
    if config.hs256_secret:
        return StaticKey.from_secret(config.hs256_secret, config.algorithms)
    if config.public_key_pem:
        return StaticKey.from_pem(config.public_key_pem, config.algorithms)
    if http is None:
        raise ValueError("a JWKS URL needs an HTTP client")
    return JWKSKeys(
        config.jwks_url,
        http,
        algorithms=config.algorithms,
        cache_seconds=config.jwks_cache_seconds,
        min_refetch_seconds=config.jwks_min_refetch_seconds,
        clock=clock,
    )
