import Foundation
import SystemPackage
import Testing

@testable import NewswatchDaemon

/// Alerts of several hosts brought together with journald's own tools, on loopback:
/// `systemd-journal-upload` sends what newswatch wrote to the local journal to a
/// `systemd-journal-remote` listening on 127.0.0.1, which stores it in a journal file of
/// its own in a temp folder, where the sd-journal API reads it back. The shared journald is
/// only written to and read, never reconfigured or restarted.
@Suite("journal forwarding", .timeLimit(.minutes(2)))
struct JournalForwardingTests {
    static let remote = "/lib/systemd/systemd-journal-remote"
    static let upload = "/lib/systemd/systemd-journal-upload"

    @Test func alertsUploadedToAJournalRemoteOnLoopbackAreReadBackThere() throws {
        for tool in [Self.remote, Self.upload] {
            try #require(
                FileManager.default.isExecutableFile(atPath: tool),
                "\(tool) missing: install Debian's systemd-journal-remote (scripts/install-deps.sh)")
        }
        try JournaldRunner.ensureRunning()
        let folder = FileManager.default.temporaryDirectory.appending(path: "nw-forward-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }

        // Where the local journal ends now: the upload starts after it.
        let local = try SystemJournal()
        try local.seekTail()
        _ = try local.previous()
        let start = try local.cursor()

        let marker = UUID().uuidString
        let sent = (0..<3).map { Self.alert(number: $0, marker: marker) }
        let writer = JournalWriter(identifier: "newswatch-test", destination: .journal)
        for entry in sent { writer.write(entry) }
        try Self.waitForLocal(marker: marker, count: sent.count)

        let (receiver, port) = try Self.startRemote(output: folder.appending(path: "remote.journal"))
        defer {
            if receiver.isRunning { receiver.terminate() }
        }
        // journal-remote needs a moment to listen: a refused upload is tried again.
        var uploaded = CommandResult(status: -1, output: "")
        for _ in 0..<50 {
            uploaded = try runCommand(
                Self.upload,
                [
                    "--url=http://127.0.0.1:\(port)", "--after-cursor=\(start)", "--follow=no",
                    "--save-state=\(folder.appending(path: "upload-state").path)",
                ])
            if uploaded.status == 0 { break }
            Thread.sleep(forTimeInterval: 0.1)
        }
        #expect(uploaded.status == 0, "systemd-journal-upload: \(uploaded.output)")
        receiver.terminate()
        receiver.waitUntilExit()

        let forwarded = try SystemJournal(directory: FilePath(folder.path))
        try forwarded.addMatch("NEWSWATCH_TEST_MARKER", marker)
        try forwarded.seekHead()
        var received: [[String: String]] = []
        while try forwarded.next() { received.append(forwarded.fields()) }

        #expect(received.count == sent.count)
        for (entry, fields) in zip(sent, received) {
            for field in entry.fields {
                #expect(fields[field.name] == field.value, "\(field.name)")
            }
            #expect(fields["SYSLOG_IDENTIFIER"] == "newswatch-test")
            #expect(fields["_PID"] == String(getpid()))
        }
    }

    /// An alert entry as the daemon writes one.
    static func alert(number: Int, marker: String) -> JournalEntry {
        var entry = JournalEntry(
            message: "NATO expansion: \"Forwarded story \(number)\" (TASS, 2026-11-24)", priority: .warning,
            messageID: "46fb645ad9fe41fcbd2a627191c6e277")
        entry.append("NEWSWATCH_TOPIC", "nato-expansion")
        entry.append("NEWSWATCH_TOPIC_NAME", "NATO expansion")
        entry.append("NEWSWATCH_STORY", String(format: "%016llx", 0x3f2a_9c0d_1e4b_5a60 + UInt64(number)))
        entry.append("NEWSWATCH_SNIPPET", "Ministers discussed the expansion.\nA second line.")
        entry.append("NEWSWATCH_TEST_MARKER", marker)
        return entry
    }

    static func waitForLocal(marker: String, count: Int) throws {
        let journal = try SystemJournal()
        try journal.addMatch("NEWSWATCH_TEST_MARKER", marker)
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            try journal.seekHead()
            var found = 0
            while try journal.next() { found += 1 }
            if found >= count { return }
            _ = try journal.wait(timeout: .milliseconds(200))
        }
        throw ForwardingFailure(message: "the local journal did not show \(count) entries marked \(marker)")
    }

    /// Starts journal-remote on a free loopback port, writing one journal file.
    static func startRemote(output: URL) throws -> (Process, Int) {
        for _ in 0..<5 {
            let port = try freePort()
            let process = Process()
            process.executableURL = URL(filePath: remote)
            process.arguments = ["--listen-http=127.0.0.1:\(port)", "--output=\(output.path)", "--split-mode=none"]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            Thread.sleep(forTimeInterval: 0.2)
            if process.isRunning { return (process, port) }
        }
        throw ForwardingFailure(message: "systemd-journal-remote did not start on 127.0.0.1")
    }

    static func freePort() throws -> Int {
        let result = try runCommand(
            "python3",
            ["-c", "import socket; s = socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])"])
        guard let port = Int(result.output.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw ForwardingFailure(message: "no free port: \(result.output)")
        }
        return port
    }

    struct ForwardingFailure: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }
}
