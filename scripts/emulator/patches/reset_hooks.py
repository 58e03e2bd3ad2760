"""Callbacks that run after `POST /moto-api/reset` has wiped every backend."""

from collections.abc import Callable

from moto.moto_api._internal.models import MotoAPIBackend

from .wrap import wrap

_callbacks: list[Callable[[], None]] = []


def after_reset(callback: Callable[[], None]) -> None:
    _callbacks.append(callback)


def _reset(original: Callable[[MotoAPIBackend], None], api: MotoAPIBackend) -> None:
    original(api)
    for callback in _callbacks:
        callback()


def install() -> None:
    wrap(MotoAPIBackend, "reset", _reset)
