import SystemPackage
import TOMLKit

extension ConfigurationLoader.Document {
    private static let topicKeys: Set<String> = [
        "id", "name", "query", "priority", "language", "min_hits", "cooldown", "max_per_hour",
    ]

    /// The `[[topics]]` of this file.
    func topics() throws(ConfigurationError) -> [TopicSettings] {
        guard let entry = table["topics"] else { return [] }
        guard let array = entry.array else {
            throw error(.invalidValue, "topics", "must be an array of tables: write each topic as [[topics]]")
        }
        var topics: [TopicSettings] = []
        for index in 0..<array.count {
            let path = "topics[\(index)]"
            guard let item = array[index].table else {
                throw error(.invalidValue, path, "must be a table with id, name and query")
            }
            for key in item.keys where !Self.topicKeys.contains(key) {
                throw error(.invalidValue, "\(path).\(key)", "is not a topic setting (known: \(Self.topicKeys.sorted().joined(separator: ", ")))")
            }
            topics.append(try topic(item, path: path))
        }
        return topics
    }

    private func topic(_ item: TOMLTable, path: String) throws(ConfigurationError) -> TopicSettings {
        func required(_ key: String) throws(ConfigurationError) -> String {
            guard let text = try string(key, in: item, path: "\(path).\(key)"), !text.trimmingCharacters().isEmpty else {
                throw error(.missingKey, "\(path).\(key)", "is required and must not be empty")
            }
            return text
        }
        let id = try required("id")
        guard id.utf8.allSatisfy({ $0 >= 0x21 && $0 < 0x7F }) else {
            throw error(.invalidValue, "\(path).id", "\"\(id)\" must be printable ASCII without spaces")
        }
        var topic = TopicSettings(
            id: id, name: try string("name", in: item, path: "\(path).name") ?? id, query: try required("query"),
            origin: "\(file.string):\(locator.line(of: "\(path).query") ?? locator.line(of: path) ?? 0)")
        if let priority = try string("priority", in: item, path: "\(path).priority") {
            guard let value = JournalPriority(name: priority) else {
                throw error(.invalidValue, "\(path).priority", "\"\(priority)\" is not a journald priority (use one of \(JournalPriority.allCases.map(\.name).joined(separator: ", ")))")
            }
            topic.priority = value
        }
        if let language = try string("language", in: item, path: "\(path).language") {
            topic.language = language.lowercased()
        }
        if let minHits = try integer("min_hits", in: item, path: "\(path).min_hits") {
            guard minHits >= 1 else { throw error(.invalidValue, "\(path).min_hits", "must be 1 or more") }
            topic.minHits = minHits
        }
        topic.cooldown = try duration("cooldown", in: item, path: "\(path).cooldown")
        if let limit = try integer("max_per_hour", in: item, path: "\(path).max_per_hour") {
            guard limit >= 1 else { throw error(.invalidValue, "\(path).max_per_hour", "must be 1 or more") }
            topic.maxPerHour = limit
        }
        return topic
    }
}
