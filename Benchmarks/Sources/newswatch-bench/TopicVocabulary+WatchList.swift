import NewswatchTestSupport
import TopicMatching

extension TopicVocabulary {
    /// A topic as a monitoring desk writes one: a name or name phrase narrowed by context
    /// words, proximity between specific words, wildcard stems and exclusions.
    ///
    /// Real watch lists are specific (a desk of thousands of topics sees a page match a
    /// handful), so every shape is anchored on a name or a specific word (in at most a
    /// twentieth of the pages) and most are narrowed by an AND.
    func watchTopic(number: Int, using generator: inout SeededGenerator) -> TopicDefinition {
        func name() -> String { names.randomElement(using: &generator)! }
        func namePhrase() -> String {
            let pair = namePairs.randomElement(using: &generator)!
            return "\"\(pair.0) \(pair.1)\""
        }
        func contextWord() -> String { context.randomElement(using: &generator)! }
        func contextStem() -> String {
            let word = contextWord()
            return "\(word.prefix(max(5, word.count - 3)))*"
        }
        func contextGroup() -> String {
            "(\(contextWord()) OR \(contextStem()) OR \(contextWord()))"
        }
        func near(_ slop: Int) -> String {
            let pair = nearPairs.randomElement(using: &generator)!
            return "\"\(pair.0) \(pair.1)\"~\(slop)"
        }
        let query: String
        switch number % 6 {
        case 0: query = "\(namePhrase()) AND \(contextGroup())"
        case 1: query = "\(name()) AND (\(contextWord()) OR \(contextWord()))"
        case 2: query = "\(near(5)) AND \(contextWord()) AND NOT \(contextWord())"
        case 3: query = "(\(name()) OR \(name())) AND \(contextStem()) AND NOT \(contextWord())"
        case 4: query = "title:\(name()) OR (\(namePhrase()) AND \(contextStem()))"
        default: query = "\(namePhrase())~2 AND \(contextWord())"
        }
        return TopicDefinition(id: "w\(number)", name: "watch \(number)", query: query, language: "en")
    }
}
