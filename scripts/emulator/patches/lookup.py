"""Change-set lookup that honours the stack, unlike moto's name lookup."""

from moto.cloudformation.exceptions import CloudFormationError
from moto.cloudformation.models import ChangeSet, CloudFormationBackend


class ChangeSetNotFound(CloudFormationError):
    code = "ChangeSetNotFound"

    def __init__(self, name: str):
        super().__init__(f"ChangeSet [{name}] does not exist")


def find_change_set(
    backend: CloudFormationBackend, name_or_arn: str, stack_name: str | None
) -> ChangeSet:
    if name_or_arn in backend.change_sets:
        return backend.change_sets[name_or_arn]
    matches = [
        change_set
        for change_set in backend.change_sets.values()
        if change_set.change_set_name == name_or_arn
        and (stack_name is None or stack_name in (change_set.stack_name, change_set.stack_id))
    ]
    if not matches:
        raise ChangeSetNotFound(name_or_arn)
    return matches[-1]
