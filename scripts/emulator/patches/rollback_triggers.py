"""CreateChangeSet's release-gate fields, and CloudFormation's monitoring window for rollback triggers.

moto ignores RollbackConfiguration, DeploymentConfig and DeploymentMode. Here:
- every CreateChangeSet's fields are recorded (GET /_emulator/requests lists them, oldest first),
  so tests can assert what CloudFormation was asked for;
- an UPDATE change set executed with MonitoringTimeInMinutes > 0 does its work at once (as every
  operation here), writes IN_PROGRESS/COMPLETE events for the resources it adds or modifies, then
  holds the stack in UPDATE_IN_PROGRESS for the window: the stack events that end the update
  (cleanup, UPDATE_COMPLETE) come due only when the window ends. A minute lasts
  `secondsPerMinute` seconds (60 by default; POST /_emulator/monitoring changes it until reset);
- while a stack is in its window, SetAlarmState to ALARM on one of its trigger alarms rolls the
  update back (UPDATE_ROLLBACK_IN_PROGRESS ... UPDATE_ROLLBACK_COMPLETE, previous template,
  parameters, outputs and resources), as CloudFormation does; CancelUpdateStack does too
  (stack_recovery). Triggers are not acted on during the operation itself, nor saved for later
  updates.
"""

import copy
from collections.abc import Callable
from contextvars import ContextVar
from datetime import timedelta
from typing import Any
from weakref import WeakKeyDictionary

from moto.cloudformation.models import CloudFormationBackend, Event, Stack
from moto.cloudformation.responses import CloudFormationResponse
from moto.cloudwatch.models import CloudWatchBackend
from moto.core.utils import utcnow

from . import control_api, reset_hooks
from .lookup import find_change_set
from .stack_delay import discard_pending, is_pending
from .stack_rollback import FailedOperation, before_update, roll_back
from .wrap import wrap

_DEFAULT_SECONDS_PER_MINUTE = 60.0
_seconds_per_minute = _DEFAULT_SECONDS_PER_MINUTE
_requests: list[dict[str, Any]] = []
_options: dict[str, dict[str, Any]] = {}  # by change set id
_pending_options: ContextVar[dict[str, Any] | None] = ContextVar("gate_options", default=None)
# Stacks in their monitoring window: the trigger alarm ARNs.
_monitored: "WeakKeyDictionary[Stack, list[str]]" = WeakKeyDictionary()
_backends: "WeakKeyDictionary[Stack, CloudFormationBackend]" = WeakKeyDictionary()


def _reset() -> None:
    global _seconds_per_minute
    _seconds_per_minute = _DEFAULT_SECONDS_PER_MINUTE
    _requests.clear()
    _options.clear()


def _create_change_set_request(
    original: Callable[[CloudFormationResponse], Any], response: CloudFormationResponse
) -> Any:
    params = response._get_params()
    # moto parses by its own service model, which predates DeploymentConfig: read it raw.
    raw = {k: v for k, v in response.querystring.items() if k.startswith("DeploymentConfig.")}
    deployment_config = {k.split(".", 1)[1]: v[0] for k, v in raw.items()} or None
    options = {
        "stackName": params.get("StackName"),
        "changeSetType": params.get("ChangeSetType") or "UPDATE",
        "rollbackConfiguration": params.get("RollbackConfiguration"),
        "deploymentConfig": params.get("DeploymentConfig") or deployment_config,
        "deploymentMode": params.get("DeploymentMode"),
    }
    _requests.append(options)
    token = _pending_options.set(options)
    try:
        return original(response)
    finally:
        _pending_options.reset(token)


def _create_change_set(
    original: Callable[..., tuple[str, str]], backend: CloudFormationBackend, **kwargs: Any
) -> tuple[str, str]:
    change_set_id, stack_id = original(backend, **kwargs)
    options = _pending_options.get()
    if options is not None:
        _options[change_set_id] = options
    return change_set_id, stack_id


def change_set_options(change_set_id: str) -> dict[str, Any]:
    """What CreateChangeSet asked for of the gate fields for this change set; {} if nothing."""
    return _options.get(change_set_id, {})


def _monitoring(options: dict[str, Any]) -> tuple[float, list[str]]:
    config = options.get("rollbackConfiguration") or {}
    minutes = float(config.get("MonitoringTimeInMinutes") or 0)
    triggers = [t.get("Arn", "") for t in config.get("RollbackTriggers") or []]
    return minutes, triggers


def _resource_events(stack: Stack, change_set: Any, at: Any) -> list[Event]:
    events = []
    for change in change_set.changes:
        if change.action not in ("Add", "Modify"):
            continue
        status = "CREATE" if change.action == "Add" else "UPDATE"
        resource = stack.resource_map._parsed_resources.get(change.logical_resource_id)
        physical_id = getattr(resource, "physical_resource_id", None) or change.logical_resource_id
        for suffix in ("_IN_PROGRESS", "_COMPLETE"):
            event = Event(
                stack_id=stack.stack_id,
                stack_name=stack.name,
                logical_resource_id=change.logical_resource_id,
                physical_resource_id=physical_id,
                resource_type=change.resource_type,
                resource_status=status + suffix,
                resource_status_reason=None,
                resource_properties=None,
            )
            event.timestamp = at
            events.append(event)
    return events


def _execute_change_set(
    original: Callable[..., None],
    backend: CloudFormationBackend,
    change_set_name: str,
    stack_name: str | None = None,
) -> None:
    change_set = find_change_set(backend, change_set_name, stack_name)
    stack = backend.stacks.get(change_set.stack_id)
    options = _options.get(change_set.change_set_id, {})
    minutes, triggers = _monitoring(options)
    seen = {id(event) for event in stack.events} if stack else set()
    original(backend, change_set_name, stack_name)
    if stack is None or change_set.change_set_type != "UPDATE" or minutes <= 0:
        return
    new = [event for event in stack.events if id(event) not in seen]
    ending = [e for e in new if e.resource_status != "UPDATE_IN_PROGRESS"]
    if not new or not ending or ending[-1].resource_status != "UPDATE_COMPLETE":
        return  # the update failed or rolled back: no window
    started = new[0]
    done_at = max(started.timestamp, ending[0].timestamp)
    window = timedelta(seconds=minutes * _seconds_per_minute)
    for event in ending:
        event.timestamp = event.timestamp + window
    resources = _resource_events(stack, change_set, done_at)
    index = stack.events.index(started) + 1
    stack.events[index:index] = resources
    _monitored[stack] = triggers
    _backends[stack] = backend


def trigger_fired(alarm_arn: str, alarm_name: str) -> None:
    """An alarm went to ALARM: every stack in its window with it as a trigger rolls back."""
    for stack, triggers in list(_monitored.items()):
        if not is_pending(stack):
            _monitored.pop(stack, None)
            continue
        if alarm_arn not in triggers:
            continue
        previous = before_update(stack)
        if previous is None or stack.status != "UPDATE_IN_PROGRESS":
            continue
        _monitored.pop(stack, None)
        discard_pending(stack)
        operation = FailedOperation("update", copy.copy(previous), [], None, "", rollback_fails=False)
        roll_back(
            _backends[stack],
            stack,
            operation,
            f"Received ALARM state on CloudWatch alarm {alarm_arn} ({alarm_name}): rolling back",
        )


def _set_alarm_state(
    original: Callable[..., None],
    backend: CloudWatchBackend,
    alarm_name: str,
    reason: str,
    reason_data: str,
    state_value: str,
) -> None:
    original(backend, alarm_name, reason, reason_data, state_value)
    if state_value == "ALARM":
        alarm = backend.alarms.get(alarm_name)
        if alarm is not None:
            trigger_fired(alarm.alarm_arn, alarm_name)


def _monitoring_settings(body: Any) -> tuple[int, Any]:
    global _seconds_per_minute
    if body is not None:
        value = body.get("secondsPerMinute") if isinstance(body, dict) else None
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
            raise control_api.RequestError(400, 'the body is {"secondsPerMinute": number > 0}')
        _seconds_per_minute = float(value)
    return 200, {"secondsPerMinute": _seconds_per_minute}


def install() -> None:
    reset_hooks.after_reset(_reset)
    wrap(CloudFormationResponse, "create_change_set", _create_change_set_request)
    wrap(CloudFormationBackend, "create_change_set", _create_change_set)
    wrap(CloudFormationBackend, "execute_change_set", _execute_change_set)
    wrap(CloudWatchBackend, "set_alarm_state", _set_alarm_state)
    control_api.add_route(
        "/_emulator/requests",
        {"GET": lambda environ: (200, {"createChangeSet": list(_requests)})},
    )
    control_api.add_route(
        "/_emulator/monitoring",
        {
            "GET": lambda environ: _monitoring_settings(None),
            "POST": lambda environ: _monitoring_settings(control_api.body(environ)),
        },
    )
