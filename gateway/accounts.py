"""A user's connection as resolvers see it (`me`, `setDefaultCompany`, `disconnect`,
`setEventsWebhook`)."""

from __future__ import annotations

from gateway.connections import (
    Connection,
    ConnectionStatus,
    ConnectionStore,
    choose_default_company,
)
from gateway.delivery import Deliveries
from gateway.errors import BadUserInput
from gateway.oauth import TokenManager
from resolvers.context import AccountStatus, EventsWebhook


class ConnectionAccount:
    """One user's connection as resolvers see it (resolvers.context.Account): read from and
    changed in the store, without a call to BC."""

    def __init__(
        self,
        store: ConnectionStore,
        tokens: TokenManager,
        user_id: str,
        *,
        deliveries: Deliveries | None = None,
    ) -> None:
        self._store = store
        self._tokens = tokens
        self._user_id = user_id
        self._deliveries = deliveries

    async def status(self) -> AccountStatus:
        connection = await self._store.get(self._user_id)
        if connection is None:
            return AccountStatus(self._user_id, connected=False)
        return _status(connection)

    async def set_default_company(self, company_id: str) -> AccountStatus:
        connection = await self._tokens.connection(self._user_id)
        # Stricter than choose_default_company, which lets anything through when the
        # connection lists no companies: a default must be a company the user can reach.
        if company_id not in {c.id.lower() for c in connection.companies}:
            raise BadUserInput(
                "That company is not one of the connection's companies.", field="companyId"
            )
        chosen = await choose_default_company(self._store, self._user_id, company_id)
        self._tokens.forget(self._user_id)
        return _status(chosen)

    async def disconnect(self) -> bool:
        return await self._tokens.disconnect(self._user_id)

    async def set_events_webhook(self, url: str | None, secret: str | None) -> EventsWebhook:
        if self._deliveries is None:
            raise BadUserInput("This gateway does not deliver record events over HTTP.")
        status = await self._deliveries.set_webhook(self._user_id, url, secret)
        return EventsWebhook(status.url, status.own)


def _status(connection: Connection) -> AccountStatus:
    return AccountStatus(
        connection.user_id,
        connected=connection.status is ConnectionStatus.ACTIVE,
        tenant_id=connection.tenant_id,
        environment=connection.environment,
        default_company_id=connection.default_company_id,
    )
