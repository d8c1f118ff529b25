extension TopicDefinition {
    /// Checks the query, language and `minHits` as `TopicMatcher` will, without building a
    /// matcher, so a watch list of 100,000 topics is validated in one pass.
    /// - Returns: what parses but is probably a mistake (a lowercase `and` between words).
    /// - Throws: `TopicQueryError` naming the topic and the column in its query.
    public func validate(parser: QueryParser = QueryParser()) throws(TopicQueryError) -> [TopicQueryWarning] {
        try compile(parser: parser, collectingWarnings: true).warnings
    }

    /// The parsed query, the word forms of a fixed `language` (nil: the page's own), and,
    /// when asked for, the warnings about the query.
    func compile(
        parser: QueryParser, collectingWarnings: Bool = false
    ) throws(TopicQueryError) -> (node: QueryNode, forms: WordForms?, warnings: [TopicQueryWarning]) {
        let node: QueryNode
        var warnings: [TopicQueryWarning] = []
        do {
            if collectingWarnings {
                (node, warnings) = try parser.parseWithWarnings(query)
            } else {
                node = try parser.parse(query)
            }
        } catch {
            var error = error
            error.topicID = id
            throw error
        }
        guard minHits >= 1 else {
            throw TopicQueryError(
                code: .badMinHits, message: "min_hits must be 1 or more, not \(minHits)", column: 0, topicID: id)
        }
        guard let language else { return (node, nil, warnings) }
        guard let forms = WordForms(topicLanguage: language) else {
            throw TopicQueryError(
                code: .unknownLanguage,
                message: "unknown language \"\(language)\"; use none or one of "
                    + WordForms.supportedCodes.joined(separator: ", "),
                column: 0, topicID: id)
        }
        return (node, forms, warnings)
    }
}
