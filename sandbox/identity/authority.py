"""The `{tenant}` path segment of every identity endpoint, as Entra reads it.

A tenant id or verified domain names one tenant. `common` and `organizations`
name none: the signed-in user's home tenant decides, which is why client
credentials (no user) refuse them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sandbox.directory import Directory, Tenant, User
from sandbox.identity import errors

MULTI_TENANT_SEGMENTS = frozenset({"common", "organizations"})


@dataclass(frozen=True)
class Authority:
    segment: str
    tenant: Tenant | None  # None for common/organizations

    @classmethod
    def resolve(cls, directory: Directory, segment: str) -> Authority:
        if segment.lower() in MULTI_TENANT_SEGMENTS:
            return cls(segment.lower(), None)
        tenant = directory.tenant(segment)
        if tenant is None:
            raise errors.tenant_not_found(segment)
        return cls(segment, tenant)

    @property
    def name(self) -> str:
        """The tenant's id, or `common`/`organizations`: for messages and discovery URLs."""
        return self.tenant.id if self.tenant is not None else self.segment

    def admits(self, tenant_id: str) -> bool:
        return self.tenant is None or self.tenant.id == tenant_id

    def users(self, directory: Directory) -> Sequence[User]:
        """Who may sign in here: the tenant's users, or anyone for common/organizations."""
        return [u for u in directory.users if self.admits(u.tenant_id)]
