"""The emulator's control API, on its own port under /_emulator/, in front of moto's WSGI app.

GET/POST/DELETE /_emulator/faults and GET/POST /_emulator/settings (the stack and change-set
delays); JSON in and out, errors as {"error": "..."} with status 400, 404 or 405.
"""

import json
from http import HTTPStatus
from collections.abc import Callable, Iterable
from typing import Any

from moto.moto_server.werkzeug_app import DomainDispatcherApplication

from . import faults
from .change_set_delay import change_set_delay, set_change_set_delay
from .stack_delay import set_stack_delay, stack_delay
from .wrap import wrap

PREFIX = "/_emulator/"


class RequestError(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


def body(environ: dict[str, Any]) -> Any:
    length = int(environ.get("CONTENT_LENGTH") or 0)
    raw = environ["wsgi.input"].read(length) if length else b""
    try:
        return json.loads(raw or b"{}")
    except ValueError as error:
        raise RequestError(400, f"the body is not JSON: {error}") from error


_SETTERS: dict[str, Callable[[float], None]] = {
    "stackDelaySeconds": set_stack_delay,
    "changeSetDelaySeconds": set_change_set_delay,
}


def _settings() -> dict[str, Any]:
    return {"stackDelaySeconds": stack_delay(), "changeSetDelaySeconds": change_set_delay()}


def _change_settings(body: Any) -> dict[str, Any]:
    if not isinstance(body, dict) or set(body) - set(_SETTERS):
        raise RequestError(
            400, 'settings are {"stackDelaySeconds": number, "changeSetDelaySeconds": number}'
        )
    for name, seconds in body.items():
        if isinstance(seconds, bool) or not isinstance(seconds, (int, float)) or seconds < 0:
            raise RequestError(400, f"{name} must be a number of seconds, 0 or more")
    for name, seconds in body.items():
        _SETTERS[name](float(seconds))
    return _settings()


def _add_fault(body: Any) -> tuple[int, Any]:
    try:
        return 201, {"fault": faults.add(body).to_json()}
    except faults.FaultError as error:
        raise RequestError(400, str(error)) from error


def _clear_faults() -> dict[str, Any]:
    faults.clear()
    return {"faults": []}


_ROUTES: dict[str, dict[str, Callable[[dict[str, Any]], tuple[int, Any]]]] = {
    "/_emulator/faults": {
        "GET": lambda environ: (200, {"faults": [f.to_json() for f in faults.list_all()]}),
        "POST": lambda environ: _add_fault(body(environ)),
        "DELETE": lambda environ: (200, _clear_faults()),
    },
    "/_emulator/settings": {
        "GET": lambda environ: (200, _settings()),
        "POST": lambda environ: (200, _change_settings(body(environ))),
    },
}


def add_route(
    path: str, methods: dict[str, Callable[[dict[str, Any]], tuple[int, Any]]]
) -> None:
    """A route of another patch's own (its state, its settings)."""
    _ROUTES[path] = methods


def _handle(environ: dict[str, Any]) -> tuple[int, Any]:
    path = environ.get("PATH_INFO", "").rstrip("/")
    methods = _ROUTES.get(path)
    if methods is None:
        raise RequestError(404, f"no control route {path}")
    handler = methods.get(environ.get("REQUEST_METHOD", "GET"))
    if handler is None:
        raise RequestError(405, f"{path} accepts {', '.join(methods)}")
    return handler(environ)


def _dispatch(
    original: Callable[..., Iterable[bytes]],
    app: DomainDispatcherApplication,
    environ: dict[str, Any],
    start_response: Callable[..., Any],
) -> Iterable[bytes]:
    if not environ.get("PATH_INFO", "").startswith(PREFIX):
        return original(app, environ, start_response)
    try:
        status, payload = _handle(environ)
    except RequestError as error:
        status, payload = error.status, {"error": str(error)}
    body = json.dumps(payload).encode()
    start_response(
        f"{status} {HTTPStatus(status).phrase}",
        [("Content-Type", "application/json"), ("Content-Length", str(len(body)))],
    )
    return [body]


def install() -> None:
    wrap(DomainDispatcherApplication, "__call__", _dispatch)
