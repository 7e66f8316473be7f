"""What the gateway signs passes the Standard Webhooks reference verifier, and only that."""

from __future__ import annotations

import time

import pytest
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from gateway.delivery import signing
from gateway.delivery.config import DeliveryConfig, secret_key
from tests.delivery.receiver import new_secret


def test_the_reference_library_verifies_the_signature() -> None:
    secret = new_secret()
    body = '{"type":"record.created","data":{"id":"é"}}'.encode()
    headers = signing.headers(secret, "evt_1", int(time.time()), body)
    assert Webhook(secret).verify(body, headers) == {
        "type": "record.created",
        "data": {"id": "é"},
    }
    assert headers["webhook-signature"].startswith("v1,")


@pytest.mark.parametrize("change", ["body", "id", "timestamp", "secret"])
def test_any_change_breaks_the_signature(change: str) -> None:
    secret, body, now = new_secret(), b'{"a":1}', int(time.time())
    headers = signing.headers(secret, "evt_1", now, body)
    if change == "body":
        body = b'{"a":2}'
    elif change == "id":
        headers["webhook-id"] = "evt_2"
    elif change == "timestamp":
        headers["webhook-timestamp"] = str(now - 1)
    else:
        secret = new_secret()
    with pytest.raises(WebhookVerificationError):
        Webhook(secret).verify(body, headers)


@pytest.mark.parametrize(
    "secret",
    ["", "abc", "whsec_not base64!", "whsec_" + "QUJD", "whsec_" + "A" * 120],
)
def test_a_secret_that_is_not_whsec_base64_of_24_to_64_bytes_is_refused(secret: str) -> None:
    with pytest.raises(ValueError, match="webhook secret") as caught:
        secret_key(secret)
    assert secret.removeprefix("whsec_") not in str(caught.value) or not secret


def test_a_url_needs_its_secret_and_http() -> None:
    with pytest.raises(ValueError, match="needs its secret"):
        DeliveryConfig(url="https://backend.example/hook")
    with pytest.raises(ValueError, match="http"):
        DeliveryConfig(url="ftp://backend.example/hook", secret=new_secret())
    assert DeliveryConfig(url="https://backend.example/hook", secret=new_secret()).url
