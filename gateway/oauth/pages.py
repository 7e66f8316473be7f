"""The small HTML pages a browser sees at the end of a connect attempt. Everything is escaped."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from starlette.responses import HTMLResponse, RedirectResponse

if TYPE_CHECKING:
    from gateway.oauth.flow import Started

# The callback URL carries the authorization code: no Referer may take it anywhere,
# and nothing on these pages needs to load from elsewhere.
_HEADERS = {
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'",
    "X-Content-Type-Options": "nosniff",
}


def page(title: str, message: str, *, status: int = 200, detail: str = "") -> HTMLResponse:
    extra = f"<p class=detail>{escape(detail)}</p>" if detail else ""
    html = f"""<!doctype html>
<html lang=en><head><meta charset=utf-8><title>{escape(title)}</title>
<style>body{{font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem}}
.detail{{color:#555;font-size:.9rem}}</style></head>
<body><h1>{escape(title)}</h1><p>{escape(message)}</p>{extra}</body></html>
"""
    return HTMLResponse(html, status_code=status, headers=_HEADERS)


# The redirect to the identity provider: no Referer carries the state onwards.
_REDIRECT_HEADERS = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}


def to_identity_provider(
    started: Started, redirect_uri: str, *, ttl_seconds: float
) -> RedirectResponse:
    """The browser's way to the identity provider, with the cookie that ties the state
    to this browser (checked when it comes back on `redirect_uri`)."""
    response = RedirectResponse(started.authorize_url, status_code=302, headers=_REDIRECT_HEADERS)
    response.set_cookie(
        started.cookie_name,
        started.cookie_value,
        max_age=int(ttl_seconds),
        path=urlsplit(redirect_uri).path or "/",
        secure=redirect_uri.startswith("https:"),
        httponly=True,
        # Lax: sent on the top-level GET navigation back from the identity provider.
        samesite="lax",
    )
    return response
