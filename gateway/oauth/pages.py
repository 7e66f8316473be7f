"""The small HTML pages a browser sees at the end of a connect attempt. Everything is escaped."""

from __future__ import annotations

from html import escape

from starlette.responses import HTMLResponse

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
