"""A loopback server that answers any method, for the faults a real Miniflux cannot produce on demand."""

from __future__ import annotations

from tests.httpserver import LoopbackServer, RequestHandler


class _AnyMethodHandler(RequestHandler):
    def _with_body(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        owner = self.server.owner
        assert isinstance(owner, FakeApi)
        owner.bodies.append(body)
        owner._dispatch(self)

    do_POST = _with_body
    do_PUT = _with_body
    do_DELETE = _with_body


class FakeApi(LoopbackServer):
    """LoopbackServer that also takes POST, PUT and DELETE, keeping the request bodies it was sent."""

    def __init__(self) -> None:
        super().__init__()
        self._httpd.RequestHandlerClass = _AnyMethodHandler
        self.bodies: list[bytes] = []
