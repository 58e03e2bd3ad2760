"""Which resources an UPDATE changes, closer to CloudFormation.

- moto's parse_resource adds "Properties": {} to the template's own resource JSON, so the stored
  template no longer equals the next one: every Properties-less resource (a CDK Queue, Topic...)
  showed up as Modify, and was updated, on each UPDATE change set.
- A changed parameter modifies the resources that use it, through Fn::Sub as well as Ref, and
  the change set lists them (moto's change-set diff ignored parameters).
"""

import re
from typing import Any, Callable

from moto.cloudformation import parsing
from moto.cloudformation.models import Change, ChangeSet

from .wrap import wrap

_SUB_VARIABLE = re.compile(r"\$\{(?!!)([^}.]+)\}")


def _parse_resource(
    original: Callable[..., Any], resource_json: dict[str, Any], resources_map: Any
) -> Any:
    return original({"Properties": {}, **resource_json}, resources_map)


def _references(original: Callable[[Any], list[str]], template: Any) -> list[str]:
    references = original(template)
    if isinstance(template, dict) and "Fn::Sub" in template:
        sub = template["Fn::Sub"]
        text = sub[0] if isinstance(sub, list) and sub else sub
        if isinstance(text, str):
            references.extend(_SUB_VARIABLE.findall(text))
    return references


def _change_set_diff(
    original: Callable[[ChangeSet], list[Change]], change_set: ChangeSet
) -> list[Change]:
    resource_map = change_set.stack.resource_map
    old = resource_map._resource_json_map
    new = change_set.template_dict["Resources"]
    names_by_action = resource_map.build_resource_diff(
        change_set.template_dict, change_set.parameters
    )
    return [
        Change(action, name, (old if action == "Remove" else new)[name]["Type"])
        for action, names in names_by_action.items()
        for name in names
    ]


def install() -> None:
    wrap(parsing, "parse_resource", _parse_resource)
    wrap(parsing, "get_references_from_template", _references)
    wrap(ChangeSet, "diff", _change_set_diff)
