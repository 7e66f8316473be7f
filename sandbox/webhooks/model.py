"""What a subscription is: its stored row, the resource it watches, and BC's wire forms."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from bcmodel import STANDARD_ROUTE, Edm, Route
from bcmodel.edm import EMPTY_GUID
from bcmodel.subscriptions import SUBSCRIPTION
from sandbox.store import Record, Row, Scope
from sandbox.values import wire_moment

SUBSCRIPTIONS = SUBSCRIPTION.entity_set

# `/api/v2.0/companies({c})/{set}`, `api/v2.0/…` or relative `companies({c})/{set}`;
# custom APIs' sets are `api/{publisher}/{group}/{version}/companies({c})/{set}`.
_RESOURCE = re.compile(
    r"^/?(?:api/(?:v2\.0|(?P<route>[^/()]+/[^/()]+/[^/()]+))/)?"
    r"companies\((?P<company>[^()/]+)\)/(?P<entity_set>[A-Za-z][A-Za-z0-9]*)$"
)

# Keys of the stored row that are not SUBSCRIPTION fields, so never shown: the
# parsed resource (matched against every change) and the expiry as a number.
_COMPANY = "_companyId"
_ENTITY_SET = "_entitySet"
_EXPIRES_AT = "_expiresAt"


@dataclass(frozen=True)
class Target:
    """The entity set of one company that a subscription watches."""

    company_id: str
    entity_set: str  # the entity's ref (`Entity.ref`): its set, with its route if custom

    @property
    def path(self) -> str:
        route, entity_set = Route.of_ref(self.entity_set)
        return f"api/{route.path}/companies({self.company_id})/{entity_set}"


def parse_resource(resource: str) -> tuple[str, str] | None:
    """(company key as written, entity ref) of a subscription resource, or None."""
    m = _RESOURCE.match(resource.strip())
    if m is None:
        return None
    route = Route(*m.group("route").split("/")) if m.group("route") else STANDARD_ROUTE
    return m.group("company"), route.ref(m.group("entity_set"))


@dataclass(frozen=True)
class Subscription:
    root: Scope
    id: str
    notification_url: str
    client_state: str
    expiration: str  # wire form of expirationDateTime
    expires_at: float  # the same moment, epoch seconds
    target: Target

    @classmethod
    def from_row(cls, root: Scope, row: Row) -> Subscription:
        return cls(
            root=root,
            id=row["subscriptionId"],
            notification_url=row["notificationUrl"],
            client_state=row["clientState"],
            expiration=row["expirationDateTime"],
            expires_at=float(row[_EXPIRES_AT]),
            target=Target(row[_COMPANY], row[_ENTITY_SET]),
        )


def new_row(
    *,
    notification_url: str,
    resource: str,
    target: Target,
    client_state: str,
    user_id: str,
    now: float,
    expires_at: float,
) -> Row:
    subscription_id = uuid.uuid4().hex  # BC's ids are 32 lowercase hex digits
    user = user_guid(user_id)
    stamp = iso(now)
    return {
        "id": subscription_id,  # the store keys records by "id"
        "subscriptionId": subscription_id,
        "notificationUrl": notification_url,
        "resource": resource,
        "userId": user,
        "lastModifiedDateTime": stamp,
        "clientState": client_state,
        "expirationDateTime": iso(expires_at),
        "systemCreatedAt": stamp,
        "systemCreatedBy": user,
        "systemModifiedAt": stamp,
        "systemModifiedBy": user,
        _COMPANY: target.company_id,
        _ENTITY_SET: target.entity_set,
        _EXPIRES_AT: expires_at,
    }


def renewed_row(
    row: Row,
    *,
    notification_url: str,
    client_state: str,
    user_id: str,
    now: float,
    expires_at: float,
) -> Row:
    stamp = iso(now)
    return {
        **row,
        "notificationUrl": notification_url,
        "clientState": client_state,
        "lastModifiedDateTime": stamp,
        "expirationDateTime": iso(expires_at),
        "systemModifiedAt": stamp,
        "systemModifiedBy": user_guid(user_id),
        _EXPIRES_AT: expires_at,
    }


def expires_at(row: Row) -> float:
    return float(row[_EXPIRES_AT])


def target_of(row: Row) -> Target:
    return Target(row[_COMPANY], row[_ENTITY_SET])


def entity_json(record: Record) -> dict[str, Any]:
    """The subscription as BC shows it; `timestamp` is the row version, like BC's SQL rowversion."""
    out: dict[str, Any] = {"@odata.etag": record.etag}
    for field in SUBSCRIPTION.fields:
        if field.name == "timestamp":
            out[field.name] = record.version
        elif field.type is Edm.DATETIME:
            out[field.name] = wire_moment(record.row[field.name])
        else:
            out[field.name] = record.row[field.name]
    return out


def user_guid(user_id: str) -> str:
    # userId is an Edm.Guid; an app token's subject (a client id) or no auth at all has none.
    try:
        return str(uuid.UUID(user_id))
    except ValueError:
        return EMPTY_GUID


def iso(epoch_seconds: float) -> str:
    moment = datetime.fromtimestamp(epoch_seconds, UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def parse_iso(text: str) -> float | None:
    try:
        return datetime.fromisoformat(text).timestamp()
    except ValueError:
        return None
