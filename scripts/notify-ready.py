#!/usr/bin/env python3
"""Runs a command as systemd would run a Type=notify service, and prints messages once it
says READY=1: scripts/run-local.sh uses it to say where to look only when newswatch's
inbox watch is actually set.

    notify-ready.py [--message TEXT]... -- COMMAND [ARGUMENT]...

The command gets NOTIFY_SOCKET (a datagram socket in a temporary folder); SIGINT, SIGTERM
and SIGHUP are passed on to it (Ctrl-C stops the daemon cleanly, SIGHUP reloads it); the
exit status is the command's.
"""
import os
import signal
import socket
import subprocess
import sys
import tempfile


def main(arguments):
    messages = []
    while arguments and arguments[0] == "--message":
        messages.append(arguments[1])
        arguments = arguments[2:]
    if not arguments or arguments[0] != "--" or len(arguments) < 2:
        print(__doc__.strip(), file=sys.stderr)
        return 64
    command = arguments[1:]
    with tempfile.TemporaryDirectory(prefix="newswatch-notify-") as folder:
        path = os.path.join(folder, "notify")
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        listener.bind(path)
        child = subprocess.Popen(command, env={**os.environ, "NOTIFY_SOCKET": path})
        for number in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(number, lambda received, _frame: child.send_signal(received))
        listener.settimeout(0.2)
        ready = False
        while child.poll() is None:
            try:
                datagram = listener.recv(4096).decode("utf-8", "replace")
            except (socket.timeout, InterruptedError):
                continue
            if not ready and "READY=1" in datagram.split("\n"):
                ready = True
                for message in messages:
                    print(message, flush=True)
        return child.wait()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
