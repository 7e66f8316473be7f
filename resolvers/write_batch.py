"""Independent creates of one mutation document, sent to BC as one JSON `$batch`.

GraphQL runs mutation fields one after another, each one finished (its selection too)
before the next starts, so 20 aliased `createVendor` would be 20 round trips. BC runs the
operations of a `$batch` in order, in one session, so they can travel together as long
as no field's result could differ from what serial execution gives:

* the run is the consecutive root fields from the one being resolved on, each a create
  (a mutation its entity declares as its create), a plain field without directives;
* a field whose selection reads more than the created record's own fields (a relation
  such as `vendor { … }` or `lines`) reads BC after its write: it is the last of the run,
  so no later write of the batch happens before that read;
* an input the gateway refuses (BAD_USER_INPUT) ends the run before that field, which
  then fails on its own turn, in order.

No `Prefer: odata.continue-on-error`, on purpose: the contract's mutation fields are
non-null, so when one fails GraphQL ends the operation (`data: null`) and never runs the
fields after it. BC's default batch semantics stop at the first failure the same way, so
BC applies no write the response does not report. An operation BC did not run (it stopped
earlier, or refused it with 429 before doing anything) is sent alone when its field's turn
comes. If the envelope itself fails (say, a timeout: outcome unknown) the first field
reports that error, the operation ends there, and nothing is sent again.

One difference remains, in theory: a field of the run whose own record cannot be
completed (BC answering a create without its id or etag) ends the operation after later
creates of the batch were applied. BC always returns the record it created.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from graphql import (
    FieldNode,
    FragmentSpreadNode,
    GraphQLResolveInfo,
    InlineFragmentNode,
    OperationType,
    SelectionSetNode,
    Undefined,
    value_from_ast,
)

from bcmodel import Entity, Registry
from gateway.bc.errors import error_from_response
from gateway.bc.types import BCRequest, BCResponse
from gateway.errors import BadUserInput, GatewayError, UpstreamError
from resolvers import inputs
from resolvers.context import Context, Upstream, context_of, registry_of
from resolvers.invalidation import forget, written

# BC's cap on the operations of one batch.
MAX_OPERATIONS = 100
_KEY = ("write_batch",)
# Fields every record type answers without reading anything but the record.
_OWN = frozenset({"etag", "__typename"})

RawInfo = GraphQLResolveInfo[Any]
# A prepared field's answer: BC's response, its error, or None when BC did not run it.
Outcome = BCResponse | GatewayError | None


@dataclass(frozen=True)
class Create:
    entity: Entity
    company: str
    request: BCRequest


@dataclass
class _Planned:
    """BC's answers for the fields after the one that sent the batch, by response key.

    They belong to one execution of one operation (a request may carry several, and a
    cached document shares its nodes): the operation node and the coerced variables, made
    afresh by every execution, tell which.
    """

    operation: Any
    variables: Any
    outcomes: dict[str, Outcome]

    def holds(self, raw: RawInfo, key: str) -> bool:
        return (
            self.operation is raw.operation
            and self.variables is raw.variable_values
            and key in self.outcomes
        )


async def send(info: Any, up: Upstream, create: Create) -> BCResponse:
    """Sends this create, together with the creates after it when they qualify."""
    ctx = context_of(info)
    raw: RawInfo = info._raw_info
    key = str(raw.path.key)
    planned: _Planned | None = ctx.loaders.pop(_KEY, None)
    if planned is not None and planned.holds(raw, key):
        outcome = planned.outcomes.pop(key)
        if isinstance(outcome, GatewayError):
            # A failed non-null mutation field ends the operation: nothing after it runs.
            raise copy.copy(outcome)
        ctx.loaders[_KEY] = planned
        return outcome if outcome is not None else await up.send(create.request)
    # Anything planned before is over: its fields were resolved, or its operation ended.
    run = _run(raw, up, registry_of(info))
    if not run:
        return await up.send(create.request)
    outcomes = await _send_batch(ctx, up, [create, *(c for _, c in run)])
    first = outcomes[0]
    if isinstance(first, GatewayError):
        raise first
    ctx.loaders[_KEY] = _Planned(
        raw.operation,
        raw.variable_values,
        {k: outcome for (k, _), outcome in zip(run, outcomes[1:], strict=True)},
    )
    return first if first is not None else await up.send(create.request)


def _batched(registry: Registry, mutation: str) -> Entity | None:
    # An extension's API has a $batch of its own: only the standard API's creates share one.
    entity = registry.created_by(mutation)
    return entity if entity is not None and entity.route.standard else None


def _run(raw: RawInfo, up: Upstream, registry: Registry) -> list[tuple[str, Create]]:
    """The creates after the current root field that go in its batch, by response key."""
    if raw.operation.operation is not OperationType.MUTATION or raw.path.prev is not None:
        return []
    if len(raw.field_nodes) != 1:
        return []
    current = raw.field_nodes[0]
    entity = _batched(registry, current.name.value)
    if entity is None or not _reads_only_itself(raw, entity, current.selection_set):
        return []
    selections = raw.operation.selection_set.selections
    index = next((i for i, node in enumerate(selections) if node is current), None)
    if index is None:
        return []
    seen = {str(raw.path.key)}
    run: list[tuple[str, Create]] = []
    for node in selections[index + 1 :]:
        if len(run) + 1 >= MAX_OPERATIONS:
            break
        if not isinstance(node, FieldNode) or node.directives:
            break
        entity = _batched(registry, node.name.value)
        key = node.alias.value if node.alias else node.name.value
        if entity is None or key in seen:
            break
        seen.add(key)
        args = _arguments(raw, node)
        if args is None:
            break
        company = str(args.get("companyId") or up.default_company_id)
        try:
            argument = entity.api.parent_argument if entity.api else None
            parent_id = args.get(argument) if argument else None
            kind = None
            if entity.parent_kind is not None:
                parent_id, kind = inputs.parent_given(
                    entity,
                    parent_id,
                    args.get(inputs.parent_key(entity)),
                    args.get(entity.parent_kind),
                )
            request = inputs.create_request(
                entity, args.get("input"), company, registry, parent_id, kind
            )
        except BadUserInput:
            break
        run.append((key, Create(entity, company, request)))
        if not _reads_only_itself(raw, entity, node.selection_set):
            break
    return run


def _arguments(raw: RawInfo, node: FieldNode) -> dict[str, Any] | None:
    """A later field's arguments, coerced as graphql-core would when it resolves it."""
    definition = raw.parent_type.fields.get(node.name.value)
    if definition is None:
        return None
    # Strawberry's executor hands resolvers the plain coerced dict; graphql-core's own wraps
    # it in VariableValues.
    source: Any = raw.variable_values
    variables: dict[str, Any] = getattr(source, "coerced", source)
    values: dict[str, Any] = {}
    for argument in node.arguments or ():
        arg = definition.args.get(argument.name.value)
        if arg is None:
            return None
        value = value_from_ast(argument.value, arg.type, variables)
        if value is Undefined:
            return None
        values[argument.name.value] = value
    return values


def _reads_only_itself(
    raw: RawInfo, entity: Entity, selection_set: SelectionSetNode | None
) -> bool:
    for node in selection_set.selections if selection_set else ():
        if isinstance(node, FieldNode):
            name = node.name.value
            if node.selection_set is not None or (name not in _OWN and entity.field(name) is None):
                return False
        elif isinstance(node, InlineFragmentNode):
            if not _reads_only_itself(raw, entity, node.selection_set):
                return False
        elif isinstance(node, FragmentSpreadNode):
            fragment = raw.fragments.get(node.name.value)
            if fragment is None or not _reads_only_itself(raw, entity, fragment.selection_set):
                return False
    return True


async def _send_batch(ctx: Context, up: Upstream, creates: list[Create]) -> list[Outcome]:
    items = [
        {
            "id": str(i),
            "method": create.request.method,
            # Creates carry no query options: the path is the whole relative URL.
            "url": create.request.path,
            "headers": {"Content-Type": "application/json"},
            "body": create.request.body,
        }
        for i, create in enumerate(creates)
    ]
    try:
        response = await up.send(BCRequest("POST", "$batch", body={"requests": items}))
    except GatewayError as error:
        return [copy.copy(error) for _ in creates]
    finally:
        # Whatever BC applied, later reads in this request must not see cached data.
        for create in creates:
            forget(ctx, create.company, written(create.entity))
    answers = _answers(response.body)
    if answers is None:
        unknown = UpstreamError(
            "Business Central's $batch answer could not be read; whether these creates "
            "were applied is unknown.",
            outcomeUnknown=True,
        )
        return [copy.copy(unknown) for _ in creates]
    outcomes: list[Outcome] = []
    for i in range(len(creates)):
        answer = answers.get(str(i))
        if answer is None:
            outcomes.append(None)  # BC stopped before it
            continue
        status, headers, body = answer
        if 200 <= status < 300:
            outcomes.append(BCResponse(status, body, headers))
        elif status == 429:
            outcomes.append(None)  # refused before any work: its own call will retry it
        else:
            outcomes.append(error_from_response(status, body, headers))
    return outcomes


def _answers(body: Any) -> dict[str, tuple[int, dict[str, str], Any]] | None:
    responses = body.get("responses") if isinstance(body, dict) else None
    if not isinstance(responses, list):
        return None
    answers: dict[str, tuple[int, dict[str, str], Any]] = {}
    for item in responses:
        if not isinstance(item, dict) or not isinstance(item.get("status"), int):
            return None
        raw_headers = item.get("headers")
        headers = (
            {str(k).lower(): str(v) for k, v in raw_headers.items()}
            if isinstance(raw_headers, dict)
            else {}
        )
        answers[str(item.get("id"))] = (item["status"], headers, item.get("body"))
    return answers
