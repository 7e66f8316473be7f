"""GraphQL over WebSocket: the handlers of both protocols Strawberry speaks, as the GraphQL
app (gateway/graphql.py) configures them.

view.py       SocketView: what the handlers need of the app
frames.py     text frames for both protocols, the close reason of a refused connection_init,
              errors as both protocols carry them
shared.py     a subscription several sockets of one user run, executed once per event
plan.py       event plans: a subscription document compiled once into how each event's
              payload is made, rendered without graphql-core's execution
fanout.py     planned subscriptions: one source per (user, company, entity sets) for every
              document, each event rendered from each subscriber's plan
transport.py  graphql-transport-ws: an operation takes a token from the user's bucket
legacy.py     graphql-ws (subscriptions-transport-ws): the same, plus the connection_init
              deadline Strawberry's handler lacks
sockets.py    the GraphQL app's WebSocket methods: origin, subprotocol, connection_init's
              user, contexts, the rate limit, shared subscriptions, the handover
native/       graphql-transport-ws on a socket handed over by uvicorn (handover.py): a
              small protocol object per socket (socket.py, wire.py), the protocol's
              messages (session.py), planned subscriptions as multicast listeners
              (listener.py)
"""
