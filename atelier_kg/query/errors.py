"""The one error type of the query engine: a refusal or failure, said in French and English."""

from __future__ import annotations

from ..messages import BilingualError


class QueryError(BilingualError):
    """A query that is refused, malformed, badly parameterised, too slow or too large.

    `code` says which, for callers that map it (the server: 400, 413 or 503).
    """

    def __init__(self, code: str, fr: str, en: str) -> None:
        super().__init__(fr, en)
        self.code = code
