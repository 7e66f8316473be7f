"""What a client may ask of Business Central, and what the token then says.

Delegated requests name BC permissions as `https://api.businesscentral.dynamics.com/<name>`
next to the OpenID Connect scopes; the token's `scp` carries the bare names.
Client credentials ask for `<resource>/.default` only and get the app role.
"""

from __future__ import annotations

from dataclasses import dataclass

from sandbox.identity import errors

BC_RESOURCE = "https://api.businesscentral.dynamics.com"
BC_DEFAULT_SCOPE = f"{BC_RESOURCE}/.default"
# What BC's service principal exposes; `.default` means every one the app registered,
# and the sandbox's apps register both.
DELEGATED_PERMISSIONS = ("user_impersonation", "Financials.ReadWrite.All")
APP_ROLES = ("API.ReadWrite.All",)
OIDC_SCOPES = ("openid", "profile", "email", "offline_access")

_PERMISSION_BY_LOWER = {p.lower(): p for p in DELEGATED_PERMISSIONS}


@dataclass(frozen=True)
class DelegatedScopes:
    permissions: tuple[str, ...]  # bare BC permission names, in request order
    oidc: frozenset[str]

    @classmethod
    def parse(cls, raw: str) -> DelegatedScopes:
        if not raw.strip():
            raise errors.missing_parameter("scope")
        permissions: list[str] = []
        oidc: set[str] = set()
        for scope in raw.split():
            if scope.lower() in OIDC_SCOPES:
                oidc.add(scope.lower())
                continue
            resource, _, name = scope.rpartition("/")
            if resource.lower() != BC_RESOURCE:
                raise errors.invalid_scope(f"Scope '{scope}' is not a Business Central scope.")
            names = DELEGATED_PERMISSIONS if name == ".default" else (_permission(scope, name),)
            permissions.extend(n for n in names if n not in permissions)
        if not permissions:
            raise errors.invalid_scope(
                f"The request must include a Business Central scope, e.g. {BC_DEFAULT_SCOPE}."
            )
        return cls(tuple(permissions), frozenset(oidc))

    def narrow(self, raw: str) -> DelegatedScopes:
        """The scopes of a refresh request: a subset of the original grant."""
        asked = DelegatedScopes.parse(raw)
        extra = [p for p in asked.permissions if p not in self.permissions]
        if extra:
            raise errors.invalid_scope(f"Scope '{extra[0]}' was not part of the original grant.")
        # offline_access belongs to the grant, not the request: a refresh keeps it.
        return DelegatedScopes(asked.permissions, asked.oidc | (self.oidc & {"offline_access"}))

    @property
    def scp(self) -> str:
        return " ".join(self.permissions)

    @property
    def granted(self) -> str:
        """The token response's `scope`: the BC scopes granted, with the resource prefix."""
        return " ".join(f"{BC_RESOURCE}/{p}" for p in self.permissions)

    @property
    def offline(self) -> bool:
        return "offline_access" in self.oidc

    @property
    def openid(self) -> bool:
        return "openid" in self.oidc

    def serialize(self) -> str:
        """A scope string parse() reads back unchanged, for storing with a code or refresh token."""
        return " ".join([*sorted(self.oidc), *(f"{BC_RESOURCE}/{p}" for p in self.permissions)])


def app_roles(raw: str) -> tuple[str, ...]:
    """The roles a client-credentials token carries; only BC's `.default` is accepted."""
    scopes = raw.split()
    if not scopes:
        raise errors.missing_parameter("scope")
    if len(scopes) != 1 or not scopes[0].endswith("/.default"):
        raise errors.client_credentials_scope(raw)
    resource = scopes[0].removesuffix("/.default")
    if resource.lower() != BC_RESOURCE:
        raise errors.resource_not_found(resource)
    return APP_ROLES


def _permission(scope: str, name: str) -> str:
    # Entra matches permission names case-insensitively; the token carries the registered spelling.
    permission = _PERMISSION_BY_LOWER.get(name.lower())
    if permission is None:
        raise errors.invalid_scope(f"Scope '{scope}' is not a permission Business Central exposes.")
    return permission


def admin_consent_scope(raw: str) -> str:
    """The v2.0 admin consent's `scope`, checked: BC's `.default` (application permissions
    are granted through it only), perhaps with OpenID Connect or delegated BC scopes."""
    DelegatedScopes.parse(raw)  # every scope must be one Entra knows for BC, or OIDC
    if BC_DEFAULT_SCOPE not in (s.lower() for s in raw.split()):
        raise errors.admin_consent_needs_default_scope(raw)
    return raw
