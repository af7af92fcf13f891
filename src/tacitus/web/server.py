"""uvicorn's HTTP protocol with the app's security headers on its own error page.

A request too malformed to reach the app (a bad request line, a bad header) is
answered 400 by uvicorn's protocol itself, outside every ASGI middleware; these
subclasses add the same security headers as :class:`tacitus.web.app.Guard`.
``tacitus serve`` runs uvicorn with ``http=`` one of them.
"""
from __future__ import annotations

from .app import SECURITY_HEADERS


def _body(msg: str) -> bytes:
    return msg.encode("ascii", "replace")


try:
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
except ImportError:  # httptools missing: uvicorn uses h11
    HttpToolsProtocol = None  # type: ignore[assignment,misc]

from uvicorn.protocols.http.h11_impl import H11Protocol


if HttpToolsProtocol is not None:
    class GuardedHttpTools(HttpToolsProtocol):  # type: ignore[misc,valid-type]
        """uvicorn's httptools protocol; its 400 page carries the security headers."""

        def send_400_response(self, msg: str) -> None:
            body = _body(msg)
            head = [b"HTTP/1.1 400 Bad Request\r\n"]
            for name, value in [*self.server_state.default_headers, *SECURITY_HEADERS,
                                (b"content-type", b"text/plain; charset=utf-8"),
                                (b"content-length", str(len(body)).encode()), (b"connection", b"close")]:
                head += [name, b": ", value, b"\r\n"]
            self.transport.write(b"".join(head) + b"\r\n" + body)
            self.transport.close()


class GuardedH11(H11Protocol):
    """uvicorn's h11 protocol; its 400 page carries the security headers."""

    def send_400_response(self, msg: str) -> None:
        import h11
        body = _body(msg)
        headers = [(b"content-type", b"text/plain; charset=utf-8"), (b"connection", b"close"), *SECURITY_HEADERS]
        self.transport.write(self.conn.send(h11.Response(status_code=400, headers=headers, reason=b"Bad Request")))
        self.transport.write(self.conn.send(h11.Data(data=body)))
        self.transport.write(self.conn.send(h11.EndOfMessage()))
        self.transport.close()


def http_protocol() -> str:
    """The ``http=`` argument for uvicorn: the guarded httptools protocol when
    httptools is installed, else the guarded h11 one."""
    return "tacitus.web.server:GuardedHttpTools" if HttpToolsProtocol is not None else "tacitus.web.server:GuardedH11"
