"""Resource-level stack events and CloudFormation's wording for failed operations."""

from moto.cloudformation.models import Event, Stack

from .resource_faults import Touched

_STATUS_PREFIX = {"create": "CREATE", "update": "UPDATE", "delete": "DELETE"}


def resource_event(stack: Stack, resource: Touched, status: str, reason: str | None = None) -> None:
    event = Event(
        stack_id=stack.stack_id,
        stack_name=stack.name,
        logical_resource_id=resource.logical_id,
        physical_resource_id=resource.physical_id,
        resource_type=resource.resource_type,
        resource_status=status,
        resource_status_reason=reason,
        resource_properties=None,
    )
    event.sendToSns(stack.account_id, stack.region_name, stack.notification_arns)
    stack.events.append(event)


def resource_done(stack: Stack, resource: Touched, action: str | None = None) -> None:
    """`<ACTION>_IN_PROGRESS` then `<ACTION>_COMPLETE`; action defaults to the resource's own."""
    prefix = _STATUS_PREFIX[action or resource.action]
    resource_event(stack, resource, f"{prefix}_IN_PROGRESS")
    resource_event(stack, resource, f"{prefix}_COMPLETE")


def resource_failed(stack: Stack, resource: Touched, action: str, reason: str) -> None:
    prefix = _STATUS_PREFIX[action]
    resource_event(stack, resource, f"{prefix}_IN_PROGRESS")
    resource_event(stack, resource, f"{prefix}_FAILED", reason)


def failed_to(action: str, logical_id: str) -> str:
    return f"The following resource(s) failed to {action}: [{logical_id}]. "
