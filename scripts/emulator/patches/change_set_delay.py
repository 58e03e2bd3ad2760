"""Simulated time for computing a change set: a new one shows CREATE_IN_PROGRESS for the delay.

moto computes a change set at once. Each new change set is due at its creation time plus the
change-set delay of that moment; until then DescribeChangeSet and ListChangeSets show it as
`Status: CREATE_IN_PROGRESS`, `ExecutionStatus: UNAVAILABLE`, no StatusReason and no Changes, and
afterwards what moto computed (CREATE_COMPLETE/AVAILABLE, or FAILED with its reason).
ExecuteChangeSet refuses it meanwhile (change_set_status) and so does DeleteChangeSet, as AWS
does ("Cannot delete ChangeSet in status CREATE_IN_PROGRESS"). The delay starts as
$EMULATOR_CHANGE_SET_DELAY_SECONDS (default 0), can be changed at runtime, and returns to that
start value on reset.
"""

import os
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from moto.cloudformation.models import ChangeSet, CloudFormationBackend
from moto.core.utils import utcnow

from . import reset_hooks
from .change_set_status import InvalidChangeSetStatus
from .lookup import find_change_set
from .wrap import wrap

ENV_VAR = "EMULATOR_CHANGE_SET_DELAY_SECONDS"
IN_PROGRESS = "CREATE_IN_PROGRESS"

_default_delay = 0.0
_delay = 0.0


def set_default_change_set_delay(seconds: float) -> None:
    """The delay at startup and after every reset."""
    global _default_delay
    set_change_set_delay(seconds)
    _default_delay = seconds


def set_change_set_delay(seconds: float) -> None:
    global _delay
    if seconds < 0:
        raise ValueError("the change-set delay cannot be negative")
    _delay = seconds


def change_set_delay() -> float:
    return _delay


def is_computing(change_set: ChangeSet) -> bool:
    """Whether the change set still shows as being created."""
    due: datetime | None = change_set.__dict__.get("_due")
    return due is not None and due > utcnow()


# Status, ExecutionStatus, StatusReason and Changes become properties; moto's own assignments
# (and those of the other patches) land in the instance dict through them.
def _shown(name: str, while_computing: Any) -> property:
    def get(change_set: ChangeSet) -> Any:
        if is_computing(change_set):
            return while_computing() if callable(while_computing) else while_computing
        return change_set.__dict__.get(name)

    def set_(change_set: ChangeSet, value: Any) -> None:
        change_set.__dict__[name] = value

    return property(get, set_)


def _create_change_set(
    original: Callable[..., tuple[str, str]], backend: CloudFormationBackend, **kwargs: Any
) -> tuple[str, str]:
    change_set_id, stack_id = original(backend, **kwargs)
    if _delay > 0:
        change_set = backend.change_sets[change_set_id]
        change_set.__dict__["_due"] = change_set.creation_time + timedelta(seconds=_delay)
    return change_set_id, stack_id


def _delete_change_set(
    original: Callable[..., None], backend: CloudFormationBackend, change_set_name: str
) -> None:
    change_set = find_change_set(backend, change_set_name, None)
    if is_computing(change_set):
        raise InvalidChangeSetStatus(f"Cannot delete ChangeSet in status {IN_PROGRESS}")
    original(backend, change_set_name)


def install() -> None:
    set_default_change_set_delay(float(os.environ.get(ENV_VAR) or 0))
    reset_hooks.after_reset(lambda: set_change_set_delay(_default_delay))
    shown = {"status": IN_PROGRESS, "execution_status": "UNAVAILABLE", "status_reason": None}
    for name, while_computing in shown.items():
        setattr(ChangeSet, name, _shown(name, while_computing))
    ChangeSet.changes = _shown("changes", list)  # type: ignore[assignment,method-assign]
    wrap(CloudFormationBackend, "create_change_set", _create_change_set)
    wrap(CloudFormationBackend, "delete_change_set", _delete_change_set)
