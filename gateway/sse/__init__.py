"""GraphQL over Server-Sent Events: graphql-sse's "distinct connections mode"
(enisdenjo/graphql-sse, PROTOCOL.md). A GET or POST to /graphql that accepts
`text/event-stream` runs one operation and streams its results, each as an `event: next`
whose data is the ExecutionResult, then `event: complete`; a subscription streams until
the client leaves. The request goes through what every /graphql request does first (the
user token, the per-user rate limit, CORS); the operation through what a WebSocket's does
(the schema's document limits, subscriptions shared by the user's sockets and streams).

wire.py      the event stream's bytes and headers, and which requests ask for one
streams.py   EventStreams: the keep-alive interval, the open streams, and the drain that
             ends them when the gateway stops
response.py  one stream on the wire: results out, keep-alive comments, the client leaving
operation.py from the HTTP request to the operation's results (GraphQLApp calls it)
"""

from gateway.sse.operation import StreamView, serve_event_stream
from gateway.sse.streams import EventStreams
from gateway.sse.wire import wants_event_stream

__all__ = ["EventStreams", "StreamView", "serve_event_stream", "wants_event_stream"]
