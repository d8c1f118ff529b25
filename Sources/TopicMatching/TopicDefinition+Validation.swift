extension TopicDefinition {
    /// Checks the query, language and `minHits` as `TopicMatcher` will, without building a
    /// matcher, so a watch list of 100,000 topics is validated in one pass.
    /// - Returns: what parses but is probably a mistake (a lowercase `and` between words).
    /// - Throws: `TopicQueryError` naming the topic and the column in its query.
    public func validate(parser: QueryParser = QueryParser()) throws(TopicQueryError) -> [TopicQueryWarning] {
        _ = try compile(parser: parser)
        return parser.warnings(for: query)
    }

    /// The parsed query and the word forms of a fixed `language` (nil: the page's own).
    func compile(parser: QueryParser) throws(TopicQueryError) -> (QueryNode, WordForms?) {
        let node: QueryNode
        do {
            node = try parser.parse(query)
        } catch {
            var error = error
            error.topicID = id
            throw error
        }
        guard minHits >= 1 else {
            throw TopicQueryError(
                code: .badMinHits, message: "min_hits must be 1 or more, not \(minHits)", column: 0, topicID: id)
        }
        guard let language else { return (node, nil) }
        guard let forms = WordForms(topicLanguage: language) else {
            throw TopicQueryError(
                code: .unknownLanguage,
                message: "unknown language \"\(language)\"; use none or one of "
                    + WordForms.supportedCodes.joined(separator: ", "),
                column: 0, topicID: id)
        }
        return (node, forms)
    }
}
