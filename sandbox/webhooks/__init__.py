"""BC's API webhooks: subscriptions with a handshake, and batched, retried notifications."""

from sandbox.webhooks.service import Webhooks

__all__ = ["Webhooks"]
