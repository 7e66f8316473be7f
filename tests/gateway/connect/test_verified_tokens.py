"""A verified user token is remembered by its text (gateway/auth/verifier.py) until it
expires or its keys would have been fetched again: never longer than checking it again
would have accepted it."""

from __future__ import annotations

import asyncio

from joserfc.jwk import ECKey

from gateway.auth import UserTokenConfig, UserTokenVerifier, mint_user_token
from tests.gateway.connect.test_user_tokens import HS, JWKSServer, es256, refused


async def test_a_verified_token_is_remembered_until_it_expires() -> None:
    now = [1_900_000_000.0]
    verifier = UserTokenVerifier(HS, clock=lambda: now[0])
    token = mint_user_token(HS, "a", ttl=60, now=now[0])
    first = await verifier.verify(token)
    assert await verifier.verify(token) is first  # remembered, not checked again
    now[0] += 59
    assert await verifier.verify(token) is first
    # 10 s past `exp`: inside the leeway, so still accepted, but checked again.
    now[0] += 11
    again = await verifier.verify(token)
    assert again == first and again is not first
    now[0] += 30  # 40 s past `exp`: refused, as it would be without the memory
    assert (await refused(verifier, token)).extensions["reason"] == "token_expired"
    # Another token of the same user is checked on its own.
    other = mint_user_token(HS, "a", ttl=60, now=now[0])
    assert (await verifier.verify(other)).user_id == "a"


async def test_a_token_is_refused_once_its_key_left_the_jwks() -> None:
    first = ECKey.generate_key("P-256", parameters={"kid": "k1"})
    second = ECKey.generate_key("P-256", parameters={"kid": "k2"})
    issuer = JWKSServer(first)
    config = UserTokenConfig(
        jwks_url="http://issuer.test/jwks", jwks_cache_seconds=0.3, jwks_min_refetch_seconds=0
    )
    async with issuer.client() as http:
        verifier = UserTokenVerifier(config, http=http)
        token = es256(first)
        principal = await verifier.verify(token)
        issuer.keys = [second]  # the issuer retires the key
        assert await verifier.verify(token) is principal  # the keys are not stale yet
        await asyncio.sleep(0.4)
        assert (await refused(verifier, token)).extensions["reason"] == "unknown_key"
        assert issuer.fetches >= 2
