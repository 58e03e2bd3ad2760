"""Make one resource of an armed stack operation fail, and record what the operation touched.

Only while `armed()` is active (one request, one stack): creating, updating or deleting the
target resource raises InjectedFault; the resources handled before it are recorded, in order, so
their events can be written and their changes rolled back. An armed update also leaves removed
resources in place: CloudFormation deletes them only once the update has succeeded.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from moto.cloudformation import parsing
from moto.cloudformation.parsing import ResourceMap

from .wrap import wrap


class InjectedFault(Exception):
    pass


@dataclass(frozen=True)
class Touched:
    logical_id: str
    resource_type: str
    physical_id: str
    action: str  # "create" | "update" | "delete"


@dataclass
class ArmedOperation:
    stack_name: str
    on: str
    target: str
    touched: list[Touched] = field(default_factory=list)
    failed: Touched | None = None


_armed: ContextVar[ArmedOperation | None] = ContextVar("armed_operation", default=None)


@contextmanager
def armed(stack_name: str, on: str, target: str) -> Iterator[ArmedOperation]:
    operation = ArmedOperation(stack_name, on, target)
    token = _armed.set(operation)
    try:
        yield operation
    finally:
        _armed.reset(token)


def is_armed() -> bool:
    return _armed.get() is not None


def _operation_for(resource_map: ResourceMap, *actions: str) -> ArmedOperation | None:
    operation = _armed.get()
    if operation is None or operation.on not in actions:
        return None
    if resource_map._parsed_resources.get("AWS::StackName") != operation.stack_name:
        return None  # a nested stack's resources
    return operation


def _physical_id(resource: Any) -> str:
    return str(getattr(resource, "physical_resource_id", None) or "")


def _handle(
    operation: ArmedOperation | None,
    touched: Touched,
    apply: Callable[[], Any],
) -> Any:
    if operation is None:
        return apply()
    if touched.logical_id == operation.target:
        operation.failed = touched
        raise InjectedFault(touched.logical_id)
    resource = apply()
    if resource is not None:
        physical_id = _physical_id(resource) if touched.action != "delete" else touched.physical_id
        operation.touched.append(
            Touched(touched.logical_id, touched.resource_type, physical_id, touched.action)
        )
    return resource


def _create(original: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    logical_id, resource_json, resource_map = args[:3]
    operation = _operation_for(resource_map, "create", "update")
    touched = Touched(logical_id, resource_json["Type"], "", "create")
    return _handle(operation, touched, lambda: original(*args, **kwargs))


def _update(original: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    logical_id, resource_json, resource_map = args[:3]
    operation = _operation_for(resource_map, "update")
    current = resource_map._parsed_resources.get(logical_id)
    touched = Touched(logical_id, resource_json["Type"], _physical_id(current), "update")
    return _handle(operation, touched, lambda: original(*args, **kwargs))


def _delete(
    original: Callable[..., None],
    resource_map: ResourceMap,
    resource: Any,
    resource_json: dict[str, Any],
) -> None:
    operation = _operation_for(resource_map, "delete")
    touched = Touched(
        resource.logical_resource_id, resource_json["Type"], _physical_id(resource), "delete"
    )

    def apply() -> bool:
        original(resource_map, resource, resource_json)
        return True

    _handle(operation, touched, apply)


def _resource_diff(
    original: Callable[..., dict[str, Any]], resource_map: ResourceMap, *args: Any, **kwargs: Any
) -> dict[str, Any]:
    diff = original(resource_map, *args, **kwargs)
    if _operation_for(resource_map, "update") is not None:
        diff = {**diff, "Remove": []}
    return diff


def install() -> None:
    wrap(parsing, "parse_and_create_resource", _create)
    wrap(parsing, "parse_and_update_resource", _update)
    wrap(ResourceMap, "_delete_resource", _delete)
    wrap(ResourceMap, "build_resource_diff", _resource_diff)
