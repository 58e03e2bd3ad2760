"""In-process fixes and extensions to moto. Each module owns one behaviour and an install()."""

from . import (
    change_set_delay,
    change_set_lookup,
    change_set_outputs,
    change_set_status,
    control_api,
    create_change_set,
    faults,
    reset_hooks,
    resource_diff,
    resource_faults,
    rollback_triggers,
    stack_delay,
    stack_drift,
    stack_failures,
    stack_parameters,
    stack_recovery,
    stack_state_guard,
    stack_status_reason,
    validate_template,
)


def install_all() -> None:
    reset_hooks.install()
    change_set_outputs.install()
    change_set_status.install()  # after change_set_outputs: its check must run first
    change_set_lookup.install()
    create_change_set.install()
    resource_diff.install()
    stack_parameters.install()
    validate_template.install()
    # Injected failures and simulated time. Each wraps the stack operations of the one before,
    # so the order is: fault handling, then the added APIs, then timing, then the status checks.
    faults.install()
    resource_faults.install()
    stack_failures.install()
    stack_recovery.install()
    stack_delay.install()
    rollback_triggers.install()  # after stack_delay: it moves the events stack_delay stamped
    stack_drift.install()  # after rollback_triggers: it reads the change sets' recorded fields
    change_set_delay.install()
    stack_state_guard.install()
    stack_status_reason.install()
    control_api.install()
