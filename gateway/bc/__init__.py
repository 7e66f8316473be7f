"""Everything the gateway says to Business Central, and nothing about GraphQL.

types.py     BCTarget, BCRequest, BCResponse: what goes to BC and what comes back
urls.py      API roots and resource paths from checked parts; nextLinks kept on the root
odata/       $filter/$select/$expand/... from parts: the one place literals are rendered
codec.py     JSON in (numbers as Decimal) and out (Decimal as exact numbers)
errors.py    BC's answers and transport failures mapped onto gateway.errors
retry.py     which failures are retried for which methods, and how long to wait
governor.py  per-connection concurrency, rate window and 429 back-off
config.py    BCClientConfig: timeouts, retry caps, limits, batch size
client.py    BCClient.send / send_batch, and the lifespan's httpx client factory
batch.py     BatchSession: calls of one tick coalesced into one upstream request
session.py   BCSession (rows, by_ids, send): one user's BC, opened by Sessions from a user id
"""
