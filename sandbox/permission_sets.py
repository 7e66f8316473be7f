"""BC permission sets an app on the Microsoft Entra Applications page can be given, and the
check an app's API request passes through.

A permission set grants rights on TableData objects: Read, Insert, Modify, Delete. The
sandbox names each entity's table by its caption (`Entity.table`, else `Entity.title`),
as BC's permission errors do, and maps each request to one right on the entity it
addresses. Users are not checked: their BC permissions are not modelled, and a user
token reaches everything, as before.

BC refuses an app's request its sets do not cover with 403 and the platform's
permission error (BC 20 wording):
`Sorry, the current permissions prevented the action. (TableData Vendor Insert: Base Application)`
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from bcmodel import Entity, Registry, Route
from sandbox.errors import ODataError

ALL_TABLES = "*"
READ, INSERT, MODIFY, DELETE = "R", "I", "M", "D"
RIGHT_NAMES = {READ: "Read", INSERT: "Insert", MODIFY: "Modify", DELETE: "Delete"}
_RIGHT_OF_METHOD = {"GET": READ, "POST": INSERT, "PATCH": MODIFY, "PUT": MODIFY, "DELETE": DELETE}
# BC's docs: "Applications can't be assigned the SUPER permission set."
SUPER = "SUPER"


@dataclass(frozen=True)
class PermissionSet:
    role_id: str  # what BC's pages show as Permission Set
    name: str
    # Table caption -> rights ("RIMD" letters); ALL_TABLES covers every table.
    tabledata: Mapping[str, str]

    def grants(self, table: str, right: str) -> bool:
        rights = self.tabledata.get(table, self.tabledata.get(ALL_TABLES, ""))
        return right in rights


# A few of BC's own sets, with the reach the sandbox gives them.
PERMISSION_SETS: tuple[PermissionSet, ...] = (
    PermissionSet("D365 BUS FULL ACCESS", "Dyn. 365 Full business access", {ALL_TABLES: "RIMD"}),
    PermissionSet("D365 READ", "Dynamics 365 read access", {ALL_TABLES: "R"}),
    PermissionSet("D365 CUSTOMER, VIEW", "Dyn. 365 View customers", {"Customer": "R"}),
)


def table_of(entity: Entity) -> str:
    return entity.table or entity.title or entity.name


class PermissionSets:
    """The declared sets, checked once against the entities whose tables they name."""

    def __init__(self, entities: Registry, sets: Iterable[PermissionSet] = PERMISSION_SETS):
        self._sets = {s.role_id.upper(): s for s in sets}
        tables = {table_of(e) for e in entities.entities}
        for permission_set in self._sets.values():
            unknown = set(permission_set.tabledata) - tables - {ALL_TABLES}
            if unknown:
                raise ValueError(
                    f"permission set {permission_set.role_id!r} names no entity's table: "
                    f"{', '.join(sorted(unknown))}"
                )

    @property
    def role_ids(self) -> list[str]:
        return [s.role_id for s in self._sets.values()]

    def resolve(self, role_ids: Iterable[str]) -> tuple[PermissionSet, ...]:
        """The sets named, in BC's spelling; ValueError for SUPER or a set BC does not have."""
        found = []
        for role_id in role_ids:
            if role_id.upper() == SUPER:
                raise ValueError("Applications can't be assigned the SUPER permission set.")
            permission_set = self._sets.get(role_id.upper())
            if permission_set is None:
                raise ValueError(
                    f"The Permission Set {role_id!r} does not exist; the sandbox has "
                    f"{', '.join(self.role_ids)}."
                )
            found.append(permission_set)
        return tuple(found)


@dataclass(frozen=True)
class AppAccess:
    """What one app may do in the environment it called, from its permission sets."""

    sets: tuple[PermissionSet, ...]
    user_id: str  # the app's BC user (entra_apps.py)

    def check(self, entity: Entity, method: str, *, action: bool = False) -> None:
        # The environment's own tables (companies, webhook subscriptions) every session reads.
        if not entity.company_scoped:
            return
        right = MODIFY if action else _RIGHT_OF_METHOD.get(method, READ)
        table = table_of(entity)
        if not any(s.grants(table, right) for s in self.sets):
            raise permission_denied(entity, right)


def permission_denied(entity: Entity, right: str) -> ODataError:
    route, _ = Route.of_ref(entity.ref)
    # A custom API's tables are its extension's; the sandbox names the extension by its route.
    extension = "Base Application" if route.standard else route.path
    return ODataError(
        403,
        "Internal_ServerError",
        "Sorry, the current permissions prevented the action. "
        f"(TableData {table_of(entity)} {RIGHT_NAMES[right]}: {extension})",
    )
