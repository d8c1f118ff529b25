import SystemPackage
import TopicMatching

extension ConfigurationLoader.Document {
    /// The `[[topics]]` of this file. Every mistake is recorded; a topic with one is left out.
    mutating func topics(parser: QueryParser) -> [TopicSettings] {
        guard let value = root["topics"], let tables = Self.tableList(value) else { return [] }
        let path = file.string
        var topics: [TopicSettings] = []
        topics.reserveCapacity(tables.count)
        for (index, table) in tables.enumerated() {
            let section = ConfigurationLoader.Section(table: table, name: "topics[\(index)]", line: table.line)
            if let topic = topic(section, file: path, parser: parser) { topics.append(topic) }
        }
        return topics
    }

    private mutating func topic(
        _ section: ConfigurationLoader.Section, file path: String, parser: QueryParser
    ) -> TopicSettings? {
        let errorsBefore = errorCount
        let id = requiredString(section, "id", "a unique name such as \"nato-expansion\"")
        if let id, !id.utf8.allSatisfy({ $0 >= 0x21 && $0 < 0x7F }) {
            report(section.path("id"), line: section.table?["id"]?.line, "\"\(id)\" must be printable ASCII without spaces")
        }
        let query = requiredString(section, "query", "a query such as 'NATO AND expansion'")
        let name = string(section, "name")
        let enabled = boolean(section, "enabled")
        let priority = priority(section)
        let language = string(section, "language")?.lowercased()
        let minHits = count(section, "min_hits")
        let cooldown = duration(section, "cooldown")
        let maxPerHour = count(section, "max_per_hour")
        guard let query else { return nil }

        var topic = TopicSettings(
            id: id ?? "", name: name ?? id ?? "", query: query, priority: priority ?? .warning, language: language,
            minHits: minHits ?? 1, cooldown: cooldown, maxPerHour: maxPerHour, file: path,
            line: section.table?["id"]?.line ?? section.line ?? 0)
        topic.enabled = enabled ?? true
        // The query is checked even when another key was wrong, so one run shows both.
        let queryIsGood = checkQuery(of: topic, section, parser: parser)
        return queryIsGood && errorCount == errorsBefore ? topic : nil
    }

    /// `priority`, a journald priority name (topics and forward destinations).
    mutating func priority(_ section: ConfigurationLoader.Section) -> JournalPriority? {
        guard let text = string(section, "priority") else { return nil }
        if let priority = JournalPriority(name: text) { return priority }
        let names = JournalPriority.allCases.map(\.name)
        let meant = NameSuggestion.closest(to: text, among: names).map { "; did you mean \"\($0)\"?" } ?? ""
        report(
            section.path("priority"), line: section.table?["priority"]?.line,
            "\"\(text)\" is not a journald priority (use one of \(names.joined(separator: ", ")))\(meant)")
        return nil
    }

    /// Parses the query and checks the language as the matcher will; a bad query is an
    /// error at the query's line with a caret under the column, a doubtful one a warning.
    private mutating func checkQuery(
        of topic: TopicSettings, _ section: ConfigurationLoader.Section, parser: QueryParser
    ) -> Bool {
        let queryLine = section.table?["query"]?.line
        do throws(TopicQueryError) {
            for warning in try topic.definition.validate(parser: parser) {
                report(
                    section.path("query"), line: queryLine,
                    QueryParser.pointing(at: warning.column, in: topic.query, warning.message), severity: .warning)
            }
            return true
        } catch {
            switch error.code {
            case .unknownLanguage:
                report(section.path("language"), line: section.table?["language"]?.line, error.message)
            case .badMinHits:
                report(section.path("min_hits"), line: section.table?["min_hits"]?.line, error.message)
            default:
                report(section.path("query"), line: queryLine, QueryParser.pointing(at: error.column, in: topic.query, error.message))
            }
            return false
        }
    }
}
