"""Describe/Delete/ListChangeSets scoped to the request's StackName (moto ignores it).

A change set named without its stack resolved to any stack's change set of that name, and
DeleteChangeSet of a missing name was an HTML 500.
"""

from typing import Any, Callable

from moto.cloudformation.responses import CloudFormationResponse
from moto.core.responses import ActionResult, EmptyResult

from .lookup import ChangeSetNotFound, find_change_set
from .wrap import wrap


def _by_arn(
    original: Callable[[CloudFormationResponse], Any], response: CloudFormationResponse
) -> Any:
    change_set = find_change_set(
        response.cloudformation_backend,
        response._get_param("ChangeSetName"),
        response._get_param("StackName"),
    )
    response.params["ChangeSetName"] = change_set.change_set_id
    return original(response)


def _delete_change_set(
    original: Callable[[CloudFormationResponse], Any], response: CloudFormationResponse
) -> Any:
    try:
        return _by_arn(original, response)
    except ChangeSetNotFound:
        # AWS succeeds when the stack exists, which `cdk deploy` relies on before each update.
        stack_name = response._get_param("StackName")
        if stack_name is None:
            raise
        response.cloudformation_backend.get_stack(stack_name)
        return EmptyResult()


def _list_change_sets(
    original: Callable[[CloudFormationResponse], Any], response: CloudFormationResponse
) -> Any:
    stack_name = response._get_param("StackName")
    change_sets = [
        change_set
        for change_set in response.cloudformation_backend.list_change_sets()
        if stack_name is None or stack_name in (change_set.stack_name, change_set.stack_id)
    ]
    return ActionResult({"Summaries": change_sets})


def install() -> None:
    wrap(CloudFormationResponse, "describe_change_set", _by_arn)
    wrap(CloudFormationResponse, "delete_change_set", _delete_change_set)
    wrap(CloudFormationResponse, "list_change_sets", _list_change_sets)
