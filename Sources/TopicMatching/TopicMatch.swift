/// A topic that matched a page, with what a reader needs to see why.
public struct TopicMatch: Sendable, Hashable {
    public var topicID: String
    /// The page words that matched, as written, each once, in page order.
    public var matchedTerms: [String]
    /// The body sentence (or the title) holding the first match, at most 300 characters.
    public var snippet: String
    /// Matching word occurrences; a phrase occurrence counts once.
    public var hits: Int

    public init(topicID: String, matchedTerms: [String], snippet: String, hits: Int) {
        self.topicID = topicID
        self.matchedTerms = matchedTerms
        self.snippet = snippet
        self.hits = hits
    }
}
