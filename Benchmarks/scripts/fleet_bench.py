#!/usr/bin/env python3
"""Fleet benchmark: the daemon on SQLite and on PostgreSQL, three daemons on one database,
and cross-host story visibility. Run through Benchmarks/fleet-bench.sh (it starts the cluster).

usage: fleet_bench.py --cluster DIR/cluster.env [--binary PATH] [--burst N] [--probes N] [--skip MODE ...]

- sqlite, postgresql: N distinct pages (default 10,000, daemon_bench.py's NATO bulletins)
  renamed at once into one daemon's inbox; daemon CPU milliseconds per page until the inbox
  is empty, and for PostgreSQL also the server's (the postmaster and its backends); pages/s
  from the first rename to the last outcome entry.
- fleet: the same N pages spread round-robin over three daemons' inboxes on one database;
  pages/s from the first rename to the last outcome entry of any daemon; CPU of all.
- visibility: two daemons A and B on one database; P times: a new page is dropped on A, and
  as soon as A's outcome entry is in the journal a copy goes into B's inbox. B must call it a
  duplicate; the figure is B's outcome entry time minus A's (journald's receive times), which
  includes B's own drop-to-journal time (inotify, read, parse, commit, journal).
"""
import argparse, json, os, shutil, signal, socket, subprocess, sys, tempfile, threading, time, uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from daemon_bench import page, journal_cursor, journal_entries, cpu_seconds, wait_for, percentile  # noqa: E402

TOPIC = ('[[topics]]\nid = "nato-expansion"\nname = "NATO expansion"\n'
         "query = 'NATO AND (expansion OR enlargement OR \"build-up\" OR buildup)'\npriority = \"warning\"\n")


class Cluster:
    def __init__(self, env_file):
        values = dict(line.split("=", 1) for line in open(env_file).read().splitlines() if "=" in line)
        self.folder = values["NEWSWATCH_TEST_POSTGRES_SOCKET_DIR"]
        self.port = values["NEWSWATCH_TEST_POSTGRES_PORT"]
        self.password = open(values["NEWSWATCH_TEST_POSTGRES_PASSWORD_FILE"]).read().strip()
        self.bin = values["NEWSWATCH_TEST_POSTGRES_BIN"]

    def make_database(self):
        name = "bench_" + uuid.uuid4().hex[:12]
        subprocess.run([os.path.join(self.bin, "psql"), "-X", "-q", "-h", self.folder, "-p", self.port, "-U", "postgres",
                        "-d", "postgres", "-c", f"CREATE DATABASE {name} OWNER newswatch"], check=True)
        return f"postgresql://newswatch@127.0.0.1:{self.port}/{name}?sslmode=disable"

    def cpu_seconds(self):
        """CPU of the postmaster, its live children, and its children that ended."""
        with open(os.path.join(self.folder, "data", "postmaster.pid")) as f:
            postmaster = int(f.readline())
        total = 0.0
        try:
            with open(f"/proc/{postmaster}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += sum(int(x) for x in fields[11:15]) / os.sysconf("SC_CLK_TCK")
        except OSError:
            pass
        children = subprocess.run(["pgrep", "-P", str(postmaster)], capture_output=True, text=True).stdout.split()
        return total + sum(cpu_seconds(int(pid)) for pid in children)


class Daemon:
    def __init__(self, binary, root, database=None, host=None, password=None):
        self.root = root
        self.inbox = os.path.join(root, "inbox")
        for name in ("inbox", "state", "staging"):
            os.makedirs(os.path.join(root, name), exist_ok=True)
        state = '[state]\ndirectory = "state"\n'
        if database:
            state += f'database = "{database}"\nhost = "{host}"\n'
        with open(os.path.join(root, "newswatch.toml"), "w") as f:
            f.write('[inbox]\npath = "inbox"\n' + state + TOPIC)
        notify_path = os.path.join(root, "notify.sock")
        self.notify = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.notify.bind(notify_path)
        env = dict(os.environ, NOTIFY_SOCKET=notify_path)
        if password:
            env["NEWSWATCH_DATABASE_PASSWORD"] = password
        self.process = subprocess.Popen([binary, "run", "--config", os.path.join(root, "newswatch.toml")], env=env,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.notify.settimeout(60)
        while "READY=1" not in self.notify.recv(4096).decode():
            pass
        # Read on, as systemd does: a notify socket nobody reads fills up, and the daemon's next
        # sd_notify then blocks (seen as a daemon that ignored SIGTERM in an earlier version of
        # this script).
        self.notify.settimeout(None)
        threading.Thread(target=self.drain_notify, daemon=True).start()

    def drain_notify(self):
        try:
            while self.notify.recv(4096):
                pass
        except OSError:
            pass

    def cpu(self):
        return cpu_seconds(self.process.pid)

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            # A daemon that ignores SIGTERM is a bug: say so with its threads' stacks, then kill it.
            stacks = subprocess.run(["gdb", "-p", str(self.process.pid), "-batch", "-ex", "thread apply all bt"],
                                    capture_output=True, text=True).stdout if shutil.which("gdb") else ""
            path = os.path.join(tempfile.gettempdir(), f"newswatch-stuck-{self.process.pid}.txt")
            with open(path, "w") as f:
                f.write(stacks)
            print(f"daemon {self.root} did not stop within 60 s of SIGTERM; stacks in {path}; killed", flush=True)
            self.process.kill()
            self.process.wait()
        self.notify.close()


def stage(daemons, count, prefix):
    """Writes the pages into each daemon's staging folder (round-robin); returns (src, dst) pairs."""
    moves = []
    for n in range(count):
        daemon = daemons[n % len(daemons)]
        name = f"{prefix}-{n:05d}.txt"
        source = os.path.join(daemon.root, "staging", name)
        with open(source, "w") as f:
            f.write(page(n))
        moves.append((source, os.path.join(daemon.inbox, name)))
    return moves


def journald_cpu():
    """CPU seconds of the system journald (every outcome and alert is an entry it writes)."""
    pids = subprocess.run(["pgrep", "-x", "systemd-journal"], capture_output=True, text=True).stdout.split()
    return sum(cpu_seconds(int(pid)) for pid in pids)


def burst(label, daemons, count, cluster=None):
    moves = stage(daemons, count, label)
    cursor = journal_cursor()
    time.sleep(0.2)
    cpu_before = [d.cpu() for d in daemons]
    server_before = cluster.cpu_seconds() if cluster else 0.0
    journald_before = journald_cpu()
    start = time.time()
    for source, target in moves:
        os.rename(source, target)
    wait_for(lambda: all(not os.listdir(d.inbox) for d in daemons), timeout=1800)
    cpu = sum(d.cpu() - before for d, before in zip(daemons, cpu_before))
    server = cluster.cpu_seconds() - server_before if cluster else 0.0
    journald = journald_cpu() - journald_before
    pids = {str(d.process.pid) for d in daemons}

    def done():
        outcomes = [e for e in journal_entries(cursor, "newswatch") if e.get("NEWSWATCH_OUTCOME") and e.get("_PID") in pids]
        return outcomes if len({e["NEWSWATCH_FILE"] for e in outcomes}) >= count else None

    outcomes = wait_for(done, timeout=1800) or []
    last = max(int(e["__REALTIME_TIMESTAMP"]) for e in outcomes) / 1e6 if outcomes else float("nan")
    seconds = last - start
    line = (f"{label}: {count} pages on {len(daemons)} daemon(s) in {seconds:.2f} s = {count / seconds:.0f} pages/s; "
            f"daemon CPU {cpu:.2f} s = {1000 * cpu / count:.2f} ms per page")
    if cluster:
        line += f"; PostgreSQL CPU {server:.2f} s = {1000 * server / count:.2f} ms per page"
    line += f"; journald CPU {journald:.2f} s"
    print(line, flush=True)
    return cpu / count


class JournalFollower:
    """`journalctl -f -o json`: the newswatch outcome entries as they arrive."""

    def __init__(self):
        self.process = subprocess.Popen(["journalctl", "-f", "-n", "0", "-o", "json", "--no-pager"],
                                        stdout=subprocess.PIPE, text=True)
        self.seen = {}
        self.lock = threading.Condition()
        threading.Thread(target=self.read, daemon=True).start()

    def read(self):
        for line in self.process.stdout:
            try:
                entry = json.loads(line)
            except ValueError:
                continue
            if entry.get("SYSLOG_IDENTIFIER") == "newswatch" and entry.get("NEWSWATCH_OUTCOME"):
                with self.lock:
                    self.seen[entry["NEWSWATCH_FILE"]] = entry
                    self.lock.notify_all()

    def wait(self, name, timeout=30):
        deadline = time.time() + timeout
        with self.lock:
            while name not in self.seen and time.time() < deadline:
                self.lock.wait(0.05)
            return self.seen.get(name)

    def stop(self):
        self.process.terminate()


def visibility(binary, cluster, probes, root):
    database = cluster.make_database()
    a = Daemon(binary, os.path.join(root, "a"), database, "bench-a", cluster.password)
    b = Daemon(binary, os.path.join(root, "b"), database, "bench-b", cluster.password)
    follower = JournalFollower()
    time.sleep(0.5)
    delays, duplicates, own_a = [], 0, []
    try:
        for n in range(probes):
            text = page(900_000 + n)
            for daemon, name in ((a, f"probe-{n}-a.txt"), (b, f"probe-{n}-b.txt")):
                with open(os.path.join(daemon.root, "staging", name), "w") as f:
                    f.write(text)
            dropped_a = time.time()
            target_a = os.path.join(a.inbox, f"probe-{n}-a.txt")
            os.rename(os.path.join(a.root, "staging", f"probe-{n}-a.txt"), target_a)
            # A moves its file out of the inbox once the batch is committed and its entries are
            # in the journal: the story is in the database from then on. Watching the inbox is
            # faster than reading A's entry back (journald tells followers of new entries in
            # batches, a quarter of a second or more apart).
            deadline = time.time() + 30
            while os.path.exists(target_a) and time.time() < deadline:
                time.sleep(0.0002)
            dropped_b = time.time()
            os.rename(os.path.join(b.root, "staging", f"probe-{n}-b.txt"), os.path.join(b.inbox, f"probe-{n}-b.txt"))
            second = follower.wait(f"probe-{n}-b.txt")
            first = follower.wait(f"probe-{n}-a.txt")
            if not first or not second:
                print(f"visibility: probe {n} got no outcome", flush=True)
                continue
            duplicates += second["NEWSWATCH_OUTCOME"] == "duplicate"
            delays.append(int(second["__REALTIME_TIMESTAMP"]) / 1000 - dropped_b * 1000)
            own_a.append(int(first["__REALTIME_TIMESTAMP"]) / 1000 - dropped_a * 1000)
        print(f"visibility: {len(delays)} probes, {duplicates} seen as duplicates on the other host; from A's commit "
              f"(its file gone from A's inbox) to B's outcome entry for the copy dropped then: "
              f"p50 {percentile(delays, 0.5):.1f} ms, p99 {percentile(delays, 0.99):.1f} ms, max {max(delays):.1f} ms; "
              f"A's own drop to outcome entry p50 {percentile(own_a, 0.5):.1f} ms, p99 {percentile(own_a, 0.99):.1f} ms",
              flush=True)
    finally:
        follower.stop()
        a.stop()
        b.stop()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cluster", required=True)
    parser.add_argument("--binary", default=".build/release/newswatch")
    parser.add_argument("--burst", type=int, default=10_000)
    parser.add_argument("--probes", type=int, default=200)
    parser.add_argument("--skip", action="append", default=[], choices=["sqlite", "postgresql", "fleet", "visibility"])
    args = parser.parse_args()
    cluster = Cluster(args.cluster)
    binary = os.path.abspath(args.binary)
    print(f"binary {binary}; load average {os.getloadavg()[0]:.1f}", flush=True)
    root = tempfile.mkdtemp(prefix="newswatch-fleet-bench-")
    try:
        per_page = {}
        if "sqlite" not in args.skip:
            daemon = Daemon(binary, os.path.join(root, "sqlite"))
            per_page["sqlite"] = burst("sqlite", [daemon], args.burst)
            daemon.stop()
        if "postgresql" not in args.skip:
            daemon = Daemon(binary, os.path.join(root, "pg"), cluster.make_database(), "bench-1", cluster.password)
            per_page["postgresql"] = burst("postgresql", [daemon], args.burst, cluster)
            daemon.stop()
        if len(per_page) == 2:
            print(f"daemon CPU per page, PostgreSQL / SQLite: {per_page['postgresql'] / per_page['sqlite']:.2f}x", flush=True)
        if "fleet" not in args.skip:
            database = cluster.make_database()
            daemons = [Daemon(binary, os.path.join(root, f"fleet-{n}"), database, f"bench-{n}", cluster.password)
                       for n in range(3)]
            burst("fleet", daemons, args.burst, cluster)
            for daemon in daemons:
                daemon.stop()
        if "visibility" not in args.skip:
            visibility(binary, cluster, args.probes, root)
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
