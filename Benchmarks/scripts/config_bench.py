#!/usr/bin/env python3
"""Big watch lists through the real binary: a config of N generated watch-list topics
(default 100,000, written by `newswatch-bench config --write`), then

  * `newswatch config validate`: wall and CPU time, peak resident memory;
  * `newswatch run`: time from start to READY=1 (config loaded, matcher compiled, inbox
    watched), CPU and peak memory at that point;
  * SIGHUP reloads: time from RELOADING=1 to READY=1 and resident memory after each, to
    show memory stays bounded across reloads.

    python3 Benchmarks/scripts/config_bench.py [--topics N] [--reloads N]
        [--binary .build/release/newswatch] [--bench .build-bench/release/newswatch-bench]

CPU seconds are given beside wall time because a host shared with builds stretches wall
time; run it on a quiet machine for wall figures.
"""
import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time


def proc_status(pid, field):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024  # kB → MiB
    return 0.0


def proc_cpu(pid):
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks


def wait_for(listener, wanted, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        listener.settimeout(max(0.01, deadline - time.monotonic()))
        try:
            datagram = listener.recv(65536).decode("utf-8", "replace")
        except socket.timeout:
            break
        if wanted in datagram.split("\n"):
            return time.monotonic()
    raise SystemExit(f"no {wanted} within {timeout} s")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--topics", type=int, default=100_000)
    parser.add_argument("--reloads", type=int, default=3)
    parser.add_argument("--binary", default=".build/release/newswatch")
    parser.add_argument("--bench", default=".build-bench/release/newswatch-bench")
    arguments = parser.parse_args()

    folder = tempfile.mkdtemp(prefix="newswatch-config-bench-")
    try:
        subprocess.run([arguments.bench, "config", "--write", folder, "--topics", str(arguments.topics)], check=True)
        config = os.path.join(folder, "newswatch.toml")
        print(f"binary: {subprocess.run([arguments.binary, '--version'], capture_output=True, text=True).stdout.strip()}")

        start = time.monotonic()
        child = subprocess.Popen([arguments.binary, "config", "validate", "--config", config], stdout=subprocess.PIPE)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.monotonic() - start
        output = child.stdout.read().decode().strip()
        if status != 0:
            raise SystemExit(f"config validate failed: {output}")
        print(f"config validate: {wall:.2f} s wall, {usage.ru_utime + usage.ru_stime:.2f} s CPU, "
              f"peak resident {usage.ru_maxrss / 1024:.0f} MiB ({output})")

        notify_path = os.path.join(folder, "notify")
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        listener.bind(notify_path)
        environment = {**os.environ, "NOTIFY_SOCKET": notify_path}
        environment.pop("WATCHDOG_USEC", None)
        start = time.monotonic()
        daemon = subprocess.Popen([arguments.binary, "run", "--config", config], env=environment,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        ready = wait_for(listener, "READY=1", 600)
        print(f"run → READY=1: {ready - start:.2f} s wall, {proc_cpu(daemon.pid):.2f} s CPU, "
              f"resident {proc_status(daemon.pid, 'VmRSS'):.0f} MiB, peak {proc_status(daemon.pid, 'VmHWM'):.0f} MiB")
        # READY=1 comes from the inbox service; the reload service sets its SIGHUP handler
        # concurrently, and a SIGHUP before that would end the process.
        time.sleep(1)
        for number in range(1, arguments.reloads + 1):
            cpu = proc_cpu(daemon.pid)
            os.kill(daemon.pid, signal.SIGHUP)
            reloading = wait_for(listener, "RELOADING=1", 60)
            done = wait_for(listener, "READY=1", 600)
            time.sleep(1)
            print(f"reload {number}: {done - reloading:.2f} s wall, {proc_cpu(daemon.pid) - cpu:.2f} s CPU, "
                  f"resident {proc_status(daemon.pid, 'VmRSS'):.0f} MiB, peak {proc_status(daemon.pid, 'VmHWM'):.0f} MiB")
        daemon.send_signal(signal.SIGTERM)
        daemon.wait(60)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
