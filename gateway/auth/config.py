"""How the gateway checks the user tokens its customer's backend signs."""

from __future__ import annotations

from dataclasses import dataclass

# HS256 with less than 256 bits of secret is guessable offline from one token.
MIN_HS256_SECRET_BYTES = 32
# A day: a backend signs a user token per session or per page load, not once for good.
MAX_LIFETIME_SECONDS = 24 * 3600.0
# A published development key: dev mode's user tokens are signed with it, so anyone can
# sign tokens for any user with it; `bcgraph serve` refuses it.
DEV_USER_TOKEN_SECRET = "bcgraph-development-user-token-secret-not-for-production"  # noqa: S105


@dataclass(frozen=True)
class UserTokenConfig:
    """Exactly one key source: an HS256 secret, a PEM public key, or a JWKS URL.

    `algorithms` empty means: HS256 for a secret, RS256 or ES256 (from the key's type)
    for a PEM key, RS256 and ES256 for a JWKS. `issuer` and `audience`, when set,
    must match the token's `iss` and `aud`.

    `max_lifetime_seconds` bounds how long one token may be valid: `exp - iat`, or
    `exp - now` for a token without `iat`. A leaked token is then good for at most
    that long, whatever lifetime its issuer gave it. `math.inf` turns the check off.
    """

    hs256_secret: str = ""
    public_key_pem: str = ""
    jwks_url: str = ""
    issuer: str = ""
    audience: str = ""
    leeway_seconds: int = 30
    max_lifetime_seconds: float = MAX_LIFETIME_SECONDS
    algorithms: tuple[str, ...] = ()
    # How long fetched JWKS keys are trusted before they are fetched again.
    jwks_cache_seconds: float = 300.0
    # An unknown `kid` refetches the JWKS at most this often, so random kids
    # in forged tokens cannot turn the gateway into a JWKS-fetching loop.
    jwks_min_refetch_seconds: float = 10.0
    # The claim naming the user's organisation: its users share the organisation's
    # service-to-service connection (gateway/acting.py). Blank: no organisations.
    org_claim: str = ""

    def __post_init__(self) -> None:
        sources = [s for s in (self.hs256_secret, self.public_key_pem, self.jwks_url) if s]
        if len(sources) != 1:
            raise ValueError(
                "user tokens need exactly one of: an HS256 secret, a public key (PEM), a JWKS URL"
            )
        if self.hs256_secret and len(self.hs256_secret.encode()) < MIN_HS256_SECRET_BYTES:
            raise ValueError(
                f"the HS256 secret must be at least {MIN_HS256_SECRET_BYTES} bytes long"
            )
        if "none" in {a.lower() for a in self.algorithms}:
            raise ValueError("the 'none' algorithm cannot be allowed")
        if self.leeway_seconds < 0:
            raise ValueError("leeway_seconds cannot be negative")
        if not self.max_lifetime_seconds > 0:  # NaN included
            raise ValueError("the maximum user token lifetime must be a positive number of seconds")
