"""Tokens at rest: Fernet (AES-128-CBC + HMAC-SHA256) under a list of keys, for rotation."""

from __future__ import annotations

from collections.abc import Sequence

from cryptography.fernet import Fernet, InvalidToken, MultiFernet


class UndecryptableError(Exception):
    """None of the configured keys opens a stored value: a key was removed too early."""


def generate_key() -> str:
    return Fernet.generate_key().decode()


class TokenCipher:
    """Encrypts with the first key, decrypts with any of them."""

    def __init__(self, keys: Sequence[str | bytes]) -> None:
        if not keys:
            raise ValueError(
                "the connection store needs at least one encryption key "
                "(generate one with gateway.connections.generate_key())"
            )
        try:
            self._fernet = MultiFernet([Fernet(k) for k in keys])
        except ValueError as exc:
            # Fernet's own message is fine, but never echo the key itself.
            raise ValueError(
                "an encryption key is not a valid Fernet key (32 url-safe base64-encoded "
                "bytes, as `bcgraph generate-key` prints)"
            ) from exc

    def encrypt(self, plaintext: bytes) -> bytes:
        return self._fernet.encrypt(plaintext)

    def decrypt(self, ciphertext: bytes) -> bytes:
        try:
            return self._fernet.decrypt(ciphertext)
        except InvalidToken as exc:
            raise UndecryptableError(
                "no configured encryption key can decrypt a stored value"
            ) from exc
