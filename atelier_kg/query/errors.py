"""The one error type of the query engine: a refusal or failure, said from the message catalogue."""

from __future__ import annotations

from ..messages import CodedError


class QueryError(CodedError):
    """A query that is refused, malformed, badly parameterised, too slow or too large.

    `code` says which, for callers that map it (the server: 400, 413 or 503); the sentence is
    the catalogue's `query_<code>` (messages/query.py).
    """

    prefix = "query_"


def timeout_error(timeout: float, queued: bool = False) -> QueryError:
    """Past the time limit, while running or still waiting for a worker."""
    return QueryError("timeout", text="query_timeout_queued" if queued else None, timeout=timeout)
