import Foundation
import NewswatchTestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// A throwaway newswatch installation: a folder with an inbox, a state folder and a
/// config, and the real `newswatch` binary run in it as a subprocess.
final class DaemonFixture: @unchecked Sendable {
    let folder: URL
    /// The folder holding inbox/, processed/ and failed/: the fixture's folder, or a
    /// sub-folder of it (a file system of its own in some fault tests).
    let spool: URL
    var inbox: URL { spool.appending(path: "inbox") }
    var processed: URL { spool.appending(path: "processed") }
    var failed: URL { spool.appending(path: "failed") }
    var state: URL { folder.appending(path: "state") }
    var config: URL { folder.appending(path: "newswatch.toml") }
    /// The daemon's `status.json` (the config's `runtime_directory` is `run`).
    var statusFile: URL { folder.appending(path: "run/status.json") }
    /// PIDs of every daemon started here, to pick their journal entries.
    private(set) var pids: Set<Int32> = []
    private(set) var process: Process?
    let journal: JournalReader
    /// The state store's config lines and environment (SQLite when empty).
    let backend: StateBackend.Prepared

    static let natoTopic = """
        [[topics]]
        id = "nato-expansion"
        name = "NATO expansion"
        query = 'NATO AND (expansion OR enlargement OR "build-up" OR buildup)'
        priority = "warning"
        """

    static let furnitureTopic = """
        [[topics]]
        id = "furniture-only"
        name = "Furniture only"
        query = 'Angara OR Monson'
        priority = "notice"
        """

    /// - Parameter spool: a sub-folder for inbox/, processed/ and failed/, made before the
    ///   daemon starts (a test may mount a file system there first).
    init(
        topics: String = DaemonFixture.natoTopic + "\n" + DaemonFixture.furnitureTopic, extra: String = "",
        spool: String? = nil, backend: StateBackend.Prepared = .init()
    ) throws {
        let folder = FileManager.default.temporaryDirectory.appending(path: "newswatch-test-\(UUID().uuidString.prefix(8))")
        self.folder = folder
        self.spool = spool.map { folder.appending(path: $0) } ?? folder
        try FileManager.default.createDirectory(at: self.spool.appending(path: "inbox"), withIntermediateDirectories: true)
        journal = try JournalReader.start()
        self.backend = backend
        try writeConfig(topics: topics, extra: extra)
    }

    deinit {
        if let process, process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: folder)
    }

    func writeConfig(topics: String, extra: String = "") throws {
        let prefix = spool == folder ? "" : spool.lastPathComponent + "/"
        let folders = prefix.isEmpty ? "" : "processed = \"\(prefix)processed\"\nfailed = \"\(prefix)failed\""
        let text = """
            [inbox]
            path = "\(prefix)inbox"
            \(folders)
            [state]
            directory = "state"
            runtime_directory = "run"\(backend.stateLines.isEmpty ? "" : "\n" + backend.stateLines)
            \(extra)
            \(topics)
            """
        try text.write(to: config, atomically: true, encoding: .utf8)
    }

    /// The built `newswatch` executable: beside the test bundle, or `NEWSWATCH_BINARY`.
    static var binary: URL {
        if let override = ProcessInfo.processInfo.environment["NEWSWATCH_BINARY"] {
            return URL(filePath: override)
        }
        var folder = URL(filePath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<3 {
            let candidate = folder.appending(path: "newswatch")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            folder = folder.deletingLastPathComponent()
        }
        return SharedData.repositoryRoot.appending(path: ".build/debug/newswatch")
    }

    /// Runs a `newswatch` command to its end; returns exit status, stdout and stderr.
    static func command(
        _ arguments: [String], environment extra: [String: String] = [:], in folder: URL? = nil
    ) throws -> (status: Int32, output: String, error: String) {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "NEWSWATCH_CONFIG")
        for (key, value) in extra { environment[key] = value }
        process.environment = environment
        if let folder { process.currentDirectoryURL = folder }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let output = out.fileHandleForReading.readDataToEndOfFile()
        let error = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self), String(decoding: error, as: UTF8.self))
    }

    /// Starts `newswatch run` in the background, through `launcher` when given (a command
    /// that execs the rest of its arguments, such as `nsenter` into a mount namespace).
    @discardableResult
    func start(
        notify: NotifySocket? = nil, environment extra: [String: String] = [:], launcher: [String] = []
    ) throws -> Process {
        let process = Process()
        if let tool = launcher.first {
            process.executableURL = URL(filePath: tool)
            process.arguments = Array(launcher.dropFirst()) + [Self.binary.path, "run", "--config", config.path]
        } else {
            process.executableURL = Self.binary
            process.arguments = ["run", "--config", config.path]
        }
        var environment = ProcessInfo.processInfo.environment
        environment["NOTIFY_SOCKET"] = notify?.path
        environment.removeValue(forKey: "WATCHDOG_USEC")
        environment.removeValue(forKey: "WATCHDOG_PID")
        for (key, value) in backend.environment { environment[key] = value }
        for (key, value) in extra { environment[key] = value }
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        let stderrFile = folder.appending(path: "stderr-\(pids.count).log")
        _ = FileManager.default.createFile(atPath: stderrFile.path, contents: nil)
        process.standardError = try FileHandle(forWritingTo: stderrFile)
        try process.run()
        pids.insert(process.processIdentifier)
        self.process = process
        return process
    }

    /// Everything the daemons started here wrote to standard error.
    var standardError: String {
        (0..<pids.count).compactMap { try? String(contentsOf: folder.appending(path: "stderr-\($0).log"), encoding: .utf8) }
            .joined()
    }

    /// Sends `signal` and, for a stopping signal, waits for the exit status.
    func signal(_ signal: Int32) {
        guard let process else { return }
        kill(process.processIdentifier, signal)
    }

    func waitForExit(timeout: Double = 20) -> Int32? {
        guard let process else { return nil }
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        return process.isRunning ? nil : process.terminationStatus
    }

    /// Writes a page beside the inbox and renames it in, the safe drop protocol.
    func drop(_ contents: Data, as name: String) throws {
        let temporary = inbox.appending(path: ".\(name).part")
        try contents.write(to: temporary)
        try FileManager.default.moveItem(at: temporary, to: inbox.appending(path: name))
    }

    func drop(seed: URL, as name: String) throws {
        try drop(try Data(contentsOf: seed), as: name)
    }

    /// The journal entries of this fixture's daemons.
    func entries() throws -> [[String: String]] { try journal.entries(of: pids) }

    /// Waits until every name in `files` has a per-file outcome entry.
    @discardableResult
    func waitForOutcomes(_ files: [String], timeout: Double = 30) throws -> [[String: String]] {
        try journal.wait(for: pids, timeout: timeout) { entries in
            let done = Set(entries.compactMap { $0["NEWSWATCH_OUTCOME"] != nil ? $0["NEWSWATCH_FILE"] : nil })
            return files.allSatisfy(done.contains)
        }
    }

    /// The names of the files in `folder` and every folder below it (the dated folders of
    /// `processed/` and `failed/`, the inbox's sub-folders), sorted; folders themselves are
    /// not listed.
    func contents(of folder: URL) -> [String] {
        archivedFiles(in: folder).map(\.lastPathComponent).sorted()
    }

    /// The files in `folder` and every folder below it.
    func archivedFiles(in folder: URL) -> [URL] {
        guard let walk = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isDirectoryKey]) else {
            return []
        }
        return walk.compactMap { $0 as? URL }.filter { (try? $0.resourceValues(forKeys: [.isDirectoryKey]).isDirectory) != true }
    }

    /// The file called `name` somewhere in `folder` (a dated folder of `processed/`).
    func archived(_ name: String, in folder: URL) -> URL {
        archivedFiles(in: folder).first { $0.lastPathComponent == name } ?? folder.appending(path: name)
    }
}

extension [[String: String]] {
    /// Alert entries (`MESSAGE_ID` of the topic alert).
    var alerts: [[String: String]] { filter { $0["MESSAGE_ID"] == "46fb645ad9fe41fcbd2a627191c6e277" } }

    /// Per-file outcome entries.
    var outcomes: [[String: String]] { filter { $0["NEWSWATCH_OUTCOME"] != nil } }

    func outcome(of file: String) -> String? {
        outcomes.last { $0["NEWSWATCH_FILE"] == file }?["NEWSWATCH_OUTCOME"]
    }
}
