#!/usr/bin/env python3
"""Forwarder benchmark: 10,000 alerts in the journal delivered to a local webhook.

usage: forward_bench.py [--binary PATH] [--alerts N] [--idle SECONDS] [--format json|slack]

- backlog: N alerts (default 10,000) already in the journal after the destination's cursor;
  `newswatch forward` is started and timed from its start (and from READY=1) to the last
  request the webhook received: alerts/s, and how many TCP connections carried them.
- live: the forwarder running, N more alerts written to the journal as fast as a Python loop
  can send them; timed from the first write to the last request.
- idle: the forwarder's CPU time over --idle seconds (default 10) with no alerts coming: it
  should block in sd_journal_wait (0 %).
The webhook is a small asyncio HTTP/1.1 server in this script (keep-alive, 200 with a 2-byte
body), on 127.0.0.1. Alerts go to journald's native socket with the alert MESSAGE_ID under a
topic of this run alone. Needs a running journald (scripts/ensure-journald.sh) and a built
binary (swift build -c release).
"""
import argparse, asyncio, os, socket, subprocess, sys, tempfile, threading, time, uuid

ALERT_ID = "46fb645ad9fe41fcbd2a627191c6e277"


class Webhook:
    """Counts requests and connections; answers each POST with 200."""

    def __init__(self):
        self.requests = 0
        self.connections = 0
        self.last = 0.0
        self.loop = asyncio.new_event_loop()
        ready = threading.Event()
        threading.Thread(target=self._serve, args=(ready,), daemon=True).start()
        ready.wait()

    def _serve(self, ready):
        asyncio.set_event_loop(self.loop)
        hook = self

        class Connection(asyncio.Protocol):
            def connection_made(self, transport):
                hook.connections += 1
                self.transport = transport
                self.buffer = b""

            def data_received(self, data):
                self.buffer += data
                while True:
                    end = self.buffer.find(b"\r\n\r\n")
                    if end < 0:
                        return
                    head = self.buffer[:end].decode("latin-1").lower()
                    length = 0
                    for line in head.split("\r\n"):
                        if line.startswith("content-length:"):
                            length = int(line.split(":", 1)[1])
                    if len(self.buffer) < end + 4 + length:
                        return
                    self.buffer = self.buffer[end + 4 + length:]
                    hook.requests += 1
                    hook.last = time.monotonic()
                    self.transport.write(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")

        server = self.loop.run_until_complete(self.loop.create_server(Connection, "127.0.0.1", 0))
        self.port = server.sockets[0].getsockname()[1]
        ready.set()
        self.loop.run_forever()

    def wait_for(self, count, timeout=120):
        deadline = time.monotonic() + timeout
        while self.requests < count and time.monotonic() < deadline:
            time.sleep(0.002)
        return self.requests >= count


def write_alerts(topic, first, count):
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    for number in range(first, first + count):
        fields = {
            "MESSAGE": f"Bench topic: \"Story {number}\" (TASS, 2026-11-30)", "PRIORITY": "4", "MESSAGE_ID": ALERT_ID,
            "SYSLOG_IDENTIFIER": "newswatch-bench", "NEWSWATCH_TOPIC": topic, "NEWSWATCH_TOPIC_NAME": "Bench topic",
            "NEWSWATCH_TITLE": f"Story {number}", "NEWSWATCH_SOURCE": "TASS", "NEWSWATCH_STORY": f"{number:016x}",
            "NEWSWATCH_SNIPPET": "A sentence that matched the bench topic.", "NEWSWATCH_URL": f"https://example.org/{number}",
        }
        data = "".join(f"{k}={v}\n" for k, v in fields.items()).encode()
        while True:
            try:
                sock.sendto(data, "/run/systemd/journal/socket")
                break
            except BlockingIOError:
                time.sleep(0.001)
    sock.close()


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Forwarder:
    def __init__(self, binary, config, state):
        self.folder = tempfile.mkdtemp(prefix="newswatch-forward-notify-")
        self.notify_path = os.path.join(self.folder, "notify")
        self.notify = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.notify.bind(self.notify_path)
        self.notify.settimeout(60)
        env = dict(os.environ, NOTIFY_SOCKET=self.notify_path)
        self.started = time.monotonic()
        self.process = subprocess.Popen(
            [binary, "forward", "--config", config, "--state-directory", state], env=env,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        while True:
            message = self.notify.recv(4096).decode()
            if "READY=1" in message.split("\n"):
                self.ready = time.monotonic()
                return

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=60)
        self.notify.close()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=".build/release/newswatch")
    parser.add_argument("--alerts", type=int, default=10_000)
    parser.add_argument("--idle", type=float, default=10)
    parser.add_argument("--format", default="json")
    args = parser.parse_args()

    hook = Webhook()
    topic = f"bench-{uuid.uuid4().hex[:8]}"
    folder = tempfile.mkdtemp(prefix="newswatch-forward-bench-")
    config = os.path.join(folder, "newswatch.toml")
    with open(config, "w") as out:
        out.write(f'[inbox]\npath = "inbox"\n\n[[forward]]\nname = "bench"\nurl = "http://127.0.0.1:{hook.port}/hook"\n'
                  f'format = "{args.format}"\ntopics = ["{topic}"]\n')
    state = os.path.join(folder, "state")

    # Positions the destination's cursor, then stops: the burst lands behind it.
    forwarder = Forwarder(args.binary, config, state)
    write_alerts(topic, 0, 1)
    if not hook.wait_for(1, timeout=30):
        sys.exit("the warm-up alert was not delivered")
    forwarder.stop()
    write_alerts(topic, 1, args.alerts)
    time.sleep(2)  # journald has written them all
    hook.requests = 0
    connections_before = hook.connections

    forwarder = Forwarder(args.binary, config, state)
    if not hook.wait_for(args.alerts):
        sys.exit(f"only {hook.requests} of {args.alerts} alerts delivered")
    total = hook.last - forwarder.started
    from_ready = hook.last - forwarder.ready
    print(f"backlog: {args.alerts} alerts in {total:.2f} s from start ({args.alerts / total:,.0f} alerts/s), "
          f"{from_ready:.2f} s from READY=1 ({args.alerts / from_ready:,.0f} alerts/s), "
          f"{hook.connections - connections_before} connection(s), forwarder CPU {cpu_seconds(forwarder.process.pid):.2f} s")

    hook.requests = 0
    time.sleep(1)
    cpu_before = cpu_seconds(forwarder.process.pid)
    first = time.monotonic()
    write_alerts(topic, 1 + args.alerts, args.alerts)
    written = time.monotonic() - first
    if not hook.wait_for(args.alerts):
        sys.exit(f"live: only {hook.requests} of {args.alerts} alerts delivered")
    live = hook.last - first
    print(f"live: {args.alerts} alerts written in {written:.2f} s, all delivered {live:.2f} s after the first write "
          f"({args.alerts / live:,.0f} alerts/s), forwarder CPU {cpu_seconds(forwarder.process.pid) - cpu_before:.2f} s, "
          f"{hook.connections - connections_before} connection(s) in all")

    time.sleep(1)
    idle_before = cpu_seconds(forwarder.process.pid)
    time.sleep(args.idle)
    idle = cpu_seconds(forwarder.process.pid) - idle_before
    print(f"idle: {idle:.2f} s CPU in {args.idle:.0f} s ({100 * idle / args.idle:.2f} %)")
    forwarder.stop()


if __name__ == "__main__":
    main()
