"""A WebSocket server for graphql-transport-ws held as a small state machine per socket,
rather than coroutines (issue 17: memory per idle subscriber)."""
