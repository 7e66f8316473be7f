"""Which API of an environment an entity set is in: BC's standard one or an extension's."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Route:
    """Which API of the environment an entity is in: BC's standard `api/v2.0` (the
    default), or an extension's own `api/{publisher}/{group}/{version}`, whose entity sets
    are addressed under it (`api/contoso/logistics/v1.0/companies({id})/shipments`)."""

    publisher: str = ""
    group: str = ""
    version: str = "v2.0"

    @property
    def standard(self) -> bool:
        return not self.publisher

    @property
    def path(self) -> str:
        """The route after `api/`: `v2.0`, `contoso/logistics/v1.0`."""
        if self.standard:
            return self.version
        return f"{self.publisher}/{self.group}/{self.version}"

    def ref(self, entity_set: str) -> str:
        """`Entity.ref` of this route's entity set."""
        return entity_set if self.standard else f"{self.path}/{entity_set}"

    @staticmethod
    def of_ref(ref: str) -> tuple[Route, str]:
        """The route and entity set an `Entity.ref` names."""
        parts = ref.split("/")
        if len(parts) == 4:
            return Route(parts[0], parts[1], parts[2]), parts[3]
        if len(parts) != 1:
            raise ValueError(f"not an entity ref: {ref!r}")
        return STANDARD_ROUTE, ref


STANDARD_ROUTE = Route()
