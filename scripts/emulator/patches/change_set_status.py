"""ExecuteChangeSet only for an AVAILABLE change set, which then makes the stack's others void.

moto executes any change set again and again, FAILED ("no changes") ones included, and keeps
the stack's other change sets executable after the stack has moved on. A change set that is not
CREATE_COMPLETE (still CREATE_IN_PROGRESS with a change-set delay, or FAILED) is refused for its
status, one already executed for its execution status, in AWS's words for each.
"""

from collections.abc import Callable

from moto.cloudformation.exceptions import CloudFormationError
from moto.cloudformation.models import CloudFormationBackend

from .lookup import find_change_set
from .wrap import wrap


class InvalidChangeSetStatus(CloudFormationError):
    code = "InvalidChangeSetStatus"


def _execute_change_set(
    original: Callable[..., None],
    backend: CloudFormationBackend,
    change_set_name: str,
    stack_name: str | None = None,
) -> None:
    change_set = find_change_set(backend, change_set_name, stack_name)
    if change_set.status != "CREATE_COMPLETE":
        raise InvalidChangeSetStatus(
            f"ChangeSet [{change_set.change_set_id}] cannot be executed in its current "
            f"status of [{change_set.status}]"
        )
    if change_set.execution_status != "AVAILABLE":
        raise InvalidChangeSetStatus(
            f"ChangeSet [{change_set.change_set_id}] cannot be executed in its current "
            f"execution status of [{change_set.execution_status}]"
        )
    original(backend, change_set.change_set_id, stack_name)
    # AWS deletes the stack's other change sets: they no longer apply to the updated stack.
    for change_set_id, other in list(backend.change_sets.items()):
        if other.stack_id == change_set.stack_id and other is not change_set:
            del backend.change_sets[change_set_id]


def install() -> None:
    wrap(CloudFormationBackend, "execute_change_set", _execute_change_set)
