import Foundation

@testable import NewswatchDaemon

#if canImport(Glibc)
    import Glibc
#endif

/// A throwaway `newswatch forward`: a folder with a config and a state folder, the real
/// binary run as a subprocess with a real `NOTIFY_SOCKET`, and alerts written to the real
/// journal under a topic prefix of this fixture alone, so parallel tests never see each
/// other's alerts.
final class ForwardFixture: @unchecked Sendable {
    let folder: URL
    /// Every topic of this fixture starts with it; destinations filter on `\(prefix)*`.
    let prefix: String
    var config: URL { folder.appending(path: "newswatch.toml") }
    var state: URL { folder.appending(path: "state") }
    private(set) var process: Process?
    private(set) var pids: Set<Int32> = []
    let journal: JournalReader
    private let writer = JournalWriter(identifier: "newswatch-test", destination: .journal)

    init(destinations: String) throws {
        let id = UUID().uuidString.prefix(8).lowercased()
        prefix = "fw-\(id)-"
        folder = FileManager.default.temporaryDirectory.appending(path: "newswatch-forward-\(id)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        journal = try JournalReader.start()
        try writeConfig(destinations: destinations)
    }

    deinit {
        if let process, process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: folder)
    }

    /// `destinations` may say `PREFIX` where the fixture's topic prefix belongs.
    func writeConfig(destinations: String) throws {
        let text = """
            [inbox]
            path = "inbox"
            [state]
            directory = "state"

            \(destinations.replacingOccurrences(of: "PREFIX", with: prefix))
            """
        try text.write(to: config, atomically: true, encoding: .utf8)
    }

    /// Starts `newswatch forward` and waits for its `READY=1`.
    func start(environment extra: [String: String] = [:], arguments: [String] = []) throws {
        let notifyFolder = folder.appending(path: "notify-\(pids.count)")
        try FileManager.default.createDirectory(at: notifyFolder, withIntermediateDirectories: true)
        let notify = try NotifySocket(folder: notifyFolder)
        let process = Process()
        process.executableURL = DaemonFixture.binary
        process.arguments = ["forward", "--config", config.path, "--state-directory", state.path] + arguments
        var environment = ProcessInfo.processInfo.environment
        environment["NOTIFY_SOCKET"] = notify.path
        environment.removeValue(forKey: "CREDENTIALS_DIRECTORY")
        for (key, value) in extra { environment[key] = value }
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        let log = folder.appending(path: "forward-\(pids.count).log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        process.standardError = try FileHandle(forWritingTo: log)
        try process.run()
        pids.insert(process.processIdentifier)
        self.process = process
        let deadline = Date().addingTimeInterval(30)
        while !notify.assignments.contains("READY=1") {
            guard process.isRunning, Date() < deadline else {
                throw HarnessError("newswatch forward sent no READY=1: \(standardError)")
            }
            Thread.sleep(forTimeInterval: 0.02)
        }
    }

    var standardError: String {
        (0..<pids.count).compactMap { try? String(contentsOf: folder.appending(path: "forward-\($0).log"), encoding: .utf8) }
            .joined()
    }

    func signal(_ signal: Int32) {
        if let process { kill(process.processIdentifier, signal) }
    }

    func waitForExit(timeout: Double = 30) -> Int32? {
        guard let process else { return nil }
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        return process.isRunning ? nil : process.terminationStatus
    }

    /// Writes an alert entry as the daemon does; `number` goes into `NEWSWATCH_TEST_NUMBER`.
    func writeAlert(_ number: Int, topic: String = "a", priority: JournalPriority = .warning, url: String? = nil) {
        let id = prefix + topic
        var entry = JournalEntry(
            message: "Topic \(topic): \"Story \(number)\" (TASS, 2026-11-30)", priority: priority,
            messageID: JournalEntry.alertMessageID)
        entry.append("NEWSWATCH_TOPIC", id)
        entry.append("NEWSWATCH_TOPIC_NAME", "Topic \(topic)")
        entry.append("NEWSWATCH_TITLE", "Story \(number)")
        entry.append("NEWSWATCH_SOURCE", "TASS")
        entry.append("NEWSWATCH_PUBLISHED", "2026-11-30")
        entry.append("NEWSWATCH_STORY", String(format: "%016x", number))
        entry.append("NEWSWATCH_SNIPPET", "Sentence about story \(number).")
        entry.append("NEWSWATCH_URL", url)
        entry.append("NEWSWATCH_TEST_NUMBER", String(number))
        writer.write(entry)
    }

    /// The forwarder's own journal entries (deliveries, failures) so far.
    func forwarderEntries() throws -> [[String: String]] {
        try journal.entries { entry in
            entry["SYSLOG_IDENTIFIER"] == "newswatch-forward" && entry["_PID"].flatMap(Int32.init).map(pids.contains) == true
        }
    }
}

extension WebhookReceiver.Request {
    /// `NEWSWATCH_TEST_NUMBER` of a generic-JSON alert.
    var alertNumber: Int? {
        ((json["fields"] as? [String: Any])?["NEWSWATCH_TEST_NUMBER"] as? String).flatMap(Int.init)
    }
}
