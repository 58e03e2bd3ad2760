"""Drift detection, which moto lacks, over drift the tests register, and drift-reverting change sets.

- POST /_emulator/drift registers a drifted resource: {"stack": "Alpha", "logicalId": "Queue",
  "status": "MODIFIED" | "DELETED", "differences": [{"path": "/VisibilityTimeout",
  "expected": "30", "actual": "60"}]}; GET lists them, DELETE clears them (as does a reset).
- DetectStackDrift answers a detection id; DescribeStackDriftDetectionStatus says
  DETECTION_COMPLETE at once, DRIFTED when the stack has registered drift, else IN_SYNC;
  DescribeStackResourceDrifts lists the registered drift (StackResourceDriftStatusFilters
  honoured).
- A change set created with DeploymentMode REVERT_DRIFT for a stack with registered drift gets a
  Modify change per drifted resource (so it is not "no changes"); executing it clears the drift.
"""

import uuid
from collections.abc import Callable
from typing import Any

from moto.cloudformation.exceptions import ValidationError
from moto.cloudformation.models import Change, CloudFormationBackend
from moto.cloudformation.responses import CloudFormationResponse
from moto.core.responses import ActionResult
from moto.core.utils import utcnow

from . import control_api, reset_hooks
from .lookup import find_change_set
from .rollback_triggers import change_set_options
from .wrap import wrap

_drifts: list[dict[str, Any]] = []
_detections: dict[str, str] = {}  # detection id -> stack id


def _reset() -> None:
    _drifts.clear()
    _detections.clear()


def _stack_of(backend: CloudFormationBackend, name_or_id: str) -> Any:
    return backend.get_stack(name_or_id)


def _drifts_of(stack: Any) -> list[dict[str, Any]]:
    return [d for d in _drifts if d["stack"] in (stack.name, stack.stack_id)]


def _register(body: Any) -> tuple[int, Any]:
    if not isinstance(body, dict) or not body.get("stack") or not body.get("logicalId"):
        raise control_api.RequestError(400, 'a drift is {"stack": ..., "logicalId": ...}')
    drift = {
        "stack": body["stack"],
        "logicalId": body["logicalId"],
        "status": body.get("status", "MODIFIED"),
        "differences": body.get("differences", []),
    }
    _drifts.append(drift)
    return 201, {"drift": drift}


def _detect(response: CloudFormationResponse) -> ActionResult:
    stack = _stack_of(response.cloudformation_backend, response._get_param("StackName"))
    detection = str(uuid.uuid4())
    _detections[detection] = stack.stack_id
    return ActionResult({"StackDriftDetectionId": detection})


def _status(response: CloudFormationResponse) -> ActionResult:
    detection = response._get_param("StackDriftDetectionId")
    stack_id = _detections.get(detection)
    if stack_id is None:
        raise ValidationError(message=f"No drift detection with id {detection}")
    stack = _stack_of(response.cloudformation_backend, stack_id)
    drifted = _drifts_of(stack)
    return ActionResult(
        {
            "StackId": stack.stack_id,
            "StackDriftDetectionId": detection,
            "StackDriftStatus": "DRIFTED" if drifted else "IN_SYNC",
            "DetectionStatus": "DETECTION_COMPLETE",
            "DriftedStackResourceCount": len(drifted),
            "Timestamp": utcnow(),
        }
    )


def _resource(stack: Any, drift: dict[str, Any]) -> dict[str, Any]:
    parsed = stack.resource_map._parsed_resources.get(drift["logicalId"])
    resource_type = (stack.template_dict.get("Resources") or {}).get(drift["logicalId"], {})
    return {
        "StackId": stack.stack_id,
        "LogicalResourceId": drift["logicalId"],
        "PhysicalResourceId": getattr(parsed, "physical_resource_id", None) or drift["logicalId"],
        "ResourceType": resource_type.get("Type", "AWS::CloudFormation::CustomResource"),
        "StackResourceDriftStatus": drift["status"],
        "PropertyDifferences": [
            {
                "PropertyPath": d.get("path", ""),
                "ExpectedValue": d.get("expected", ""),
                "ActualValue": d.get("actual", ""),
                "DifferenceType": "NOT_EQUAL",
            }
            for d in drift["differences"]
        ],
        "Timestamp": utcnow(),
    }


def _resource_drifts(response: CloudFormationResponse) -> ActionResult:
    stack = _stack_of(response.cloudformation_backend, response._get_param("StackName"))
    wanted = response._get_params().get("StackResourceDriftStatusFilters") or []
    drifts = [d for d in _drifts_of(stack) if not wanted or d["status"] in wanted]
    return ActionResult({"StackResourceDrifts": [_resource(stack, d) for d in drifts]})


def _create_change_set(
    original: Callable[..., tuple[str, str]], backend: CloudFormationBackend, **kwargs: Any
) -> tuple[str, str]:
    change_set_id, stack_id = original(backend, **kwargs)
    options = change_set_options(change_set_id)
    change_set = backend.change_sets[change_set_id]
    stack = backend.stacks.get(stack_id)
    drifted = _drifts_of(stack) if stack is not None else []
    if options.get("deploymentMode") == "REVERT_DRIFT" and drifted:
        # By __dict__: while a change-set delay runs, the properties show it as computing.
        if change_set.__dict__.get("status") == "FAILED":
            change_set.status = "CREATE_COMPLETE"
            change_set.execution_status = "AVAILABLE"
            change_set.status_reason = None
        resources = stack.template_dict.get("Resources") or {}
        changes = change_set.__dict__.setdefault("changes", [])
        known = {c.logical_resource_id for c in changes}
        for drift in drifted:
            if drift["logicalId"] not in known:
                resource_type = resources.get(drift["logicalId"], {}).get("Type", "")
                changes.append(Change("Modify", drift["logicalId"], resource_type))
    return change_set_id, stack_id


def _execute_change_set(
    original: Callable[..., None],
    backend: CloudFormationBackend,
    change_set_name: str,
    stack_name: str | None = None,
) -> None:
    change_set = find_change_set(backend, change_set_name, stack_name)
    reverts = change_set_options(change_set.change_set_id).get("deploymentMode") == "REVERT_DRIFT"
    stack = backend.stacks.get(change_set.stack_id)
    original(backend, change_set_name, stack_name)
    if reverts and stack is not None:
        for drift in _drifts_of(stack):
            _drifts.remove(drift)


def install() -> None:
    reset_hooks.after_reset(_reset)
    response_class: type = CloudFormationResponse
    response_class.detect_stack_drift = _detect
    response_class.describe_stack_drift_detection_status = _status
    response_class.describe_stack_resource_drifts = _resource_drifts
    wrap(CloudFormationBackend, "create_change_set", _create_change_set)
    wrap(CloudFormationBackend, "execute_change_set", _execute_change_set)
    control_api.add_route(
        "/_emulator/drift",
        {
            "GET": lambda environ: (200, {"drifts": list(_drifts)}),
            "POST": lambda environ: _register(control_api.body(environ)),
            "DELETE": lambda environ: (200, {"drifts": _reset() or []}),
        },
    )
