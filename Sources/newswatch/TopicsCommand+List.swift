import ArgumentParser
import Foundation
import NewswatchDaemon

extension TopicsCommand {
    /// `newswatch topics list`: every configured topic, enabled or not.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the configured topics (newswatch.toml and topics.d), enabled or not.",
            discussion: """
                Columns: id, whether enabled, priority, language (- follows each page), name, query. With --json, \
                one object per line per topic: id, name, query, enabled, priority, language, min_hits, cooldown \
                (seconds or null), max_per_hour, file, line. Exit 1 when the configuration is invalid.
                """)

        @OptionGroup var options: ConfigOption

        @Flag(name: .long, help: "Print one JSON object per line per topic.")
        var json = false

        func run() throws {
            let topics = try options.load().topics
            if json {
                for topic in topics { print(Self.jsonLine(topic)) }
                return
            }
            let rows = [["ID", "ENABLED", "PRIORITY", "LANGUAGE", "NAME", "QUERY"]]
                + topics.map { [$0.id, $0.enabled ? "yes" : "no", $0.priority.name, $0.language ?? "-", $0.name, $0.query] }
            let widths = (0..<5).map { column in rows.map { $0[column].count }.max() ?? 0 }
            for row in rows {
                let padded = row.enumerated().map { column, text in
                    column < widths.count ? text + String(repeating: " ", count: widths[column] - text.count) : text
                }
                print(padded.joined(separator: "  "))
            }
        }

        static func jsonLine(_ topic: TopicSettings) -> String {
            let object: [String: Any] = [
                "id": topic.id, "name": topic.name, "query": topic.query, "enabled": topic.enabled,
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
