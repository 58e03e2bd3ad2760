"""When to stop: a signal, or (with --exit-with-parent) EOF on stdin."""

import os
import signal
import sys
import threading


def stop_event(exit_with_parent: bool) -> threading.Event:
    stop = threading.Event()

    def on_signal(signum: int, frame: object) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)

    if exit_with_parent:

        def watch_stdin() -> None:
            # os.read, not sys.stdin: a thread blocked inside the buffered reader holds its
            # lock and makes interpreter shutdown abort.
            try:
                while os.read(sys.stdin.fileno(), 65536):
                    pass
            finally:
                stop.set()

        threading.Thread(target=watch_stdin, daemon=True).start()
    return stop
