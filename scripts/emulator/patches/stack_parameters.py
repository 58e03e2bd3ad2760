"""Keep a stack's parameter values as given, not as resolved from SSM.

moto stores `AWS::SSM::Parameter::Value<...>` parameters by their resolved value. DescribeStacks
then shows "30" instead of the parameter name (AWS: ParameterValue is the name, ResolvedValue the
value), and UsePreviousValue (which `cdk deploy` sends for every existing parameter) passes "30"
back as an SSM name, so the execution fails with a 500. moto also calls a change set a change
whenever the request's parameter list differs from the last one, even if every value is the same.
"""

from typing import Any

from moto.cloudformation.models import Stack

SSM_TYPE_PREFIX = "AWS::SSM::Parameter::Value<"


def _declarations(stack: Stack) -> dict[str, Any]:
    # The resource map's template, unlike stack.template_dict, follows every update path.
    return stack.resource_map._template.get("Parameters") or {}


def _given_values(stack: Stack) -> dict[str, Any]:
    declarations = _declarations(stack)
    given = stack.resource_map.input_parameters
    return {
        key: given[key] if key in given else declarations.get(key, {}).get("Default")
        for key in stack.resource_map.resolved_parameters
    }


def _parameter_list(stack: Stack) -> list[dict[str, Any]]:
    declarations = _declarations(stack)
    no_echo = set(stack.resource_map.no_echo_parameter_keys)
    entries = []
    for key, value in _given_values(stack).items():
        entry = {"ParameterKey": key, "ParameterValue": "****" if key in no_echo else value}
        if declarations.get(key, {}).get("Type", "").startswith(SSM_TYPE_PREFIX):
            entry["ResolvedValue"] = stack.resource_map.resolved_parameters[key]
        entries.append(entry)
    return entries


def _has_parameters(stack: Stack, requested: dict[str, Any]) -> bool:
    # Only called for an unchanged template, so the stack's declarations apply.
    current = _given_values(stack)
    declarations = _declarations(stack)
    wanted = {
        key: requested[key] if key in requested else declarations[key].get("Default", value)
        for key, value in current.items()
    }
    return wanted == current


def install() -> None:
    Stack.stack_parameters = property(_given_values)  # type: ignore[assignment,method-assign]
    Stack.parameter_list = property(_parameter_list)  # type: ignore[assignment,method-assign]
    Stack.has_parameters = _has_parameters  # type: ignore[method-assign]
