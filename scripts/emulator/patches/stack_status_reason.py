"""StackStatusReason for failed and rolling-back stacks, from their newest visible stack event.

moto never sets it. Only *_FAILED and *ROLLBACK* statuses get one, so DescribeStacks and ListStacks
answer as before for stacks that did not fail.
"""

from moto.cloudformation.models import Stack
from moto.core.utils import utcnow


def _status_reason(stack: Stack) -> str | None:
    status = stack.status
    if "FAILED" not in status and "ROLLBACK" not in status:
        return None
    now = utcnow()
    for event in reversed(stack.events):
        if event.timestamp <= now and event.physical_resource_id == stack.stack_id:
            return event.resource_status_reason if event.resource_status == status else None
    return None


def install() -> None:
    Stack.stack_status_reason = property(_status_reason)  # type: ignore[attr-defined]
