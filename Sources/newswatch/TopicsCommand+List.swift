import ArgumentParser
import Foundation
import Logging
import NewswatchDaemon

extension TopicsCommand {
    /// `newswatch topics list`: every configured topic, enabled or not.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the configured topics (newswatch.toml and topics.d), enabled or not.",
            discussion: """
                Columns: id, whether enabled, muted (no, until a UTC time, or until unmuted; from the state \
                database), priority, language (- follows each page), name, query. With --json, one object per line \
                per topic: id, name, query, enabled, muted, muted_until (Unix seconds, or null), priority, language, \
                min_hits, cooldown (seconds or null), max_per_hour, file, line. Exit 1 when the configuration is \
                invalid.
                """)

        @OptionGroup var options: ConfigOption

        @Flag(name: .long, help: "Print one JSON object per line per topic.")
        var json = false

        func run() async throws {
            let configuration = try options.load()
            let topics = configuration.topics
            let mutes = await Self.mutes(configuration)
            if json {
                for topic in topics { print(Self.jsonLine(topic, mute: mutes[topic.id])) }
                return
            }
            let rows =
                [["ID", "ENABLED", "MUTED", "PRIORITY", "LANGUAGE", "NAME", "QUERY"]]
                + topics.map { topic -> [String] in
                    let muted = mutes[topic.id].map { $0.until.map { "until \(StatusReport.time($0))" } ?? "until unmuted" } ?? "no"
                    return [
                        topic.id, topic.enabled ? "yes" : "no", muted, topic.priority.name, topic.language ?? "-", topic.name,
                        topic.query,
                    ]
                }
            let widths = (0..<6).map { column in rows.map { $0[column].count }.max() ?? 0 }
            for row in rows {
                let padded = row.enumerated().map { column, text in
                    column < widths.count ? text + String(repeating: " ", count: widths[column] - text.count) : text
                }
                print(padded.joined(separator: "  "))
            }
        }

        /// The mutes in force, by topic; none when the daemon has not made its database yet
        /// (listing never creates it) or it cannot be read (with a note).
        static func mutes(_ configuration: NewswatchConfiguration) async -> [String: TopicMute] {
            let logger = Logger.command("newswatch.topics", level: .critical)
            do {
                let mutes =
                    try await StateStores.mutes(
                        configuration.state, at: Int64(Date().timeIntervalSince1970), logger: logger) ?? []
                return Dictionary(mutes.map { ($0.topic, $0) }, uniquingKeysWith: { $1 })
            } catch {
                printError("newswatch: note: cannot read mutes from \(configuration.state.location): \(error)")
                return [:]
            }
        }

        static func jsonLine(_ topic: TopicSettings, mute: TopicMute?) -> String {
            let object: [String: Any] = [
                "id": topic.id, "name": topic.name, "query": topic.query, "enabled": topic.enabled,
                "muted": mute != nil, "muted_until": mute?.until as Any? ?? NSNull(),
                "priority": topic.priority.name, "language": topic.language as Any? ?? NSNull(),
                "min_hits": topic.minHits, "cooldown": topic.cooldown as Any? ?? NSNull(),
                "max_per_hour": topic.maxPerHour as Any? ?? NSNull(),
                "file": topic.file, "line": topic.line,
            ]
            let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
            return String(decoding: data, as: UTF8.self)
        }
    }
}
