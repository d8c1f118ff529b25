/// One watched topic as the daemon's configuration states it.
public struct TopicDefinition: Sendable, Hashable {
    /// Stable id, used in alerts and the database.
    public var id: String
    /// Human name for alerts.
    public var name: String
    /// A Lucene classic query, such as `NATO AND (expansion OR "build-up")`.
    public var query: String
    /// Word-form language: an ISO 639-1 code (`en`, `ru`, `de`, …) or `none` for exact
    /// word forms; nil follows each page's own `language`.
    public var language: String?
    /// How many matching word occurrences a page needs before the topic counts.
    public var minHits: Int

    public init(id: String, name: String, query: String, language: String? = nil, minHits: Int = 1) {
        self.id = id
        self.name = name
        self.query = query
        self.language = language
        self.minHits = minHits
    }
}
