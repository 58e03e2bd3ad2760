"""Refuse stack updates and deletes in the statuses where CloudFormation refuses them.

moto changes a stack whatever its status. CloudFormation refuses CreateChangeSet (UPDATE),
ExecuteChangeSet and UpdateStack while an operation is in progress and in the statuses only a
delete (or ContinueUpdateRollback) gets out of, and DeleteStack while an update or a rollback is
in progress (a create in progress can be deleted).
"""

from collections.abc import Callable
from typing import Any

from moto.cloudformation.exceptions import ValidationError
from moto.cloudformation.models import CloudFormationBackend, Stack

from .lookup import find_change_set
from .wrap import wrap

NOT_UPDATABLE = ("ROLLBACK_COMPLETE", "ROLLBACK_FAILED", "UPDATE_ROLLBACK_FAILED", "DELETE_FAILED")
DELETABLE_IN_PROGRESS = ("CREATE_IN_PROGRESS", "DELETE_IN_PROGRESS", "REVIEW_IN_PROGRESS")


def _in_progress(status: str) -> bool:
    return status.endswith("_IN_PROGRESS") and status != "REVIEW_IN_PROGRESS"


def _check_updatable(stack: Stack) -> None:
    status = stack.status
    if status in NOT_UPDATABLE or _in_progress(status):
        raise ValidationError(
            stack.stack_id,
            message=f"Stack:{stack.stack_id} is in {status} state and can not be updated.",
        )


def _find(backend: CloudFormationBackend, name_or_id: str) -> Stack | None:
    if name_or_id in backend.stacks:
        return backend.stacks[name_or_id]
    return next((s for s in backend.stacks.values() if s.name == name_or_id), None)


def _create_change_set(
    original: Callable[..., Any], backend: CloudFormationBackend, **kwargs: Any
) -> Any:
    stack = _find(backend, kwargs["stack_name"])
    if kwargs["change_set_type"] == "UPDATE" and stack is not None:
        _check_updatable(stack)
    return original(backend, **kwargs)


def _execute_change_set(
    original: Callable[..., None],
    backend: CloudFormationBackend,
    change_set_name: str,
    stack_name: str | None = None,
) -> None:
    change_set = find_change_set(backend, change_set_name, stack_name)
    stack = backend.stacks.get(change_set.stack_id)
    if stack is not None:
        _check_updatable(stack)
    original(backend, change_set_name, stack_name)


def _update_stack(
    original: Callable[..., Stack],
    backend: CloudFormationBackend,
    name: str,
    *args: Any,
    **kwargs: Any,
) -> Stack:
    _check_updatable(backend.get_stack(name))
    return original(backend, name, *args, **kwargs)


def _delete_stack(
    original: Callable[..., None], backend: CloudFormationBackend, name_or_stack_id: str
) -> None:
    stack = _find(backend, name_or_stack_id)
    if stack is not None:
        status = stack.status
        if _in_progress(status) and status not in DELETABLE_IN_PROGRESS:
            raise ValidationError(
                stack.stack_id,
                message=f"Stack [{stack.name}] cannot be deleted while in status {status}",
            )
    original(backend, name_or_stack_id)


def install() -> None:
    wrap(CloudFormationBackend, "create_change_set", _create_change_set)
    wrap(CloudFormationBackend, "execute_change_set", _execute_change_set)
    wrap(CloudFormationBackend, "update_stack", _update_stack)
    wrap(CloudFormationBackend, "delete_stack", _delete_stack)
