"""Standard Webhooks signatures: `v1,<base64 HMAC-SHA256>` over `{id}.{timestamp}.{body}`.

Ten lines, so the gateway does not depend on the `standardwebhooks` package; the tests
verify what this signs with that package (tests/delivery/test_signing.py).
"""

from __future__ import annotations

import base64
import hashlib
import hmac

from gateway.delivery.config import secret_key


def signature(secret: str, msg_id: str, timestamp: int, body: bytes) -> str:
    content = f"{msg_id}.{timestamp}.".encode() + body
    digest = hmac.new(secret_key(secret), content, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def headers(secret: str, msg_id: str, timestamp: int, body: bytes) -> dict[str, str]:
    return {
        "content-type": "application/json",
        "webhook-id": msg_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": signature(secret, msg_id, timestamp, body),
    }
