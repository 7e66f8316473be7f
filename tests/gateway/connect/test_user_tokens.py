"""User tokens: HS256, RS256 from a PEM, ES256 from a JWKS; every claim check; the edges."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import math
import time
from typing import Any

import httpx
import pytest
from joserfc import jwt
from joserfc.jwk import ECKey, Key, KeySet, OctKey, RSAKey
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.authentication import AuthenticationMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from gateway.auth import (
    Principal,
    UserTokenBackend,
    UserTokenConfig,
    UserTokenVerifier,
    auth_error_response,
    authenticate_connection_init,
    mint_user_token,
)
from gateway.errors import Unauthenticated

SECRET = "a-test-secret-that-is-long-enough-0123456789"
HS = UserTokenConfig(hs256_secret=SECRET)


def b64(data: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


async def refused(verifier: UserTokenVerifier, token: str) -> Unauthenticated:
    with pytest.raises(Unauthenticated) as caught:
        await verifier.verify(token)
    error = caught.value
    assert token not in error.message and token not in str(error.extensions)
    return error


async def test_hs256_round_trip() -> None:
    principal = await UserTokenVerifier(HS).verify(
        mint_user_token(HS, "user-42", claims={"org": "acme"})
    )
    assert principal == Principal("user-42", principal.claims)
    assert principal.claims["org"] == "acme"
    assert principal.is_authenticated and principal.identity == "user-42"


async def test_tampered_and_wrongly_signed_tokens_are_refused() -> None:
    verifier = UserTokenVerifier(HS)
    header, _, signature = mint_user_token(HS, "alice").split(".")
    forged = f"{header}.{b64({'sub': 'mallory', 'exp': int(time.time()) + 60})}.{signature}"
    assert (await refused(verifier, forged)).extensions["reason"] == "invalid_signature"
    other = UserTokenConfig(hs256_secret="another-secret-that-is-long-enough-012345")
    error = await refused(verifier, mint_user_token(other, "alice"))
    assert error.extensions["reason"] == "invalid_signature"
    assert error.code == "UNAUTHENTICATED"


async def test_alg_none_and_algorithm_confusion_are_refused() -> None:
    now = int(time.time())
    unsigned = f"{b64({'alg': 'none', 'typ': 'JWT'})}.{b64({'sub': 'a', 'exp': now + 60})}."
    error = await refused(UserTokenVerifier(HS), unsigned)
    assert error.extensions["reason"] == "algorithm_refused"
    # HS256 signed with the RSA public key's PEM as the secret: the classic confusion attack
    # (built by hand: joserfc itself refuses to use a public key as an HMAC secret).
    rsa = RSAKey.generate_key(2048)
    pem = rsa.as_pem(private=False)
    signing_input = f"{b64({'alg': 'HS256'})}.{b64({'sub': 'mallory', 'exp': now + 60})}"
    mac = hmac.new(pem, signing_input.encode(), hashlib.sha256).digest()
    confused = f"{signing_input}.{base64.urlsafe_b64encode(mac).rstrip(b'=').decode()}"
    verifier = UserTokenVerifier(UserTokenConfig(public_key_pem=pem.decode()))
    error = await refused(verifier, confused)
    assert error.extensions["reason"] == "algorithm_refused"


@pytest.mark.parametrize(
    ("claims", "reason"),
    [
        ({"exp": None}, "missing_claim"),
        ({"sub": None}, "missing_claim"),
        ({"sub": ""}, "invalid_claim"),
        ({"exp": "tomorrow"}, "invalid_claim"),
        ({"sub": 42}, "invalid_claim"),
    ],
)
async def test_required_claims(claims: dict[str, Any], reason: str) -> None:
    now = int(time.time())
    payload = {"sub": "alice", "exp": now + 60} | claims
    payload = {k: v for k, v in payload.items() if v is not None}
    token = jwt.encode({"alg": "HS256"}, payload, _oct())
    assert (await refused(UserTokenVerifier(HS), token)).extensions["reason"] == reason


def _oct() -> OctKey:
    return OctKey.import_key(SECRET.encode())


async def test_expiry_and_not_before_with_leeway() -> None:
    now = 1_900_000_000.0
    verifier = UserTokenVerifier(HS, clock=lambda: now)
    # Expired 20 s ago: inside the default 30 s leeway.
    await verifier.verify(mint_user_token(HS, "a", ttl=60, now=now - 80))
    expired = await refused(verifier, mint_user_token(HS, "a", ttl=60, now=now - 100))
    assert expired.extensions["reason"] == "token_expired"
    assert "expired" in expired.message
    # Valid from 20 s ahead: fine; from 100 s ahead: not yet.
    await verifier.verify(mint_user_token(HS, "a", now=now, claims={"nbf": int(now) + 20}))
    early = await refused(
        verifier, mint_user_token(HS, "a", now=now, claims={"nbf": int(now) + 100})
    )
    assert early.extensions["reason"] == "token_not_yet_valid"
    strict = UserTokenVerifier(
        UserTokenConfig(hs256_secret=SECRET, leeway_seconds=0), clock=lambda: now
    )
    await refused(strict, mint_user_token(HS, "a", ttl=60, now=now - 61))


async def test_a_token_valid_for_longer_than_the_maximum_is_refused() -> None:
    now = 1_900_000_000.0
    day = 24 * 3600
    verifier = UserTokenVerifier(HS, clock=lambda: now)  # the default maximum: a day

    await verifier.verify(mint_user_token(HS, "a", ttl=day, now=now - 3600))
    too_long = await refused(verifier, mint_user_token(HS, "a", ttl=day + 1, now=now))
    assert too_long.extensions["reason"] == "token_lifetime_too_long"
    assert too_long.extensions["maxLifetimeSeconds"] == day
    assert "shorter lifetime" in too_long.message
    # Late in a long life is no better: it was minted to last a month.
    late = await refused(verifier, mint_user_token(HS, "a", ttl=30 * day, now=now - 29 * day))
    assert late.extensions["reason"] == "token_lifetime_too_long"

    # Without `iat`, what is left of the token counts.
    def without_iat(exp: float) -> str:
        return jwt.encode({"alg": "HS256"}, {"sub": "a", "exp": int(exp)}, _oct())

    await verifier.verify(without_iat(now + day))
    left = await refused(verifier, without_iat(now + day + 60))
    assert left.extensions["reason"] == "token_lifetime_too_long"
    # Without `exp` there is no lifetime to bound: refused as before.
    endless = jwt.encode({"alg": "HS256"}, {"sub": "a", "iat": int(now)}, _oct())
    assert (await refused(verifier, endless)).extensions["reason"] == "missing_claim"

    hour = UserTokenConfig(hs256_secret=SECRET, max_lifetime_seconds=3600)
    strict = UserTokenVerifier(hour, clock=lambda: now)
    await strict.verify(mint_user_token(HS, "a", ttl=3600, now=now))
    await refused(strict, mint_user_token(HS, "a", ttl=3601, now=now))
    unbounded = UserTokenConfig(hs256_secret=SECRET, max_lifetime_seconds=math.inf)
    await UserTokenVerifier(unbounded, clock=lambda: now).verify(without_iat(now + 3650 * day))
    for bad in (0, -1, math.nan):
        with pytest.raises(ValueError, match="maximum user token lifetime"):
            UserTokenConfig(hs256_secret=SECRET, max_lifetime_seconds=bad)


async def test_issuer_and_audience() -> None:
    config = UserTokenConfig(hs256_secret=SECRET, issuer="https://app.example", audience="bcgraph")
    verifier = UserTokenVerifier(config)
    principal = await verifier.verify(mint_user_token(config, "alice"))
    assert principal.claims["iss"] == "https://app.example"
    wrong_iss = await refused(
        verifier, mint_user_token(config, "a", claims={"iss": "https://evil"})
    )
    assert wrong_iss.extensions["reason"] == "invalid_claim" and "issuer" in wrong_iss.message
    wrong_aud = await refused(verifier, mint_user_token(config, "a", claims={"aud": "other"}))
    assert "audience" in wrong_aud.message
    # A list audience containing ours is fine.
    await verifier.verify(mint_user_token(config, "a", claims={"aud": ["x", "bcgraph"]}))
    missing = await refused(verifier, mint_user_token(HS, "a"))  # no iss, no aud
    assert missing.extensions["reason"] == "missing_claim"


async def test_rs256_from_a_pem_public_key() -> None:
    key = RSAKey.generate_key(2048)
    config = UserTokenConfig(public_key_pem=key.as_pem(private=False).decode())
    now = int(time.time())
    token = jwt.encode({"alg": "RS256"}, {"sub": "bob", "exp": now + 60}, key)
    assert (await UserTokenVerifier(config).verify(token)).user_id == "bob"
    other = RSAKey.generate_key(2048)
    forged = jwt.encode({"alg": "RS256"}, {"sub": "bob", "exp": now + 60}, other)
    assert (await refused(UserTokenVerifier(config), forged)).extensions["reason"] == (
        "invalid_signature"
    )


class JWKSServer:
    """A tiny issuer: serves its public keys and counts how often they are fetched."""

    def __init__(self, *keys: ECKey) -> None:
        self.keys: list[Key] = list(keys)
        self.fetches = 0
        self.app = Starlette(routes=[Route("/jwks", self.jwks)])

    async def jwks(self, request: Request) -> Response:
        self.fetches += 1
        return JSONResponse(KeySet(self.keys).as_dict(private=False))

    def client(self) -> httpx.AsyncClient:
        return httpx.AsyncClient(transport=httpx.ASGITransport(app=self.app))


def es256(key: ECKey, sub: str = "carol") -> str:
    return jwt.encode(
        {"alg": "ES256", "kid": key.kid}, {"sub": sub, "exp": int(time.time()) + 60}, key
    )


async def test_es256_from_a_jwks_cached_and_refetched_on_a_new_kid() -> None:
    first = ECKey.generate_key("P-256", parameters={"kid": "k1"})
    second = ECKey.generate_key("P-256", parameters={"kid": "k2"})
    issuer = JWKSServer(first)
    config = UserTokenConfig(jwks_url="http://issuer.test/jwks", jwks_min_refetch_seconds=0)
    async with issuer.client() as http:
        verifier = UserTokenVerifier(config, http=http)
        assert (await verifier.verify(es256(first))).user_id == "carol"
        await verifier.verify(es256(first, "dave"))
        assert issuer.fetches == 1  # cached
        issuer.keys.append(second)  # the issuer rotates in a new key
        assert (await verifier.verify(es256(second))).user_id == "carol"
        assert issuer.fetches == 2
        stranger = ECKey.generate_key("P-256", parameters={"kid": "k9"})
        error = await refused(verifier, es256(stranger))
        assert error.extensions["reason"] == "unknown_key"
        # A known kid signed by another key is a bad signature, not an unknown key.
        impostor = ECKey.generate_key("P-256", parameters={"kid": "k1"})
        error = await refused(verifier, es256(impostor))
        assert error.extensions["reason"] == "invalid_signature"


async def test_unknown_kids_do_not_hammer_the_jwks() -> None:
    key = ECKey.generate_key("P-256", parameters={"kid": "k1"})
    issuer = JWKSServer(key)
    config = UserTokenConfig(jwks_url="http://issuer.test/jwks")  # refetch at most every 10 s
    async with issuer.client() as http:
        verifier = UserTokenVerifier(config, http=http)
        for i in range(5):
            stranger = ECKey.generate_key("P-256", parameters={"kid": f"x{i}"})
            await refused(verifier, es256(stranger))
        assert issuer.fetches == 1


async def test_malformed_tokens() -> None:
    verifier = UserTokenVerifier(HS)
    for token in ["", "not-a-jwt", "a.b", "a.b.c", "x" * 20000]:
        with pytest.raises(Unauthenticated):
            await verifier.verify(token)


def test_config_needs_exactly_one_strong_key_source() -> None:
    with pytest.raises(ValueError):
        UserTokenConfig()
    with pytest.raises(ValueError):
        UserTokenConfig(hs256_secret=SECRET, jwks_url="http://x/jwks")
    with pytest.raises(ValueError):
        UserTokenConfig(hs256_secret="short")
    with pytest.raises(ValueError):
        UserTokenConfig(hs256_secret=SECRET, algorithms=("none",))


def edge_app() -> Starlette:
    async def whoami(request: Request) -> Response:
        user = request.user
        return JSONResponse({"user": user.user_id if isinstance(user, Principal) else None})

    return Starlette(
        routes=[Route("/whoami", whoami)],
        middleware=[
            Middleware(
                AuthenticationMiddleware,
                backend=UserTokenBackend(UserTokenVerifier(HS)),
                on_error=auth_error_response,
            )
        ],
    )


async def test_http_edge() -> None:
    transport = httpx.ASGITransport(app=edge_app())
    async with httpx.AsyncClient(transport=transport, base_url="http://gw.test") as client:
        token = mint_user_token(HS, "alice")
        ok = await client.get("/whoami", headers={"Authorization": f"Bearer {token}"})
        assert ok.json() == {"user": "alice"}
        anonymous = await client.get("/whoami")
        assert anonymous.json() == {"user": None}
        expired = mint_user_token(HS, "alice", ttl=-120)
        forever = mint_user_token(HS, "alice", ttl=10 * 365 * 24 * 3600)
        too_long = await client.get("/whoami", headers={"Authorization": f"Bearer {forever}"})
        assert too_long.status_code == 401
        assert too_long.json()["errors"][0]["extensions"] == {
            "code": "UNAUTHENTICATED",
            "reason": "token_lifetime_too_long",
            "maxLifetimeSeconds": 24 * 3600,
        }
        for header in [f"Bearer {expired}", "Basic YWxpY2U6cHc=", "Bearer", f"Bearer {token}x"]:
            response = await client.get("/whoami", headers={"Authorization": header})
            assert response.status_code == 401
            assert response.headers["www-authenticate"].startswith("Bearer")
            error = response.json()["errors"][0]
            assert error["extensions"]["code"] == "UNAUTHENTICATED"
            assert token not in response.text and expired not in response.text


async def test_websocket_connection_init_payloads() -> None:
    verifier = UserTokenVerifier(HS)
    token = mint_user_token(HS, "alice")
    for payload in [
        {"authorization": f"Bearer {token}"},
        {"Authorization": f"Bearer {token}"},
        {"token": token},
        {"headers": {"Authorization": f"Bearer {token}"}},
    ]:
        assert (await authenticate_connection_init(verifier, payload)).user_id == "alice"
    for bad in [None, {}, {"token": ""}, {"authorization": token}, "Bearer x", {"token": "x"}]:
        with pytest.raises(Unauthenticated):
            await authenticate_connection_init(verifier, bad)
