"""Push the graph to a SPARQL store through the SPARQL 1.1 Graph Store HTTP Protocol.

What the server says is shown on one line, controls escaped and cut short: a server (or whatever
answers at its address) cannot write to the user's terminal. Credentials go in an Authorization
header, from --user with a password from the environment or a hidden prompt, or from ~/.netrc;
never from the command line, where other users of the machine can read them.
"""

from __future__ import annotations

import base64
import netrc
import urllib.error
import urllib.parse
import urllib.request

from .export import GraphSource, serialize
from .messages import CodedError, EntryError, inline

PASSWORD_VARIABLE = "ATELIER_KG_PASSWORD"
BODY_BYTES, BODY_CHARS = 2048, 200
LOOPBACK = {"localhost", "127.0.0.1", "::1"}


class PushError(CodedError):
    """A refused or failed upload, said from the message catalogue in the user's language."""


def graph_store_url(endpoint: str, graph_iri: str | None) -> str:
    separator = "&" if "?" in endpoint else "?"
    query = urllib.parse.urlencode({"graph": graph_iri}) if graph_iri else "default"
    return f"{endpoint}{separator}{query}"


def netrc_credentials(endpoint: str, path: str | None = None) -> tuple[str, str] | None:
    """The login and password ~/.netrc (or path) gives for the endpoint's host; None if none."""
    host = urllib.parse.urlsplit(endpoint).hostname or ""
    try:
        entries = netrc.netrc(path)
    except FileNotFoundError:
        return None
    except netrc.NetrcParseError as error:
        where = f"{error.filename}:{error.lineno}" if error.filename else "~/.netrc"
        raise EntryError(where, None, "bad_netrc", problem=inline(error.msg, 120)) from None
    found = entries.authenticators(host)
    if found is None or not found[0]:
        return None
    return found[0], found[2] or ""


def authorization(user: str, password: str) -> str:
    token = base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
    return f"Basic {token}"


def sends_in_clear(endpoint: str) -> str | None:
    """The host credentials would reach unencrypted (http:// to another machine), else None."""
    parts = urllib.parse.urlsplit(endpoint)
    host = parts.hostname or ""
    return host if parts.scheme == "http" and host not in LOOPBACK else None


def push_graph(graph: GraphSource, endpoint: str, graph_iri: str | None = None, timeout: float = 60.0,
               credentials: tuple[str, str] | None = None) -> int:
    """Replace the named graph (or the default graph) with ours in one PUT; return the HTTP status."""
    if not endpoint.startswith(("http://", "https://")):
        raise PushError("push_bad_address", endpoint=inline(endpoint, 200))
    headers = {"Content-Type": "application/n-triples"}
    if credentials is not None:
        headers["Authorization"] = authorization(*credentials)
    request = urllib.request.Request(graph_store_url(endpoint, graph_iri), data=serialize(graph, "nt"),
                                     method="PUT", headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (http(s) checked above)
            return response.status
    except urllib.error.HTTPError as error:
        raise PushError("push_refused", status=error.code, body=server_text(error)) from None
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise PushError("push_unreachable", reason=inline(str(reason), BODY_CHARS)) from None


def server_text(error: urllib.error.HTTPError) -> str:
    """The start of the server's answer, on one line, controls shown as escapes, cut short."""
    try:
        body = error.read(BODY_BYTES)
    except OSError:
        body = b""
    text = " ".join(body.decode("utf-8", errors="replace").split()) or str(error.reason or "")
    return inline(text, BODY_CHARS)
