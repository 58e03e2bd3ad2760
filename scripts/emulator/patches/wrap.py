"""Chainable method wrapping, so several patches can wrap the same moto method."""

import functools
from collections.abc import Callable
from typing import Any


def wrap(owner: object, name: str, wrapper: Callable[..., Any]) -> None:
    """Make owner.name (a class or module attribute) call wrapper(original, *args, **kwargs)."""
    original = getattr(owner, name)

    @functools.wraps(original)
    def patched(*args: Any, **kwargs: Any) -> Any:
        return wrapper(original, *args, **kwargs)

    setattr(owner, name, patched)
