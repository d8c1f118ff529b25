/// Builds what a reader sees of each match on one page: the words as written and the
/// snippet, sharing the work between the many topics that match the same words.
struct MatchReporter {
    private let document: MatchDocument
    /// Sentence start or focus position → snippet.
    private var snippets: [Int: String] = [:]

    init(document: MatchDocument) {
        self.document = document
    }

    mutating func match(topicID: String, positions: [Int], hits: Int) -> TopicMatch {
        TopicMatch(topicID: topicID, matchedTerms: words(at: positions), snippet: snippet(for: positions), hits: hits)
    }

    /// The words at `positions` as written, each once, in page order.
    ///
    /// Positions are compared as written bytes, and only with listed words of the same key
    /// (most repeats of a word are written alike), so a string is made per listed word only.
    private func words(at positions: [Int]) -> [String] {
        var listed: [Int] = []
        var listedKeys: [UInt64] = []
        for position in positions.sorted() {
            let key = document.exactKeys[position]
            var known = false
            for index in listedKeys.indices where listedKeys[index] == key {
                if document.isWrittenAlike(listed[index], position) {
                    known = true
                    break
                }
            }
            guard !known else { continue }
            listed.append(position)
            listedKeys.append(key)
        }
        return listed.map { document.writtenWord(at: $0) }
    }

    private mutating func snippet(for positions: [Int]) -> String {
        let focus = document.snippetFocus(for: positions)
        guard focus >= 0 else { return "" }
        // A short sentence is the snippet whatever word in it matched.
        let key = document.wholeSentenceStart(at: focus) ?? focus
        if let known = snippets[key] { return known }
        let snippet = document.snippet(at: focus)
        snippets[key] = snippet
        return snippet
    }
}
