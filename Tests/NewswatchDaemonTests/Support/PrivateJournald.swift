import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A systemd-journald of the test's own, in a private mount namespace, so a test can kill
/// and restart journald without touching the machine's (which other tests use).
///
/// A holder process keeps the namespace; inside it `/run/systemd/journal` is a fresh tmpfs
/// (journald's sockets) and `/run/log/journal` and `/var/log/journal` are folders of the
/// test, where this journald writes and where a daemon started in the namespace
/// (`launcher`) reads back. The test reads the same files with `journalctl -D`.
final class PrivateJournald {
    let folder: URL
    private let holder: Process
    private var journald: Process?
    var runtimeJournal: URL { folder.appending(path: "run-log-journal") }

    init(folder: URL) throws {
        self.folder = folder
        let runtime = folder.appending(path: "run-log-journal")
        let persistent = folder.appending(path: "var-log-journal")
        for path in [runtime, persistent] {
            try FileManager.default.createDirectory(at: path, withIntermediateDirectories: true)
        }
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
                    + " && mount --bind '\(persistent.path)' /var/log/journal",
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
        try runChecked("/usr/bin/nsenter", enter + ["/bin/sh", "-c", "rm -f /run/systemd/journal/socket /run/systemd/journal/stdout /run/systemd/journal/dev-log"])
        let process = Process()
        process.executableURL = URL(filePath: "/usr/bin/nsenter")
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

    /// What this journald wrote (every file, the killed instance's too).
    var journal: JournalReader { .files(in: runtimeJournal.path) }
}
