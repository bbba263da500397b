"""Push the graph to a SPARQL store through the SPARQL 1.1 Graph Store HTTP Protocol."""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request

from rdflib import Graph

from .export import serialize
from .messages import BilingualError


class PushError(BilingualError):
    pass


def graph_store_url(endpoint: str, graph_iri: str | None) -> str:
    separator = "&" if "?" in endpoint else "?"
    query = urllib.parse.urlencode({"graph": graph_iri}) if graph_iri else "default"
    return f"{endpoint}{separator}{query}"


def push_graph(graph: Graph, endpoint: str, graph_iri: str | None = None, timeout: float = 60.0) -> int:
    """Replace the named graph (or the default graph) with ours in one PUT; return the HTTP status."""
    if not endpoint.startswith(("http://", "https://")):
        raise PushError(f"adresse invalide « {endpoint} » : http:// ou https:// attendu",
                        f"invalid address \"{endpoint}\": http:// or https:// expected")
    request = urllib.request.Request(graph_store_url(endpoint, graph_iri), data=serialize(graph, "nt"),
                                     method="PUT", headers={"Content-Type": "application/n-triples"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (http(s) checked above)
            return response.status
    except urllib.error.HTTPError as error:
        body = error.read(500).decode("utf-8", errors="replace")
        raise PushError(f"le serveur a refusé l'envoi ({error.code}) : {body}",
                        f"the server refused the upload ({error.code}): {body}") from None
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise PushError(f"serveur injoignable : {reason}", f"server unreachable: {reason}") from None
