"""Simulated time: each stack operation shows as *_IN_PROGRESS for the stack delay.

moto does the work at once. The events an operation adds are re-stamped to spread over the delay
(the first now, the last when it ends); DescribeStackEvents lists only events whose time has
come, and a stack's status is that of its newest visible stack event until its last event is due.
A stack being deleted stays findable by name until then. The delay starts as
$EMULATOR_STACK_DELAY_SECONDS (default 0), can be changed at runtime, and returns to that start
value on reset.
"""

import os
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from moto.cloudformation.exceptions import ValidationError
from moto.cloudformation.models import CloudFormationBackend, Event, Stack
from moto.core.utils import utcnow

from . import reset_hooks
from .lookup import find_change_set
from .wrap import wrap

ENV_VAR = "EMULATOR_STACK_DELAY_SECONDS"

_default_delay = 0.0
_delay = 0.0


def set_default_stack_delay(seconds: float) -> None:
    """The delay at startup and after every reset."""
    global _default_delay
    _default_delay = seconds
    set_stack_delay(seconds)


def set_stack_delay(seconds: float) -> None:
    global _delay
    if seconds < 0:
        raise ValueError("the stack delay cannot be negative")
    _delay = seconds


def stack_delay() -> float:
    return _delay


def is_pending(stack: Stack) -> bool:
    """Whether the stack's last operation still shows as in progress."""
    events: list[Event] = getattr(stack, "events", [])
    return bool(events) and events[-1].timestamp > utcnow()


def discard_pending(stack: Stack) -> None:
    """Drop the events not yet due, as if the operation showing in progress stopped now."""
    now = utcnow()
    stack.events[:] = [event for event in stack.events if event.timestamp <= now]


# Stack.status becomes a property; moto's own assignments land in the instance dict through it.
def _get_status(stack: Stack) -> str:
    if is_pending(stack):
        now = utcnow()
        for event in reversed(stack.events):
            if event.timestamp <= now and event.physical_resource_id == stack.stack_id:
                return event.resource_status
    return stack.__dict__["status"]


def _set_status(stack: Stack, status: str) -> None:
    stack.__dict__["status"] = status


def _spread(events: list[Event]) -> None:
    if _delay <= 0 or not events:
        return
    if len(events) == 1:
        events[0].timestamp = utcnow() + timedelta(seconds=_delay)
        return
    start = events[0].timestamp
    step = _delay / (len(events) - 1)
    for index, event in enumerate(events):
        event.timestamp = start + timedelta(seconds=step * index)


def _timed(find_stack: Callable[..., Stack | None]) -> Callable[..., Any]:
    """Wrap a stack operation so that the events it adds spread over the delay."""

    def wrapper(
        original: Callable[..., Any], backend: CloudFormationBackend, *args: Any, **kwargs: Any
    ) -> Any:
        stack = find_stack(backend, *args, **kwargs)
        # By identity: the operation may also drop events (CancelUpdateStack).
        seen = {id(event) for event in stack.events} if stack else set()
        result = original(backend, *args, **kwargs)
        stack = stack or (result if isinstance(result, Stack) else None)
        if stack is not None:
            _spread([event for event in stack.events if id(event) not in seen])
        return result

    return wrapper


def _find(backend: CloudFormationBackend, name_or_id: str) -> Stack | None:
    if name_or_id in backend.stacks:
        return backend.stacks[name_or_id]
    return next((s for s in backend.stacks.values() if s.name == name_or_id), None)


def _change_set_stack(
    backend: CloudFormationBackend, change_set_name: str, stack_name: str | None = None
) -> Stack | None:
    change_set = find_change_set(backend, change_set_name, stack_name)
    return backend.stacks.get(change_set.stack_id)


def _updated_stack(
    backend: CloudFormationBackend, name: str, *args: Any, **kwargs: Any
) -> Stack | None:
    return _find(backend, name)


def _new_stack(backend: CloudFormationBackend, *args: Any, **kwargs: Any) -> None:
    return None  # CreateStack returns it


def _delete_stack(
    original: Callable[..., None], backend: CloudFormationBackend, name_or_stack_id: str
) -> None:
    stack = _find(backend, name_or_stack_id)
    # Deleting a stack that is still being created cancels the creation (the work is done already).
    if stack is not None and stack.status == "CREATE_IN_PROGRESS" and is_pending(stack):
        discard_pending(stack)
    original(backend, name_or_stack_id)


def _being_deleted(backend: CloudFormationBackend, name: str) -> Stack | None:
    return next(
        (s for s in backend.deleted_stacks.values() if s.name == name and is_pending(s)), None
    )


def _describe_stacks(
    original: Callable[..., list[Stack]], backend: CloudFormationBackend, name_or_stack_id: str
) -> list[Stack]:
    if not name_or_stack_id:
        return original(backend, name_or_stack_id) + [
            s for s in backend.deleted_stacks.values() if is_pending(s)
        ]
    try:
        return original(backend, name_or_stack_id)
    except ValidationError:
        stack = _being_deleted(backend, name_or_stack_id)
        if stack is None:
            raise
        return [stack]


def _get_stack(
    original: Callable[..., Stack], backend: CloudFormationBackend, name_or_stack_id: str
) -> Stack:
    try:
        return original(backend, name_or_stack_id)
    except ValidationError:
        stack = _being_deleted(backend, name_or_stack_id)
        if stack is None:
            raise
        return stack


def _describe_stack_events(
    original: Callable[..., list[Event]], backend: CloudFormationBackend, stack_name: str
) -> list[Event]:
    now = utcnow()
    return [event for event in original(backend, stack_name) if event.timestamp <= now]


def install() -> None:
    set_default_stack_delay(float(os.environ.get(ENV_VAR) or 0))
    reset_hooks.after_reset(lambda: set_stack_delay(_default_delay))
    Stack.status = property(_get_status, _set_status)  # type: ignore[assignment,method-assign]
    wrap(CloudFormationBackend, "execute_change_set", _timed(_change_set_stack))
    wrap(CloudFormationBackend, "create_stack", _timed(_new_stack))
    wrap(CloudFormationBackend, "update_stack", _timed(_updated_stack))
    wrap(CloudFormationBackend, "delete_stack", _timed(_find))
    wrap(CloudFormationBackend, "delete_stack", _delete_stack)
    for recovery in ("continue_update_rollback", "rollback_stack", "cancel_update_stack"):
        wrap(CloudFormationBackend, recovery, _timed(_find))
    wrap(CloudFormationBackend, "describe_stacks", _describe_stacks)
    wrap(CloudFormationBackend, "get_stack", _get_stack)
    wrap(CloudFormationBackend, "describe_stack_events", _describe_stack_events)
