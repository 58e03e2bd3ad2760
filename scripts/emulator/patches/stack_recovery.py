"""RollbackStack, ContinueUpdateRollback and CancelUpdateStack, which moto leaves unimplemented.

- RollbackStack: CREATE_FAILED -> ROLLBACK_COMPLETE (resources deleted), UPDATE_FAILED ->
  UPDATE_ROLLBACK_COMPLETE (previous template, parameters, outputs and resources back).
- ContinueUpdateRollback: UPDATE_ROLLBACK_FAILED -> UPDATE_ROLLBACK_COMPLETE, the same way.
- CancelUpdateStack: a stack still showing UPDATE_IN_PROGRESS (see stack_delay) drops the
  update's events not yet due and rolls back to its state before the update.
From any other status they answer CloudFormation's ValidationError.
"""

from moto.cloudformation.exceptions import ValidationError
from moto.cloudformation.models import CloudFormationBackend, Stack
from moto.cloudformation.responses import CloudFormationResponse
from moto.core.responses import ActionResult, EmptyResult

from .stack_delay import discard_pending
from .stack_rollback import FailedOperation, before_update, roll_back, unfinished


def _refuse(action: str) -> ValidationError:
    return ValidationError(message=f"{action} cannot be called from current stack status.")


def rollback_stack(backend: CloudFormationBackend, stack_name: str) -> Stack:
    stack = backend.get_stack(stack_name)
    operation = unfinished(stack)
    if stack.status not in ("CREATE_FAILED", "UPDATE_FAILED") or operation is None:
        raise _refuse("RollbackStack")
    roll_back(backend, stack, operation, "User Initiated")
    return stack


def continue_update_rollback(backend: CloudFormationBackend, stack_name: str) -> None:
    stack = backend.get_stack(stack_name)
    operation = unfinished(stack)
    if stack.status != "UPDATE_ROLLBACK_FAILED" or operation is None:
        raise _refuse("ContinueUpdateRollback")
    roll_back(backend, stack, operation, "User Initiated")


def cancel_update_stack(backend: CloudFormationBackend, stack_name: str) -> None:
    stack = backend.get_stack(stack_name)
    previous = before_update(stack)
    if stack.status != "UPDATE_IN_PROGRESS" or previous is None:
        raise _refuse("CancelUpdateStack")
    discard_pending(stack)
    cancelled = FailedOperation("update", previous, [], None, "", rollback_fails=False)
    roll_back(backend, stack, cancelled, "Stack update cancelled")


def _rollback_stack_request(response: CloudFormationResponse) -> ActionResult:
    stack = response.cloudformation_backend.rollback_stack(response._get_param("StackName"))
    return ActionResult({"StackId": stack.stack_id})


def _continue_update_rollback_request(response: CloudFormationResponse) -> EmptyResult:
    response.cloudformation_backend.continue_update_rollback(response._get_param("StackName"))
    return EmptyResult()


def _cancel_update_stack_request(response: CloudFormationResponse) -> EmptyResult:
    response.cloudformation_backend.cancel_update_stack(response._get_param("StackName"))
    return EmptyResult()


def install() -> None:
    backend_class: type = CloudFormationBackend
    backend_class.rollback_stack = rollback_stack
    backend_class.continue_update_rollback = continue_update_rollback
    backend_class.cancel_update_stack = cancel_update_stack
    response_class: type = CloudFormationResponse
    response_class.rollback_stack = _rollback_stack_request
    response_class.continue_update_rollback = _continue_update_rollback_request
    response_class.cancel_update_stack = _cancel_update_stack_request
