from bcmodel.fields import datetime, guid, int64, text
from bcmodel.model import Edm, Entity, Field

# Webhook subscriptions live at the API root and are keyed by a quoted string.
SUBSCRIPTION = Entity(
    name="subscription",
    entity_set="subscriptions",
    default_order=("subscriptionId",),
    title="API Webhook Subscription",
    key="subscriptionId",
    company_scoped=False,
    # The gateway's own webhook plumbing, not part of the GraphQL API.
    graphql=None,
    fields=(
        Field("subscriptionId", Edm.STRING, max_length=150, read_only=True),
        text("notificationUrl", 250),
        text("resource", 250),
        int64("timestamp", read_only=True),
        guid("userId", read_only=True),
        datetime(),
        text("clientState", 2048),
        datetime("expirationDateTime"),
        datetime("systemCreatedAt"),
        guid("systemCreatedBy", read_only=True),
        datetime("systemModifiedAt"),
        guid("systemModifiedBy", read_only=True),
    ),
)
