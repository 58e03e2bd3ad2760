"""ValidateTemplate that checks what CloudFormation's does: syntax and structure.

moto runs cfn-lint and rejects a template on its first match of any kind, warnings included
(a CDK Lambda's DependsOn on its role is W3005), and phrases it "Stack with id <message> does
not exist". AWS's ValidateTemplate does not check resource property values (nor, among
cfn-lint's errors, runtime deprecation dates), so only structural errors reject here.
"""

import threading
from collections.abc import Callable
from typing import Any

from moto.cloudformation.exceptions import ValidationError
from moto.cloudformation.models import CloudFormationBackend
from moto.cloudformation.utils import validate_template_cfn_lint

from .wrap import wrap

# Template syntax and sections, intrinsic functions, parameters, outputs, mappings, conditions;
# of the resource rules: unknown types, circular dependencies, DependsOn targets.
_STRUCTURAL = ("E0", "E1", "E2", "E6", "E7", "E8", "E3001", "E3004", "E3005", "E3006")
_NOT_STRUCTURAL = ("E25",)


def _is_structural(rule_id: str) -> bool:
    return rule_id.startswith(_STRUCTURAL) and not rule_id.startswith(_NOT_STRUCTURAL)


def _validate_template(
    original: Callable[..., list[Any]], backend: CloudFormationBackend, template: str
) -> list[Any]:
    errors = [match for match in original(backend, template) if _is_structural(match.rule.id)]
    if errors:
        raise ValidationError(message=f"Template format error: {errors[0].message}")
    return []


def warm_up() -> None:
    """Load cfn-lint (about 3 s) in the background, before the first ValidateTemplate needs it."""
    threading.Thread(
        target=validate_template_cfn_lint, args=('{"Resources": {}}',), daemon=True
    ).start()


def install() -> None:
    wrap(CloudFormationBackend, "validate_template", _validate_template)
