"""Rolling a stack back: to its state before an update, or to no resources after a failed create.

Used by the rollback that follows an injected fault and by RollbackStack, ContinueUpdateRollback
and CancelUpdateStack. A stack left in CREATE_FAILED, UPDATE_FAILED or UPDATE_ROLLBACK_FAILED
keeps the failed operation here until a later call rolls it back.
"""

import copy
import warnings
from dataclasses import dataclass
from typing import Any
from weakref import WeakKeyDictionary

from moto.cloudformation.models import CloudFormationBackend, Stack
from moto.cloudformation.parsing import ResourceMap

from .change_set_outputs import replace_exports
from .fault_events import failed_to, resource_done, resource_failed
from .resource_faults import Touched


@dataclass(frozen=True)
class Snapshot:
    template: Any
    resource_template: dict[str, Any]
    parameters: dict[str, Any]
    input_parameters: dict[str, Any]
    resolved_parameters: dict[str, Any]
    no_echo_parameter_keys: list[str]
    tags: dict[str, str]
    description: str | None


@dataclass
class FailedOperation:
    on: str  # "create" | "update"
    previous: Snapshot | None  # None for a create
    touched: list[Touched]
    failed: Touched | None  # None for a cancelled update
    reason: str
    rollback_fails: bool


_before_update: "WeakKeyDictionary[Stack, Snapshot]" = WeakKeyDictionary()
_unfinished: "WeakKeyDictionary[Stack, FailedOperation]" = WeakKeyDictionary()


def remember_before_update(stack: Stack) -> Snapshot:
    resource_map = stack.resource_map
    snapshot = Snapshot(
        template=stack.template,
        resource_template=copy.deepcopy(resource_map._template),
        parameters=dict(stack.parameters),
        input_parameters=dict(resource_map.input_parameters),
        resolved_parameters=dict(resource_map.resolved_parameters),
        no_echo_parameter_keys=list(getattr(resource_map, "no_echo_parameter_keys", [])),
        tags=dict(stack.tags),
        description=stack.description,
    )
    _before_update[stack] = snapshot
    return snapshot


def before_update(stack: Stack) -> Snapshot | None:
    return _before_update.get(stack)


def leave_unfinished(stack: Stack, operation: FailedOperation) -> None:
    _unfinished[stack] = operation


def unfinished(stack: Stack) -> FailedOperation | None:
    return _unfinished.get(stack)


def keep_existing(resource_map: ResourceMap, previous: dict[str, Any] | None = None) -> None:
    """Limit the resource map to resources that exist, so nothing gets created by reading it."""
    parsed = resource_map._parsed_resources
    current = {k: v for k, v in resource_map._resource_json_map.items() if k in parsed}
    kept = {k: v for k, v in (previous or {}).items() if k in parsed and k not in current}
    resource_map._resource_json_map = {**current, **kept}


def restore(backend: CloudFormationBackend, stack: Stack, snapshot: Snapshot) -> None:
    resource_map = stack.resource_map
    declared = snapshot.resource_template.get("Parameters") or {}
    # Every declared value, defaults included: moto's update ignores an empty parameter map.
    given = {
        key: snapshot.input_parameters.get(key, spec.get("Default"))
        for key, spec in declared.items()
    }
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "Unable to delete X, as it was never created"
        resource_map.update(
            copy.deepcopy(snapshot.resource_template),
            {key: value for key, value in given.items() if value is not None},
        )
    resource_map.input_parameters = dict(snapshot.input_parameters)
    resource_map.resolved_parameters = dict(snapshot.resolved_parameters)
    resource_map.no_echo_parameter_keys = list(snapshot.no_echo_parameter_keys)
    stack.template = snapshot.template
    stack._parse_template()
    stack.parameters = dict(snapshot.parameters)
    stack.tags = dict(snapshot.tags)
    stack.description = snapshot.description
    stack.output_map = stack._create_output_map()
    replace_exports(backend, stack)


def _finish(stack: Stack, status: str, reason: str | None = None) -> None:
    stack._add_stack_event(status, resource_status_reason=reason)
    stack.status = status


def roll_back(
    backend: CloudFormationBackend, stack: Stack, operation: FailedOperation, reason: str
) -> None:
    """From the *_IN_PROGRESS event of the rollback to its final status."""
    if operation.on == "create":
        _roll_back_create(stack, operation, reason)
    else:
        _roll_back_update(backend, stack, operation, reason)


def _roll_back_create(stack: Stack, operation: FailedOperation, reason: str) -> None:
    _unfinished.pop(stack, None)
    stack._add_stack_event("ROLLBACK_IN_PROGRESS", resource_status_reason=reason)
    stack.resource_map.delete()
    keep_existing(stack.resource_map)
    for resource in reversed(operation.touched):
        resource_done(stack, resource, "delete")
    if operation.rollback_fails and operation.failed is not None:
        resource_failed(stack, operation.failed, "delete", operation.reason)
        _finish(stack, "ROLLBACK_FAILED", failed_to("delete", operation.failed.logical_id))
    else:
        _finish(stack, "ROLLBACK_COMPLETE")


def _roll_back_update(
    backend: CloudFormationBackend, stack: Stack, operation: FailedOperation, reason: str
) -> None:
    stack._add_stack_event("UPDATE_ROLLBACK_IN_PROGRESS", resource_status_reason=reason)
    failed = operation.failed
    if operation.rollback_fails and failed is not None:
        # The next attempt (ContinueUpdateRollback) succeeds.
        operation.rollback_fails = False
        action = "update" if failed.action == "update" else "delete"
        resource_failed(stack, failed, action, operation.reason)
        _unfinished[stack] = operation
        _finish(stack, "UPDATE_ROLLBACK_FAILED", failed_to(action, failed.logical_id))
        return
    _unfinished.pop(stack, None)
    if operation.previous is not None:
        restore(backend, stack, operation.previous)
    attempted = operation.touched + ([failed] if failed else [])
    for resource in reversed([r for r in attempted if r.action == "update"]):
        resource_done(stack, resource)
    stack._add_stack_event("UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS")
    for resource in reversed([r for r in operation.touched if r.action == "create"]):
        resource_done(stack, resource, "delete")
    _finish(stack, "UPDATE_ROLLBACK_COMPLETE")
