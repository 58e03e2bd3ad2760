"""Stack operations that hit an injected fault end the way CloudFormation ends them.

ExecuteChangeSet, CreateStack, UpdateStack and DeleteStack: the resources handled before the
failing one get their IN_PROGRESS/COMPLETE events, the failing one IN_PROGRESS and
CREATE_FAILED/UPDATE_FAILED/DELETE_FAILED with the fault's reason; then the stack rolls back
(ROLLBACK_COMPLETE, UPDATE_ROLLBACK_COMPLETE, or *_ROLLBACK_FAILED for a fault whose rollback
fails), stays CREATE_FAILED/UPDATE_FAILED with DisableRollback (OnFailure=DO_NOTHING for
CreateStack), or ends DELETE_FAILED.
"""

import inspect
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

import yaml
from moto.cloudformation.models import CloudFormationBackend, Stack
from moto.cloudformation.parsing import OutputMap
from moto.cloudformation.responses import CloudFormationResponse

from . import faults
from .fault_events import failed_to, resource_done, resource_failed
from .lookup import find_change_set
from .resource_faults import ArmedOperation, InjectedFault, armed, is_armed
from .stack_rollback import (
    FailedOperation,
    before_update,
    keep_existing,
    leave_unfinished,
    remember_before_update,
    roll_back,
)
from .wrap import wrap

_disable_rollback: ContextVar[bool] = ContextVar("disable_rollback", default=False)


def _with_request_flags(
    original: Callable[[CloudFormationResponse], Any], response: CloudFormationResponse
) -> Any:
    disabled = response._get_bool_param("DisableRollback", False) or (
        response._get_param("OnFailure") == "DO_NOTHING"
    )
    token = _disable_rollback.set(bool(disabled))
    try:
        return original(response)
    finally:
        _disable_rollback.reset(token)


@dataclass(frozen=True)
class _Hit:
    fault: faults.Fault
    operation: ArmedOperation


def _run(
    stack_name: str, stack_id: str | None, on: str, changed: list[str], operation: Callable[[], Any]
) -> tuple[Any, _Hit | None]:
    """Run the operation, armed with the fault it should hit if there is one."""
    selected = None if is_armed() else faults.select(stack_name, stack_id, on, changed)
    if selected is None:
        return operation(), None
    fault, target = selected
    with armed(stack_name, on, target) as armed_operation:
        try:
            return operation(), None
        except InjectedFault:
            faults.use(fault)
    return None, _Hit(fault, armed_operation)


def _fail(backend: CloudFormationBackend, stack: Stack, hit: _Hit) -> None:
    on, touched, failed = hit.operation.on, hit.operation.touched, hit.operation.failed
    assert failed is not None
    if not stack.events:  # CreateStack can fail before moto's first event
        stack._add_stack_event("CREATE_IN_PROGRESS", resource_status_reason="User Initiated")
    for resource in touched:
        resource_done(stack, resource)
    resource_failed(stack, failed, failed.action, hit.fault.reason)
    reason = failed_to(failed.action, failed.logical_id)

    if on == "delete":
        keep_existing(stack.resource_map)
        backend.stacks[stack.stack_id] = stack  # moto took it out before deleting
        stack._add_stack_event("DELETE_FAILED", resource_status_reason=reason)
        stack.status = "DELETE_FAILED"
        return

    previous = before_update(stack) if on == "update" else None
    previous_resources = previous.resource_template.get("Resources") if previous else {}
    keep_existing(stack.resource_map, previous_resources)
    if on == "create":
        stack.output_map = OutputMap(stack.resource_map, {"Outputs": {}}, stack.stack_id)
        for name, export in list(backend.exports.items()):
            if export.exporting_stack_id == stack.stack_id:
                del backend.exports[name]
    failed_operation = FailedOperation(
        on, previous, touched, failed, hit.fault.reason, hit.fault.rollback == "fails"
    )
    if _disable_rollback.get():
        leave_unfinished(stack, failed_operation)
        stack._add_stack_event(f"{on.upper()}_FAILED", resource_status_reason=reason)
        stack.status = f"{on.upper()}_FAILED"
    elif on == "create":
        roll_back(backend, stack, failed_operation, reason + "Rollback requested by user.")
    else:
        roll_back(backend, stack, failed_operation, reason)


def _execute_change_set(
    original: Callable[..., None],
    backend: CloudFormationBackend,
    change_set_name: str,
    stack_name: str | None = None,
) -> None:
    change_set = find_change_set(backend, change_set_name, stack_name)
    stack = backend.stacks[change_set.stack_id]
    if change_set.change_set_type == "CREATE":
        on, changed = "create", list(change_set.template_dict.get("Resources") or {})
    else:
        remember_before_update(stack)
        on = "update"
        changed = [c.logical_resource_id for c in change_set.changes if c.action != "Remove"]
    _, hit = _run(
        stack.name,
        stack.stack_id,
        on,
        changed,
        lambda: original(backend, change_set_name, stack_name),
    )
    if hit is not None:
        change_set.execution_status = "EXECUTE_FAILED"
        # The stack shows the template it failed with until a rollback restores the previous one.
        stack.template = change_set.template
        stack._parse_template()
        stack.description = stack.template_dict.get("Description")
        _fail(backend, stack, hit)


def _parse(template: Any) -> dict[str, Any] | None:
    if not isinstance(template, str):
        return None
    try:
        parsed = Stack.parse_template(template)
    except (ValueError, yaml.YAMLError):
        return None  # moto reports the broken template
    return parsed if isinstance(parsed, dict) else None


def _create_stack(
    original: Callable[..., Stack], backend: CloudFormationBackend, *args: Any, **kwargs: Any
) -> Stack:
    arguments = inspect.signature(original).bind(backend, *args, **kwargs).arguments
    name = arguments["name"]
    changed = list((_parse(arguments["template"]) or {}).get("Resources") or {})
    stack, hit = _run(name, None, "create", changed, lambda: original(backend, *args, **kwargs))
    if hit is None:
        return stack
    stack = [s for s in backend.stacks.values() if s.name == name][-1]
    _fail(backend, stack, hit)
    return stack


def _update_stack(
    original: Callable[..., Stack],
    backend: CloudFormationBackend,
    name: str,
    template: str,
    role_arn: str | None,
    parameters: list[dict[str, Any]],
    tags: dict[str, str] | None,
) -> Stack:
    stack = backend.get_stack(name)
    remember_before_update(stack)
    changed: list[str] = []
    parsed = _parse(template)
    if parsed is not None:
        resolved = backend._resolve_update_parameters(instance=stack, incoming_params=parameters)
        diff = stack.resource_map.build_resource_diff(parsed, resolved)
        changed = diff["Add"] + diff["Modify"]
    result, hit = _run(
        stack.name,
        stack.stack_id,
        "update",
        changed,
        lambda: original(backend, name, template, role_arn, parameters, tags),
    )
    if hit is None:
        return result
    _fail(backend, stack, hit)
    return stack


def _deletable(stack: Stack) -> list[str]:
    resource_map = stack.resource_map
    return [
        name
        for name, resource_json in resource_map._resource_json_map.items()
        if resource_json.get("DeletionPolicy") != "Retain"
        and not isinstance(resource_map._parsed_resources.get(name, ""), str)
    ]


def _delete_stack(
    original: Callable[..., None], backend: CloudFormationBackend, name_or_stack_id: str
) -> None:
    stack = backend.stacks.get(name_or_stack_id) or next(
        (s for s in backend.stacks.values() if s.name == name_or_stack_id), None
    )
    if stack is None:
        return original(backend, name_or_stack_id)
    _, hit = _run(
        stack.name,
        stack.stack_id,
        "delete",
        _deletable(stack),
        lambda: original(backend, name_or_stack_id),
    )
    if hit is not None:
        _fail(backend, stack, hit)


def _has_template(original: Callable[..., bool], stack: Stack, template: str) -> bool:
    # A stack left failed differs from every template: deploying the same one again is a change.
    return stack.status not in ("CREATE_FAILED", "UPDATE_FAILED") and original(stack, template)


def install() -> None:
    for action in ("execute_change_set", "create_stack", "update_stack"):
        wrap(CloudFormationResponse, action, _with_request_flags)
    wrap(CloudFormationBackend, "execute_change_set", _execute_change_set)
    wrap(CloudFormationBackend, "create_stack", _create_stack)
    wrap(CloudFormationBackend, "update_stack", _update_stack)
    wrap(CloudFormationBackend, "delete_stack", _delete_stack)
    wrap(Stack, "has_template", _has_template)
