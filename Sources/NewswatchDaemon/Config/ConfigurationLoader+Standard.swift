import TopicMatching

extension ConfigurationLoader {
    /// The loader the daemon and the commands use: every topic's query is compiled, so a bad
    /// query fails `config validate` and a reload with its column.
    public static var standard: ConfigurationLoader {
        ConfigurationLoader { topic in
            do throws(TopicQueryError) {
                _ = try TopicMatcher(topics: [topic.definition])
                return nil
            } catch {
                return "column \(error.column): \(error.message)\n    \(topic.query)\n    \(String(repeating: " ", count: max(0, error.column - 1)))^"
            }
        }
    }
}
