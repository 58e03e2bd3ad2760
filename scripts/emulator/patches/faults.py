"""The registry of injected faults: which stack operation fails, on which resource, and how often.

A fault is used up when it fires; one whose logicalId the operation does not create, update or
delete stays registered. `POST /moto-api/reset` clears them all.
"""

import threading
from dataclasses import dataclass
from typing import Any

from . import reset_hooks

OPERATIONS = ("create", "update", "delete")
ROLLBACK_OUTCOMES = ("succeeds", "fails")
DEFAULT_REASON = 'Resource handler returned message: "Fault injected by the emulator"'


class FaultError(ValueError):
    """A fault definition the control API refuses."""


@dataclass
class Fault:
    id: int
    on: str
    stack: str | None
    logical_id: str | None
    reason: str
    rollback: str
    times: int

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "on": self.on,
            "stack": self.stack,
            "logicalId": self.logical_id,
            "reason": self.reason,
            "rollback": self.rollback,
            "times": self.times,
        }


_lock = threading.Lock()
_faults: list[Fault] = []
_next_id = 1


def _optional_text(body: dict[str, Any], key: str) -> str | None:
    value = body.get(key)
    if value is not None and (not isinstance(value, str) or not value):
        raise FaultError(f"{key} must be a non-empty string")
    return value


def add(body: Any) -> Fault:
    global _next_id
    if not isinstance(body, dict):
        raise FaultError("a fault is a JSON object")
    unknown = sorted(set(body) - {"on", "stack", "logicalId", "reason", "rollback", "times"})
    if unknown:
        raise FaultError(f"unknown fault fields: {', '.join(unknown)}")
    on = body.get("on")
    if on not in OPERATIONS:
        raise FaultError(f"on must be one of {', '.join(OPERATIONS)}")
    rollback = body.get("rollback", "succeeds")
    if rollback not in ROLLBACK_OUTCOMES:
        raise FaultError(f"rollback must be one of {', '.join(ROLLBACK_OUTCOMES)}")
    if rollback == "fails" and on == "delete":
        raise FaultError("a delete has no rollback")
    times = body.get("times", 1)
    if not isinstance(times, int) or isinstance(times, bool) or times < 1:
        raise FaultError("times must be a positive integer")
    with _lock:
        fault = Fault(
            id=_next_id,
            on=on,
            stack=_optional_text(body, "stack"),
            logical_id=_optional_text(body, "logicalId"),
            reason=_optional_text(body, "reason") or DEFAULT_REASON,
            rollback=rollback,
            times=times,
        )
        _next_id += 1
        _faults.append(fault)
    return fault


def list_all() -> list[Fault]:
    with _lock:
        return list(_faults)


def clear() -> None:
    with _lock:
        _faults.clear()


def select(
    stack_name: str, stack_id: str | None, on: str, changed: list[str]
) -> tuple[Fault, str] | None:
    """The first fault for this operation and the logical id it fails; `changed` is in order."""
    with _lock:
        for fault in _faults:
            if fault.on != on or fault.stack not in (None, stack_name, stack_id):
                continue
            if fault.logical_id is None and changed:
                return fault, changed[0]
            if fault.logical_id in changed:
                return fault, fault.logical_id
    return None


def use(fault: Fault) -> None:
    with _lock:
        fault.times -= 1
        if fault.times <= 0 and fault in _faults:
            _faults.remove(fault)


def install() -> None:
    reset_hooks.after_reset(clear)
