"""CreateChangeSet as AWS handles it, where moto differs.

- An omitted ChangeSetType means UPDATE (moto: CREATE, which adds a second stack of that name).
- CREATE for a name that already has a stack is refused, except a stack still in
  REVIEW_IN_PROGRESS, which is replaced (AWS reuses it; here it gets a new stack id).
- An UPDATE that changes nothing gives a FAILED change set, never moto's UpdateStack error
  "No updates are to be performed."
"""

from typing import Any, Callable

from moto.cloudformation.exceptions import ValidationError
from moto.cloudformation.models import CloudFormationBackend
from moto.cloudformation.responses import CloudFormationResponse

from .wrap import wrap


def _create_change_set_request(
    original: Callable[[CloudFormationResponse], Any], response: CloudFormationResponse
) -> Any:
    response.params.setdefault("ChangeSetType", "UPDATE")
    response._validate_different_update = lambda *args: None  # type: ignore[method-assign]
    return original(response)


def _create_change_set(
    original: Callable[..., Any], backend: CloudFormationBackend, **kwargs: Any
) -> Any:
    if kwargs["change_set_type"] == "CREATE":
        stack_name = kwargs["stack_name"]
        existing = [stack for stack in backend.stacks.values() if stack.name == stack_name]
        if any(stack.status != "REVIEW_IN_PROGRESS" for stack in existing):
            raise ValidationError(
                stack_name,
                message=f"Stack [{stack_name}] already exists and cannot be created again "
                f"with the changeSet [{kwargs['change_set_name']}].",
            )
        for stack in existing:
            del backend.stacks[stack.stack_id]
            for change_set_id in [
                i for i, cs in backend.change_sets.items() if cs.stack_id == stack.stack_id
            ]:
                del backend.change_sets[change_set_id]
    return original(backend, **kwargs)


def install() -> None:
    wrap(CloudFormationResponse, "create_change_set", _create_change_set_request)
    wrap(CloudFormationBackend, "create_change_set", _create_change_set)
