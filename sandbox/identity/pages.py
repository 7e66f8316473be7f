"""The two pages a browser sees: the consent page and the sign-in error page.

Everything interpolated is escaped; the pages are framed by no one (clickjacking
a consent button is the classic attack on this page) and never cached.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape

from starlette.responses import HTMLResponse

from sandbox.directory import Client, User
from sandbox.identity.errors import OAuthError

_HEADERS = {
    "Cache-Control": "no-store",
    "X-Frame-Options": "DENY",
    # No form-action: browsers apply it to the redirect that follows the POST, to the app's host.
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'"
    ),
}
_STYLE = "body{font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem}"

PERMISSION_TEXT = {
    "user_impersonation": "Access Dynamics 365 Business Central as you",
    "Financials.ReadWrite.All": "Read and write your Business Central financial data",
    # An application permission: the app acts as itself, with no one signed in.
    "API.ReadWrite.All": "Access to APIs and webservices",
    "offline_access": "Maintain access to data you have given it access to",
    "openid": "Sign you in",
    "profile": "View your basic profile",
    "email": "View your email address",
}


def _page(title: str, body: str, status: int = 200) -> HTMLResponse:
    html = (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title><style>{_STYLE}</style></head>\n"
        f"<body>\n{body}\n</body></html>\n"
    )
    return HTMLResponse(html, status_code=status, headers=_HEADERS)


def error_page(error: OAuthError) -> HTMLResponse:
    return _page(
        "Sign in to your account",
        "<h1>Sorry, but we&rsquo;re having trouble signing you in.</h1>\n"
        f'<p id="error">{escape(error.description)}</p>',
        status=400,
    )


def consent_page(
    *,
    action: str,
    client: Client,
    permissions: Sequence[str],
    users: Sequence[User],
    selected_user_id: str | None,
    hidden: Mapping[str, str],
    heading: str = "Permissions requested",
) -> HTMLResponse:
    asks = "\n".join(
        f"<li>{escape(PERMISSION_TEXT.get(p, p))} <small>({escape(p)})</small></li>"
        for p in permissions
    )
    selected = selected_user_id or (users[0].id if users else None)
    choices = "\n".join(
        f'<label><input type="radio" name="user_id" value="{escape(u.id)}"'
        f"{' checked' if u.id == selected else ''}> {escape(u.name)} "
        f"&lt;{escape(u.username)}&gt;</label><br>"
        for u in users
    )
    fields = "\n".join(
        f'<input type="hidden" name="{escape(k)}" value="{escape(v)}">' for k, v in hidden.items()
    )
    return _page(
        heading,
        f"<h1>{escape(heading)}</h1>\n"
        f"<p><strong>{escape(client.name)}</strong> would like to:</p>\n<ul>\n{asks}\n</ul>\n"
        f'<form method="post" action="{escape(action)}">\n{fields}\n'
        f"<fieldset><legend>Sign in as</legend>\n{choices}\n</fieldset>\n"
        '<p><button type="submit" name="action" value="accept">Accept</button>\n'
        '<button type="submit" name="action" value="cancel">Cancel</button></p>\n</form>',
    )
