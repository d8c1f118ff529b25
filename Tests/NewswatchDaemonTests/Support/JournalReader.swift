import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Reads back what the daemon under test wrote to the real journal, with `journalctl -o json`.
///
/// It reads after a cursor without a field match and filters here: `journalctl
/// --after-cursor` combined with a match skips an entry on this systemd.
struct JournalReader {
    let cursor: String
    /// A journal folder of its own (a private journald's), read with `journalctl -D`;
    /// nil for the machine's journal.
    var directory: String? = nil

    /// Reads every entry of the journal files in `directory`, as a private journald wrote them.
    static func files(in directory: String) -> JournalReader {
        JournalReader(cursor: "", directory: directory)
    }

    /// Starts the journal if nothing is listening and remembers where it ends now.
    static func start() throws -> JournalReader {
        try JournaldRunner.ensureRunning()
        let output = try run(["--show-cursor", "-n", "0", "--no-pager"])
        let cursor = output.split(separator: "\n").compactMap { line -> String? in
            guard let range = line.range(of: "-- cursor: ") else { return nil }
            return String(line[range.upperBound...])
        }.last
        // An empty journal has no cursor yet; then every entry is new.
        return JournalReader(cursor: cursor ?? "")
    }

    /// The entries after the cursor for which `keep` says yes.
    func entries(where keep: ([String: String]) -> Bool = { _ in true }) throws -> [[String: String]] {
        var arguments = ["-o", "json", "--no-pager"]
        if let directory { arguments += ["-D", directory] }
        if !cursor.isEmpty { arguments += ["--after-cursor", cursor] }
        let output = try Self.run(arguments)
        return output.split(separator: "\n").compactMap { line in
            guard let data = line.data(using: .utf8),
                let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
            else { return nil }
            var entry: [String: String] = [:]
            for (key, value) in object {
                if let text = value as? String {
                    entry[key] = text
                } else if let bytes = value as? [Int] {
                    entry[key] = String(decoding: bytes.map { UInt8(truncatingIfNeeded: $0) }, as: UTF8.self)
                }
            }
            return keep(entry) ? entry : nil
        }
    }

    /// Entries of the daemon processes `pids`.
    func entries(of pids: Set<Int32>) throws -> [[String: String]] {
        try entries { entry in
            entry["SYSLOG_IDENTIFIER"] == "newswatch" && entry["_PID"].flatMap(Int32.init).map(pids.contains) == true
        }
    }

    /// Polls until `done` holds for the entries of `pids`, or the timeout passes.
    @discardableResult
    func wait(
        for pids: Set<Int32>, timeout: Double = 30, until done: ([[String: String]]) -> Bool
    ) throws -> [[String: String]] {
        let deadline = Date().addingTimeInterval(timeout)
        var entries: [[String: String]] = []
        while Date() < deadline {
            entries = try self.entries(of: pids)
            if done(entries) { return entries }
            Thread.sleep(forTimeInterval: 0.1)
        }
        return entries
    }

    static func run(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(filePath: "/usr/bin/journalctl")
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}

/// Makes sure a journald answers before a daemon test writes to it (no systemd as PID 1).
///
/// A socket file is not enough: an image snapshot or a killed journald leaves
/// `/run/systemd/journal/socket` behind with nobody reading it, every entry sent there is
/// refused, and each daemon test would fail with "no alert" far from the cause. So probe it
/// with a real `connect()`, and start journald through the one script that knows how.
enum JournaldRunner {
    static let socket = "/run/systemd/journal/socket"

    static func ensureRunning() throws {
        if answers() { return }
        let script = URL(filePath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
            .appending(path: "scripts/ensure-journald.sh")
        let process = Process()
        process.executableURL = URL(filePath: "/bin/bash")
        process.arguments = [script.path]
        try process.run()
        process.waitUntilExit()
        guard answers() else {
            throw HarnessError("no systemd-journald answers at \(socket) (run scripts/ensure-journald.sh as root)")
        }
    }

    /// True when a datagram `connect()` to the journal socket succeeds: a socket file
    /// without a listener refuses it with ECONNREFUSED.
    private static func answers() -> Bool {
        let fd = Glibc.socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        let result = withUnixSocketAddress(socket) { connect(fd, $0, $1) }
        return result == 0
    }
}
