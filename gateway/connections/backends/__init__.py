"""One file per backend, chosen by the store URL's scheme (see gateway.connections.factory)."""
