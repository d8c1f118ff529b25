import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A systemd-journald of the test's own, in a private mount namespace, so a test can kill,
/// restart, rotate and vacuum journald without touching the machine's (which other tests use).
///
/// A holder process keeps the namespace; inside it `/run/systemd/journal` is a fresh tmpfs
/// (journald's sockets), `/run/log/journal` and `/var/log/journal` are folders of the test,
/// and `/etc/systemd/journald.conf` is the test's (volatile storage, no rate limit, no kernel
/// log, no forwarding). A daemon started in the namespace (`launcher`) writes to this journald;
/// the test reads the same files with `journalctl -D` or sd-journal (`machineFolder()`).
final class PrivateJournald {
    let folder: URL
    private let holder: Process
    private var journald: Process?
    var runtimeJournal: URL { folder.appending(path: "run-log-journal") }

    static let configuration = """
        [Journal]
        Storage=volatile
        ReadKMsg=no
        ForwardToSyslog=no
        ForwardToWall=no
        ForwardToConsole=no
        RateLimitBurst=0

        """

    /// Sends alert entries numbered `first..<last` to the namespace's journald socket, each
    /// with the fields the forwarder follows and `NEWSWATCH_TEST_NUMBER`.
    static let alertWriter = #"""
        import socket, sys, time
        prefix, first, last = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
        for number in range(first, last):
            fields = {"MESSAGE": f"Topic a: Story {number}", "PRIORITY": "4", "MESSAGE_ID": "46fb645ad9fe41fcbd2a627191c6e277",
                      "SYSLOG_IDENTIFIER": "newswatch-test", "NEWSWATCH_TOPIC": prefix + "a", "NEWSWATCH_TITLE": f"Story {number}",
                      "NEWSWATCH_TEST_NUMBER": str(number)}
            data = "".join(f"{k}={v}\n" for k, v in fields.items()).encode()
            for attempt in range(200):
                try:
                    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as s:
                        s.sendto(data, "/run/systemd/journal/socket")
                    break
                except OSError:
                    time.sleep(0.05)
            else:
                sys.exit("journald did not take entry %d" % number)
            time.sleep(0.002)
        """#

    init(folder: URL) throws {
        self.folder = folder
        let runtime = folder.appending(path: "run-log-journal")
        let persistent = folder.appending(path: "var-log-journal")
        for path in [runtime, persistent] {
            try FileManager.default.createDirectory(at: path, withIntermediateDirectories: true)
        }
        let configuration = folder.appending(path: "journald.conf")
        try Self.configuration.write(to: configuration, atomically: true, encoding: .utf8)
        try Self.alertWriter.write(to: folder.appending(path: "write-alerts.py"), atomically: true, encoding: .utf8)
        holder = Process()
        holder.executableURL = URL(filePath: "/usr/bin/unshare")
        holder.arguments = ["--mount", "--propagation", "private", "/bin/sleep", "infinity"]
        try holder.run()
        // unshare execs sleep once the namespace is made: wait until the holder's differs.
        let holder = holder
        let own = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/ns/mnt")
        let deadline = Date().addingTimeInterval(5)
        while (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(holder.processIdentifier)/ns/mnt")) == own,
            Date() < deadline
        {
            Thread.sleep(forTimeInterval: 0.01)
        }
        try runChecked(
            "/usr/bin/nsenter",
            enter + [
                "/bin/sh", "-c",
                "mount -t tmpfs newswatch-journal /run/systemd/journal"
                    + " && mount --bind '\(runtime.path)' /run/log/journal"
                    + " && mount --bind '\(persistent.path)' /var/log/journal"
                    + " && mount --bind '\(configuration.path)' /etc/systemd/journald.conf",
            ])
        try start()
    }

    deinit {
        if let journald, journald.isRunning { Glibc.kill(journald.processIdentifier, SIGKILL) }
        Glibc.kill(holder.processIdentifier, SIGKILL)
        holder.waitUntilExit()
    }

    /// `nsenter` arguments (after the tool) that run a command in the namespace.
    var enter: [String] { ["-t", "\(holder.processIdentifier)", "-m", "--"] }

    /// The launcher for `DaemonFixture.start`.
    var launcher: [String] { ["/usr/bin/nsenter"] + enter }

    /// Starts journald in the namespace and waits until its socket answers.
    func start() throws {
        // A killed journald leaves its sockets behind; the new one binds fresh ones.
        try runChecked(
            "/usr/bin/nsenter",
            enter + ["/bin/sh", "-c", "rm -f /run/systemd/journal/socket /run/systemd/journal/stdout /run/systemd/journal/dev-log"])
        let process = Process()
        process.executableURL = URL(filePath: "/usr/bin/nsenter")
        // nsenter without --fork execs journald: this process is journald itself, for signals.
        process.arguments = enter + ["/lib/systemd/systemd-journald"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        journald = process
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            let probe = try runCommand("/usr/bin/nsenter", enter + ["/bin/sh", "-c", "echo probe | systemd-cat -t newswatch-probe"])
            if probe.status == 0 { return }
            Thread.sleep(forTimeInterval: 0.05)
        }
        throw HarnessError("the private systemd-journald did not answer in its namespace")
    }

    /// SIGKILL, as a crash would: whatever sits in its socket's queue is lost with it.
    func kill() {
        guard let journald else { return }
        Glibc.kill(journald.processIdentifier, SIGKILL)
        journald.waitUntilExit()
        self.journald = nil
    }

    /// SIGTERM and a fresh start, as `systemctl restart systemd-journald` does.
    func restart() throws {
        if let journald {
            Glibc.kill(journald.processIdentifier, SIGTERM)
            journald.waitUntilExit()
            self.journald = nil
        }
        try start()
    }

    /// Asks journald to rotate (SIGUSR2) and waits until the archived file is there.
    func rotate() throws {
        guard let journald else { throw HarnessError("no private journald runs to rotate") }
        let archived = { [self] in (try? archivedFiles().count) ?? 0 }
        let before = archived()
        Glibc.kill(journald.processIdentifier, SIGUSR2)
        let deadline = Date().addingTimeInterval(10)
        while archived() <= before {
            guard Date() < deadline else { throw HarnessError("the private journald did not rotate") }
            Thread.sleep(forTimeInterval: 0.05)
        }
    }

    /// Removes every archived journal file (`journalctl --vacuum-size=1`); the active file stays.
    func vacuum() throws {
        _ = try runChecked("journalctl", ["-D", try machineFolder().path, "--vacuum-size=1"])
    }

    /// Writes alert entries numbered `numbers` whose topic starts with `topicPrefix`, from
    /// inside the namespace, and returns once journald has taken the last.
    func writeAlerts(_ numbers: Range<Int>, topicPrefix: String) throws {
        _ = try runChecked(
            "/usr/bin/nsenter",
            enter + [
                "python3", folder.appending(path: "write-alerts.py").path, topicPrefix, "\(numbers.lowerBound)", "\(numbers.upperBound)",
            ])
    }

    /// The folder journald writes in (`run-log-journal/MACHINE-ID`), for `--journal-directory`.
    func machineFolder() throws -> URL {
        guard let folder = try FileManager.default.contentsOfDirectory(at: runtimeJournal, includingPropertiesForKeys: nil).first else {
            throw HarnessError("the private journald made no journal folder")
        }
        return folder
    }

    private func archivedFiles() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: try machineFolder().path).filter { $0.contains("@") }
    }

    /// What this journald wrote (every file, the killed instance's too).
    var journal: JournalReader { .files(in: runtimeJournal.path) }
}
