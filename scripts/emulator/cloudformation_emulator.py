#!/usr/bin/env python3
"""Local CloudFormation (and S3, SSM, ...) emulator: moto's server plus the patches in patches/.

Prints one JSON line to stdout when ready: {"endpoint": ..., "port": ..., "pid": ...}.
"""

import argparse
import json
import os
import sys

sys.dont_write_bytecode = True  # keep __pycache__ out of the repository tree

# Everything but the ready line goes to stderr, whatever moto or its libraries print.
_ready_out = sys.stdout
sys.stdout = sys.stderr

from bootstrap import bootstrap_regions  # noqa: E402
from lifecycle import stop_event  # noqa: E402
from patches import (  # noqa: E402
    change_set_delay,
    install_all,
    reset_hooks,
    stack_delay,
    validate_template,
)
from server import EmulatorServer  # noqa: E402


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=0, help="port on 127.0.0.1; 0 picks a free one")
    parser.add_argument(
        "--bootstrap-region",
        action="append",
        default=[],
        metavar="REGION",
        help="CDK-bootstrap account 123456789012 in REGION, also after every reset "
        "(repeatable, or comma-separated)",
    )
    parser.add_argument(
        "--exit-with-parent", action="store_true", help="exit when stdin reaches EOF"
    )
    parser.add_argument("--verbose", action="store_true", help="log every request to stderr")
    parser.add_argument(
        "--stack-delay",
        type=float,
        metavar="SECONDS",
        help="keep each stack operation *_IN_PROGRESS this long (simulated CloudFormation time)",
    )
    parser.add_argument(
        "--change-set-delay",
        type=float,
        metavar="SECONDS",
        help="keep each new change set CREATE_IN_PROGRESS this long (simulated CloudFormation "
        "time)",
    )
    args = parser.parse_args(argv)
    args.bootstrap_region = [
        region.strip()
        for value in args.bootstrap_region
        for region in value.split(",")
        if region.strip()
    ]
    return args


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    stop = stop_event(args.exit_with_parent)

    install_all()
    if args.stack_delay is not None:
        stack_delay.set_default_stack_delay(args.stack_delay)
    if args.change_set_delay is not None:
        change_set_delay.set_default_change_set_delay(args.change_set_delay)
    regions = args.bootstrap_region
    if regions:
        reset_hooks.after_reset(lambda: bootstrap_regions(regions))
        bootstrap_regions(regions)

    server = EmulatorServer("127.0.0.1", args.port, args.verbose)
    server.start()
    # localhost, not 127.0.0.1: the CDK CLI's S3 uploads fail against the IP form.
    ready = {"endpoint": f"http://localhost:{server.port}", "port": server.port, "pid": os.getpid()}
    _ready_out.write(json.dumps(ready) + "\n")
    _ready_out.flush()
    validate_template.warm_up()

    while not stop.wait(0.1):
        pass
    server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
