"""CreateChangeSet as AWS handles it, where moto differs.

- An omitted ChangeSetType means UPDATE (moto: CREATE, which adds a second stack of that name).
- CREATE for a name that already has a stack is refused, except a stack still in
  REVIEW_IN_PROGRESS, which gets the new change set beside the ones it has (same stack id), so
  that two runs creating one stack share it as on AWS and the first to execute wins.
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


def _add_to_review_stack(
    original: Callable[..., Any], backend: CloudFormationBackend, review: Any, kwargs: Any
) -> Any:
    change_set_id, made_stack_id = original(backend, **kwargs)
    del backend.stacks[made_stack_id]
    change_set = backend.change_sets[change_set_id]
    change_set.stack = review
    change_set.stack_id = review.stack_id
    return change_set_id, review.stack_id


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
        if existing:
            return _add_to_review_stack(original, backend, existing[-1], kwargs)
    return original(backend, **kwargs)


def install() -> None:
    wrap(CloudFormationResponse, "create_change_set", _create_change_set_request)
    wrap(CloudFormationBackend, "create_change_set", _create_change_set)
