"""Give stacks deployed through change sets the Outputs and Exports that CreateStack gives.

moto's ExecuteChangeSet applies the resources but leaves the stack with the output map built
from its empty REVIEW_IN_PROGRESS template, never registers exports, and resolves
Fn::ImportValue against a private, empty export table.
"""

from collections.abc import Callable
from typing import Any

from moto.cloudformation.exceptions import ValidationError
from moto.cloudformation.models import CloudFormationBackend, Stack

from .lookup import find_change_set
from .wrap import wrap


def share_exports(backend: CloudFormationBackend, stack: Stack) -> None:
    stack.cross_stack_resources = backend.exports
    stack.resource_map.cross_stack_resources = backend.exports


def replace_exports(backend: CloudFormationBackend, stack: Stack) -> None:
    exports = stack.exports
    taken = {
        export.name
        for export in backend.exports.values()
        if export.exporting_stack_id != stack.stack_id
    }
    clashes = sorted(taken.intersection(export.name for export in exports))
    if clashes:
        raise ValidationError(
            stack.stack_id,
            message=f"Export with name {clashes[0]} is already exported by another stack",
        )
    for name in [n for n, e in backend.exports.items() if e.exporting_stack_id == stack.stack_id]:
        del backend.exports[name]
    for export in exports:
        backend.exports[export.name] = export


def _execute_change_set(
    original: Callable[..., None],
    backend: CloudFormationBackend,
    change_set_name: str,
    stack_name: str | None = None,
) -> None:
    change_set = find_change_set(backend, change_set_name, stack_name)
    stack = backend.stacks[change_set.stack_id]
    share_exports(backend, stack)
    original(backend, change_set.change_set_id, stack_name)

    stack._parse_template()
    stack.description = stack.template_dict.get("Description")
    stack.parameters = dict(stack.resource_map.input_parameters)
    if change_set.tags:
        stack.tags = change_set.tags
    stack.output_map = stack._create_output_map()
    replace_exports(backend, stack)


def _update_stack(
    original: Callable[..., Stack], backend: CloudFormationBackend, *args: Any, **kwargs: Any
) -> Stack:
    stack = original(backend, *args, **kwargs)
    replace_exports(backend, stack)
    return stack


def install() -> None:
    wrap(CloudFormationBackend, "execute_change_set", _execute_change_set)
    # UpdateStack rebuilds the outputs but leaves the export table stale.
    wrap(CloudFormationBackend, "update_stack", _update_stack)
