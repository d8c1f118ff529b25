import ArgumentParser
import Foundation
import Logging
import NewswatchDaemon
import SystemPackage

/// `newswatch status`: how the running daemon is doing, from its `status.json`.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show whether the daemon runs and what it has done: counts, backlog, last page, alert and error.",
        discussion: """
            Reads status.json in [state] runtime_directory (default /run/newswatch, the unit's RuntimeDirectory=), \
            which the daemon rewrites every few seconds and on change and deletes when it stops. A file whose pid is \
            gone (or now belongs to another process) means the daemon was killed or crashed. With --json, one object: \
            running, status_file, reason (why not running, or null) and, while running, the daemon's pid, \
            process_start_ticks, started_at, updated_at (Unix seconds), config, inbox, ready, counts {processed, new, \
            duplicates, updates, failed, alerts, held_back, muted}, backlog, waiting [..], last_page {file, outcome, \
            title, at}, last_alert {topic, title, file, at}, last_error {message, at}, muted_topics [{topic, until}] \
            (from the state database; null where there is none yet). Exit codes, as systemctl status (LSB): 0 running, 3 not running (no \
            status file, or its daemon is gone), 4 status unknown (the status file cannot be read), 1 invalid \
            configuration, 64 usage error.
            """)

    @OptionGroup var options: ConfigOption

    @Flag(name: .long, help: "Print one JSON object.")
    var json = false

    static let notRunning: Int32 = 3
    static let unknown: Int32 = 4

    func run() async throws {
        let configuration = try options.load(showingWarnings: false)
        let path = configuration.state.statusFile
        let now = Int64(Date().timeIntervalSince1970)
        switch StatusFile.read(path) {
        case .running(var status):
            status.mutedTopics = await Self.mutes(configuration) ?? status.mutedTopics
            print(json ? Self.jsonLine(status, file: path.string, reason: nil) : StatusReport(status: status, now: now).text)
        case .stale(let status):
            let reason =
                "not running: \(path) was left by pid \(status.pid), started \(StatusReport.time(status.startedAt)), "
                + "which is gone (killed or crashed; a clean stop deletes the file)"
            report(reason, file: path.string)
            throw ExitCode(Self.notRunning)
        case .missing:
            report("not running: no status file at \(path) (runtime_directory in \(configuration.file))", file: path.string)
            throw ExitCode(Self.notRunning)
        case .unreadable(let reason):
            report("status unknown: \(reason)", file: path.string)
            throw ExitCode(Self.unknown)
        }
    }

    /// The mutes in force, from the state database: a mute made a moment ago shows at once,
    /// though the daemon follows it from its next batch. Nil when the state cannot be read.
    static func mutes(_ configuration: NewswatchConfiguration) async -> [DaemonStatus.MutedTopic]? {
        guard
            let mutes = try? await StateStores.mutes(
                configuration.state, at: Int64(Date().timeIntervalSince1970),
                logger: .command("newswatch.status", level: .critical))
        else { return nil }
        return mutes.map { DaemonStatus.MutedTopic(topic: $0.topic, until: $0.until) }
    }

    private func report(_ reason: String, file: String) {
        if json {
            print(Self.jsonLine(nil, file: file, reason: reason))
        } else {
            print("newswatch is \(reason)")
        }
    }

    static func jsonLine(_ status: DaemonStatus?, file: String, reason: String?) -> String {
        var object: [String: Any] = [:]
        if let status, let fields = try? JSONSerialization.jsonObject(with: Data(status.json)) as? [String: Any] {
            object = fields
        }
        object["running"] = status != nil
        object["status_file"] = file
        object["reason"] = reason as Any? ?? NSNull()
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}
