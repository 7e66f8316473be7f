"""The consent form's round trip: the original request rides along in hidden fields, sealed.

The seal is an HMAC over those fields and the time the page was shown, so a
posted form cannot swap the redirect URI, scopes or PKCE challenge, and a
page left open for long stops working. Its key derives from the signing key,
so a restart with a file database keeps open pages valid.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable, Mapping

import orjson

from sandbox.identity import errors

# The authorization request parameters that matter after consent (login_hint and prompt
# have done their work by the time the page is shown).
FIELDS = (
    "client_id",
    "response_type",
    "redirect_uri",
    "scope",
    "state",
    "code_challenge",
    "code_challenge_method",
    "nonce",
)
MAX_AGE_SECONDS = 600


class ConsentSeal:
    def __init__(self, secret: bytes, clock: Callable[[], float]) -> None:
        self._secret = secret
        self._clock = clock

    def seal(self, segment: str, params: Mapping[str, str]) -> dict[str, str]:
        """The hidden fields for the page: the request's parameters, `shown_at` and `seal`."""
        fields = {name: params[name] for name in FIELDS if name in params}
        fields["shown_at"] = str(int(self._clock()))
        fields["seal"] = self._mac(segment, fields)
        return fields

    def open(self, segment: str, form: Mapping[str, str]) -> dict[str, str]:
        """The original parameters, if the form is as the page sent it and recent enough."""
        fields = {name: form[name] for name in (*FIELDS, "shown_at") if name in form}
        seal = form.get("seal", "")
        if not hmac.compare_digest(seal.encode(), self._mac(segment, fields).encode()):
            raise errors.consent_form_invalid()
        try:
            shown_at = int(fields.pop("shown_at"))
        except (KeyError, ValueError) as exc:
            raise errors.consent_form_invalid() from exc
        if not 0 <= self._clock() - shown_at <= MAX_AGE_SECONDS:
            raise errors.consent_form_invalid()
        return fields

    def _mac(self, segment: str, fields: Mapping[str, str]) -> str:
        # The tenant segment is sealed too: a page shown for one tenant cannot post to another.
        message = orjson.dumps({"segment": segment, **fields}, option=orjson.OPT_SORT_KEYS)
        return hmac.new(self._secret, message, hashlib.sha256).hexdigest()
