from bcmodel.edm import Edm, Field
from bcmodel.fields import datetime, guid, int64, text
from bcmodel.model import Entity

# Webhook subscriptions live at the API root and are keyed by a quoted string.
SUBSCRIPTION = Entity(
    name="subscription",
    entity_set="subscriptions",
    default_order=("subscriptionId",),
    title="API Webhook Subscription",
    description="A webhook subscription: BC posts a notification for each change to its resource.",
    key="subscriptionId",
    company_scoped=False,
    # The gateway's own webhook plumbing, not part of the GraphQL API.
    graphql=None,
    fields=(
        Field(
            "subscriptionId",
            Edm.STRING,
            max_length=150,
            read_only=True,
            description="BC's id of the subscription, 32 hexadecimal digits.",
        ),
        text("notificationUrl", 250, description="Where BC posts the notifications."),
        text(
            "resource",
            250,
            description="The entity set watched, such as /api/v2.0/companies({id})/vendors.",
        ),
        int64("timestamp", read_only=True, description="The subscription's row version in BC."),
        guid(
            "userId",
            read_only=True,
            description="The id of the BC user the subscription acts for.",
        ),
        datetime(),
        text(
            "clientState",
            2048,
            description="A value of the subscriber's choosing, sent back with each notification.",
        ),
        datetime(
            "expirationDateTime",
            description="When the subscription expires: three days after it was created or "
            "last renewed.",
        ),
        datetime("systemCreatedAt", description="When the subscription was created."),
        guid(
            "systemCreatedBy",
            read_only=True,
            description="The id of the BC user who created the subscription.",
        ),
        datetime("systemModifiedAt", description="When the subscription last changed."),
        guid(
            "systemModifiedBy",
            read_only=True,
            description="The id of the BC user who last changed the subscription.",
        ),
    ),
)
