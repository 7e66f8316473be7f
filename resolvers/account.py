"""`me`, `setDefaultCompany`, `disconnect` and `setEventsWebhook`: the user's own BC
connection.

None of them calls BC: the connection (tenant, environment, companies found when the user
connected) is in the gateway's store, reached through the Context's Account.
"""

from __future__ import annotations

from typing import Any

from gateway.bc import urls
from gateway.errors import Forbidden, NotConnected
from resolvers.context import Account, AccountStatus, Context, EventsWebhook, context_of


async def me(info: Any) -> AccountStatus:
    ctx = context_of(info)
    if ctx.account is not None:
        return await ctx.account.status()
    # No connection management here (a fixed upstream): what the context can tell.
    try:
        up = await ctx.upstream()
    except NotConnected:
        return AccountStatus(ctx.user_id, connected=False)
    return AccountStatus(ctx.user_id, connected=True, default_company_id=up.default_company_id)


async def set_default_company(info: Any, company_id: str) -> AccountStatus:
    ctx = context_of(info)
    status = await _account(ctx).set_default_company(urls.guid(company_id))
    # Later fields of this document use the new default.
    ctx.forget_upstream()
    return status


async def disconnect(info: Any) -> bool:
    ctx = context_of(info)
    gone = await _account(ctx).disconnect()
    ctx.forget_upstream()
    return gone


async def set_events_webhook(info: Any, url: str | None, secret: str | None) -> EventsWebhook:
    return await _account(context_of(info)).set_events_webhook(url, secret)


def _account(ctx: Context) -> Account:
    if ctx.account is None:
        raise Forbidden("This gateway does not manage Business Central connections here.")
    return ctx.account
