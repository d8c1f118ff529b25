#!/usr/bin/env python3
"""Daemon benchmark: burst throughput and drop-to-journal latency of the real binary.

usage: daemon_bench.py [--binary PATH] [--burst N] [--drops N] [--reference] [--skip-latency] [--skip-burst] [--repeat N]
                       [--extra-config TOML]

- burst: N distinct text pages (default 10,000), each about NATO expansion so every stage
  runs (read, parse, dedup, match, commit, move, alert), renamed into the inbox of a running
  daemon at once; reports pages/s from the first rename to the last per-file journal entry.
  The renames themselves (a Python loop) share the two cores with the daemon.
- backlog: the same N pages already in the inbox at start; pages/s from READY=1 to the last
  per-file journal entry, with nothing else competing.
- latency: N single drops (default 300), one every 25 ms; latency is the journal's receive
  time of the page's alert entry minus the moment just before the rename (p50/p95/p99/max).
- --reference: the same latency measurement for `inotifywait -m | logger` (no parsing at all).
Also prints the daemon's peak RSS (VmHWM) and, for burst and backlog, the CPU seconds the
daemon and journald spent until the inbox was empty (both share the two cores), and for each
phase the host's steal time (CPU time the hypervisor gave other guests: high steal means the run
was slowed by the host). Needs root or a running journald; reads the real journal with
journalctl -o json. Runs one at a time: the daemon's entries share one identifier.
"""
import argparse, json, os, random, shutil, signal, socket, statistics, subprocess, sys, tempfile, time

SYLLABLES = ["ka", "lo", "mi", "ren", "tas", "vu", "dor", "sel", "pra", "nik", "ost", "bel", "gra", "fen", "zu", "hal"]


def page(number):
    rnd = random.Random(number)
    word = lambda: "".join(rnd.choice(SYLLABLES) for _ in range(rnd.randint(2, 3)))
    sentence = lambda: " ".join(word() for _ in range(rnd.randint(10, 17))).capitalize() + "."
    title = f"Council of {word().capitalize()} debates NATO expansion, bulletin {number}"
    first = " ".join(sentence() for _ in range(5))
    second = " ".join(sentence() for _ in range(5))
    return f"{title}\n\n{first} Officials discussed NATO expansion in the region.\n\n{second}\n"


def journal_cursor():
    out = subprocess.run(["journalctl", "--show-cursor", "-n", "0", "--no-pager"], capture_output=True, text=True).stdout
    for line in out.splitlines():
        if line.startswith("-- cursor: "):
            return line[len("-- cursor: "):]
    return None


def journal_entries(cursor, identifier):
    args = ["journalctl", "-o", "json", "--no-pager"]
    if cursor:
        args += ["--after-cursor", cursor]
    out = subprocess.run(args, capture_output=True, text=True).stdout
    entries = []
    for line in out.splitlines():
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        if entry.get("SYSLOG_IDENTIFIER") == identifier:
            entries.append(entry)
    return entries


def cpu_seconds(pid):
    """User + system CPU time a process has used so far (0 when it is gone)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return 0.0


def host_times():
    """The machine-wide CPU tick counters (user ... steal) from /proc/stat."""
    with open("/proc/stat") as f:
        return [int(value) for value in f.readline().split()[1:9]]


def steal_share(before):
    """Share of CPU time the hypervisor gave to other guests since `before` (the `steal`
    column): a run with high steal was slowed by the host, not by newswatch."""
    delta = [now - then for now, then in zip(host_times(), before)]
    return 100.0 * delta[7] / sum(delta) if sum(delta) else 0.0


def journald_pid():
    out = subprocess.run(["pgrep", "-x", "systemd-journal"], capture_output=True, text=True).stdout.split()
    return int(out[0]) if out else None


def wait_for(predicate, timeout):
    deadline = time.time() + timeout
    while time.time() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(0.1)
    return predicate()


# TOML inserted after `[state] directory` in every daemon's config (--extra-config).
EXTRA_CONFIG = ""


class Daemon:
    def __init__(self, binary, root):
        self.root = root
        for name in ("inbox", "state", "staging"):
            os.makedirs(os.path.join(root, name), exist_ok=True)
        with open(os.path.join(root, "newswatch.toml"), "w") as f:
            f.write('[inbox]\npath = "inbox"\n[state]\ndirectory = "state"\n' + EXTRA_CONFIG.replace("\\n", "\n") + '\n'
                    '[[topics]]\nid = "nato-expansion"\nname = "NATO expansion"\n'
                    "query = 'NATO AND (expansion OR enlargement OR \"build-up\" OR buildup)'\npriority = \"warning\"\n")
        notify_path = os.path.join(root, "notify.sock")
        self.notify = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.notify.bind(notify_path)
        env = dict(os.environ, NOTIFY_SOCKET=notify_path)
        self.process = subprocess.Popen([binary, "run", "--config", os.path.join(root, "newswatch.toml")], env=env,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.notify.settimeout(30)
        while True:
            message = self.notify.recv(4096).decode()
            if "READY=1" in message:
                break

    def peak_rss_kib(self):
        with open(f"/proc/{self.process.pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
        return None

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=60)
        self.notify.close()


def burst(binary, count):
    root = tempfile.mkdtemp(prefix="newswatch-burst-")
    try:
        daemon = Daemon(binary, root)
        staging, inbox = os.path.join(root, "staging"), os.path.join(root, "inbox")
        names = [f"burst-{n:05d}.txt" for n in range(count)]
        for n, name in enumerate(names):
            with open(os.path.join(staging, name), "w") as f:
                f.write(page(n))
        cursor = journal_cursor()
        time.sleep(0.2)
        journald = journald_pid()
        cpu_before = (cpu_seconds(daemon.process.pid), cpu_seconds(journald))
        host_before = host_times()
        start = time.time()
        for name in names:
            os.rename(os.path.join(staging, name), os.path.join(inbox, name))
        renamed = time.time()

        def done():
            outcomes = [e for e in journal_entries(cursor, "newswatch") if e.get("NEWSWATCH_OUTCOME")]
            return outcomes if len({e["NEWSWATCH_FILE"] for e in outcomes}) >= count else None

        # Wait for the inbox to empty before reading the journal: journalctl parsing tens of
        # thousands of entries would take CPU from the daemon while it works.
        wait_for(lambda: not os.listdir(inbox), timeout=600)
        cpu = (cpu_seconds(daemon.process.pid) - cpu_before[0], cpu_seconds(journald) - cpu_before[1])
        steal = steal_share(host_before)
        outcomes = wait_for(done, timeout=600) or []
        last = max(int(e["__REALTIME_TIMESTAMP"]) for e in outcomes) / 1e6 if outcomes else float("nan")
        verdicts = {}
        for e in outcomes:
            verdicts[e["NEWSWATCH_OUTCOME"]] = verdicts.get(e["NEWSWATCH_OUTCOME"], 0) + 1
        rss = daemon.peak_rss_kib()
        daemon.stop()
        seconds = last - start
        print(f"burst: {count} pages in {seconds:.2f} s = {count / seconds:.0f} pages/s "
              f"(renames took {renamed - start:.2f} s; outcomes {verdicts}; peak RSS {rss / 1024:.1f} MiB; "
              f"CPU: daemon {cpu[0]:.2f} s, journald {cpu[1]:.2f} s; host steal {steal:.0f}%)")
        return count / seconds
    finally:
        shutil.rmtree(root, ignore_errors=True)


def backlog(binary, count):
    """The same pages already in the inbox when the daemon starts: no renames compete for the
    cores; timed from READY=1 to the last outcome entry."""
    root = tempfile.mkdtemp(prefix="newswatch-backlog-")
    try:
        inbox = os.path.join(root, "inbox")
        os.makedirs(inbox)
        for n in range(count):
            with open(os.path.join(inbox, f"backlog-{n:05d}.txt"), "w") as f:
                f.write(page(200_000 + n))
        cursor = journal_cursor()
        journald = journald_pid()
        journald_before = cpu_seconds(journald)
        daemon = Daemon(binary, root)
        ready = time.time()
        daemon_before = cpu_seconds(daemon.process.pid)
        host_before = host_times()
        wait_for(lambda: not os.listdir(inbox), timeout=600)
        cpu = (cpu_seconds(daemon.process.pid) - daemon_before, cpu_seconds(journald) - journald_before)
        steal = steal_share(host_before)

        def done():
            outcomes = [e for e in journal_entries(cursor, "newswatch") if e.get("NEWSWATCH_OUTCOME")]
            return outcomes if len({e["NEWSWATCH_FILE"] for e in outcomes}) >= count else None

        outcomes = wait_for(done, timeout=600) or []
        last = max(int(e["__REALTIME_TIMESTAMP"]) for e in outcomes) / 1e6
        rss = daemon.peak_rss_kib()
        daemon.stop()
        print(f"backlog: {count} pages in {last - ready:.2f} s = {count / (last - ready):.0f} pages/s "
              f"(from READY=1; peak RSS {rss / 1024:.1f} MiB; CPU: daemon {cpu[0]:.2f} s, journald {cpu[1]:.2f} s; "
              f"host steal {steal:.0f}%)")
        return count / (last - ready)
    finally:
        shutil.rmtree(root, ignore_errors=True)


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def latency(binary, drops, reference):
    root = tempfile.mkdtemp(prefix="newswatch-latency-")
    try:
        identifier = "newswatch"
        if reference:
            for name in ("inbox", "staging"):
                os.makedirs(os.path.join(root, name))
            identifier = "newswatch-ref"
            watcher = subprocess.Popen(
                f"inotifywait -q -m -e close_write,moved_to --format %f {os.path.join(root, 'inbox')} "
                f"| logger -u /run/systemd/journal/dev-log -t {identifier}", shell=True)
            time.sleep(1)
        else:
            daemon = Daemon(binary, root)
        staging, inbox = os.path.join(root, "staging"), os.path.join(root, "inbox")
        cursor = journal_cursor()
        host_before = host_times()
        dropped = {}
        for n in range(drops):
            name = f"drop-{n:05d}.txt"
            with open(os.path.join(staging, name), "w") as f:
                f.write(page(100_000 + n))
            before = time.time()
            os.rename(os.path.join(staging, name), os.path.join(inbox, name))
            dropped[name] = before
            time.sleep(0.025)
        steal = steal_share(host_before)

        def arrived():
            entries = journal_entries(cursor, identifier)
            if reference:
                seen = {e.get("MESSAGE"): e for e in entries}
            else:
                seen = {e.get("NEWSWATCH_FILE"): e for e in entries
                        if e.get("MESSAGE_ID") == "46fb645ad9fe41fcbd2a627191c6e277"}
            return seen if len(seen.keys() & dropped.keys()) >= drops else None

        seen = wait_for(arrived, timeout=120) or {}
        latencies = [(int(seen[name]["__REALTIME_TIMESTAMP"]) / 1e6 - at) * 1000
                     for name, at in dropped.items() if name in seen]
        label = "reference inotifywait | logger" if reference else "newswatch (alert entry)"
        if reference:
            watcher.send_signal(signal.SIGTERM)
            subprocess.run(["pkill", "-f", f"inotifywait -q -m -e close_write,moved_to --format %f {inbox}"])
        else:
            rss = daemon.peak_rss_kib()
            daemon.stop()
            label += f", peak RSS {rss / 1024:.1f} MiB"
        print(f"latency {label}: {len(latencies)}/{drops} drops, p50 {percentile(latencies, 0.5):.2f} ms, "
              f"p95 {percentile(latencies, 0.95):.2f} ms, p99 {percentile(latencies, 0.99):.2f} ms, "
              f"max {max(latencies):.2f} ms; host steal {steal:.0f}%")
        return percentile(latencies, 0.5), percentile(latencies, 0.99)
    finally:
        shutil.rmtree(root, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=".build/release/newswatch")
    parser.add_argument("--burst", type=int, default=10_000)
    parser.add_argument("--drops", type=int, default=300)
    parser.add_argument("--reference", action="store_true")
    parser.add_argument("--skip-burst", action="store_true")
    parser.add_argument("--skip-latency", action="store_true")
    parser.add_argument("--extra-config", default="",
                        help='TOML after [state] directory, e.g. \'runtime_directory = "/proc/none"\' (no status.json) '
                             'or \'runtime_directory = "run"\\n[metrics]\\ntextfile = "m.prom"\\ninterval = "1s"\'')
    parser.add_argument("--repeat", type=int, default=1,
                        help="run everything N times and print the medians (the machine is shared: one run is luck)")
    args = parser.parse_args()
    global EXTRA_CONFIG
    EXTRA_CONFIG = args.extra_config
    runs = {"p50": [], "p99": [], "burst": [], "backlog": [], "reference p50": [], "reference p99": []}
    for _ in range(args.repeat):
        if args.reference:
            p50, p99 = latency(None, args.drops, reference=True)
            runs["reference p50"].append(p50)
            runs["reference p99"].append(p99)
        if not args.skip_latency:
            p50, p99 = latency(args.binary, args.drops, reference=False)
            runs["p50"].append(p50)
            runs["p99"].append(p99)
        if not args.skip_burst:
            runs["burst"].append(burst(args.binary, args.burst))
            runs["backlog"].append(backlog(args.binary, args.burst))
    if args.repeat > 1:
        medians = ", ".join(f"{name} {statistics.median(values):.2f}" if "p" in name[:2] or "reference" in name
                            else f"{name} {statistics.median(values):.0f} pages/s"
                            for name, values in runs.items() if values)
        print(f"medians over {args.repeat} runs: {medians} (latencies in ms)")


if __name__ == "__main__":
    main()
