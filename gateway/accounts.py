"""The connection a request uses as resolvers see it (`me`, `setDefaultCompany`,
`disconnect`, `setEventsWebhook`): the user's own, or their organisation's (gateway/acting.py).
"""

from __future__ import annotations

from gateway.acting import Acting, ActingResolver
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

USER = "user"
ORGANISATION = "organisation"


class ConnectionAccount:
    """The connection one request acts through (resolvers.context.Account): read from and
    changed in the store, without a call to BC. Over an organisation's connection, the
    changes are the organisation's: every user of it may make them, as any may connect it."""

    def __init__(
        self,
        store: ConnectionStore,
        tokens: TokenManager,
        acting: Acting,
        *,
        deliveries: Deliveries | None = None,
        resolver: ActingResolver | None = None,
    ) -> None:
        self._store = store
        self._tokens = tokens
        self._acting = acting
        self._deliveries = deliveries
        self._resolver = resolver

    async def status(self) -> AccountStatus:
        connection = await self._store.get(self._acting.key)
        if connection is None:
            return AccountStatus(self._acting.user_id, connected=False)
        return self._status(connection)

    async def set_default_company(self, company_id: str) -> AccountStatus:
        key = self._acting.key
        connection = await self._tokens.connection(key)
        # Stricter than choose_default_company, which lets anything through when the
        # connection lists no companies: a default must be a company the user can reach.
        if company_id not in {c.id.lower() for c in connection.companies}:
            raise BadUserInput(
                "That company is not one of the connection's companies.", field="companyId"
            )
        chosen = await choose_default_company(self._store, key, company_id)
        self._tokens.forget(key)
        return self._status(chosen)

    async def disconnect(self) -> bool:
        gone = await self._tokens.disconnect(self._acting.key)
        if self._resolver is not None:
            self._resolver.forget(self._acting.key)
        return gone

    async def set_events_webhook(self, url: str | None, secret: str | None) -> EventsWebhook:
        if self._deliveries is None:
            raise BadUserInput("This gateway does not deliver record events over HTTP.")
        status = await self._deliveries.set_webhook(self._acting.key, url, secret)
        return EventsWebhook(status.url, status.own)

    def _status(self, connection: Connection) -> AccountStatus:
        through_organisation = self._acting.through_organisation
        return AccountStatus(
            self._acting.user_id,
            connected=connection.status is ConnectionStatus.ACTIVE,
            tenant_id=connection.tenant_id,
            environment=connection.environment,
            default_company_id=connection.default_company_id,
            kind=ORGANISATION if through_organisation else USER,
            organisation=self._acting.organisation if through_organisation else None,
        )
