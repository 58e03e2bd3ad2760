"""In-process fixes and extensions to moto. Each module owns one behaviour and an install()."""

from . import (
    change_set_lookup,
    change_set_outputs,
    change_set_status,
    create_change_set,
    reset_hooks,
    resource_diff,
    stack_parameters,
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
