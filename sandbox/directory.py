"""Who exists in the emulated Microsoft cloud: tenants, their environments, users, app clients.

Ids are fixed so tests, docs and the gateway's dev mode can name them.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class User:
    id: str  # the `oid` claim
    username: str  # the `upn` / `preferred_username` claim
    name: str
    tenant_id: str
    # A tenant administrator (Entra's Global or Cloud Application Administrator): only
    # they may grant admin consent for the whole tenant.
    admin: bool = False


@dataclass(frozen=True)
class Client:
    """An app registration. Its secret is a dev key: the sandbox is not a vault."""

    client_id: str
    secret: str
    name: str
    # Empty means any redirect URI on 127.0.0.1/localhost is accepted (dev convenience).
    redirect_uris: tuple[str, ...] = ()
    # Tenants where an admin consented to application permissions (client credentials)
    # before the sandbox started; admin consent adds more at run time (app_consents.py).
    app_tenants: tuple[str, ...] = ()
    # Unix time the client secret expires; Entra refuses an expired one (AADSTS7000222).
    secret_expires_at: float | None = None


@dataclass(frozen=True)
class Tenant:
    id: str
    domain: str
    name: str
    environments: tuple[str, ...] = ("production",)


@dataclass(frozen=True)
class Directory:
    tenants: tuple[Tenant, ...]
    users: tuple[User, ...]
    clients: tuple[Client, ...]
    _tenant_index: dict[str, Tenant] = field(default_factory=dict, init=False, compare=False)

    def __post_init__(self) -> None:
        for t in self.tenants:
            self._tenant_index[t.id] = t
            self._tenant_index[t.domain.lower()] = t

    def tenant(self, id_or_domain: str) -> Tenant | None:
        return self._tenant_index.get(id_or_domain.lower())

    def user(self, user_id: str) -> User | None:
        return next((u for u in self.users if u.id == user_id), None)

    def user_by_name(self, username: str) -> User | None:
        return next((u for u in self.users if u.username.lower() == username.lower()), None)

    def client(self, client_id: str) -> Client | None:
        return next((c for c in self.clients if c.client_id == client_id), None)


CONTOSO_TENANT = "7d3c1e2a-0000-4000-8000-00000000c0de"
FABRIKAM_TENANT = "9a8b7c6d-0000-4000-8000-0000000fab01"
DEV_CLIENT_ID = "bcgraph-dev"
DEV_CLIENT_SECRET = "bcgraph-dev-secret"  # noqa: S105 - a published development key
# An app registered for service-to-service use that no admin has consented to yet: the
# admin consent flow is what lets it take app tokens.
S2S_CLIENT_ID = "bcgraph-s2s"
S2S_CLIENT_SECRET = "bcgraph-s2s-secret"  # noqa: S105 - a published development key
# Consented in Contoso, but its only secret expired (2020-09-13).
EXPIRED_CLIENT_ID = "bcgraph-s2s-expired"
EXPIRED_CLIENT_SECRET = "bcgraph-s2s-expired-secret"  # noqa: S105 - a published development key
CONTOSO_ADMIN = "alice@contoso.example"


def default_directory() -> Directory:
    return Directory(
        tenants=(
            Tenant(CONTOSO_TENANT, "contoso.example", "Contoso"),
            Tenant(FABRIKAM_TENANT, "fabrikam.example", "Fabrikam"),
        ),
        users=(
            User(
                "0f1e2d3c-0000-4000-8000-000000000a11",
                "alice@contoso.example",
                "Alice Ash",
                CONTOSO_TENANT,
                admin=True,
            ),
            User(
                "0f1e2d3c-0000-4000-8000-000000000b0b",
                "bob@contoso.example",
                "Bob Birch",
                CONTOSO_TENANT,
            ),
            User(
                "0f1e2d3c-0000-4000-8000-000000000ca1",
                "carol@fabrikam.example",
                "Carol Cedar",
                FABRIKAM_TENANT,
                admin=True,
            ),
        ),
        clients=(
            Client(
                DEV_CLIENT_ID,
                DEV_CLIENT_SECRET,
                "bcgraph (development)",
                app_tenants=(CONTOSO_TENANT, FABRIKAM_TENANT),
            ),
            Client(S2S_CLIENT_ID, S2S_CLIENT_SECRET, "bcgraph service (development)"),
            Client(
                EXPIRED_CLIENT_ID,
                EXPIRED_CLIENT_SECRET,
                "bcgraph service, expired secret (development)",
                app_tenants=(CONTOSO_TENANT,),
                secret_expires_at=1_600_000_000.0,
            ),
        ),
    )
