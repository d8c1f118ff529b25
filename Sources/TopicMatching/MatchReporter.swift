/// Builds what a reader sees of each match on one page: the words as written and the
/// snippet, sharing the work between the many topics that match the same words.
struct MatchReporter {
    private let document: MatchDocument
    /// Sentence start or focus position → snippet.
    private var snippets: [Int: String] = [:]
    /// Position → the word as written, filled on first use (empty until a page matches).
    private var written: [String?] = []

    init(document: MatchDocument) {
        self.document = document
    }

    mutating func match(topicID: String, positions: [Int], hits: Int) -> TopicMatch {
        TopicMatch(topicID: topicID, matchedTerms: words(at: positions), snippet: snippet(for: positions), hits: hits)
    }

    /// The words at `positions` as written, each once, in page order.
    private mutating func words(at positions: [Int]) -> [String] {
        if written.isEmpty { written = Array(repeating: nil, count: document.positionCount) }
        var result: [String] = []
        // A set only pays for itself past a few words; most matches name one to three.
        var seen = Set<String>()
        for position in positions.sorted() {
            let word = written[position] ?? document.writtenWord(at: position)
            written[position] = word
            if result.count < 16 {
                if !result.contains(word) { result.append(word) }
                continue
            }
            if seen.isEmpty { seen = Set(result) }
            if seen.insert(word).inserted { result.append(word) }
        }
        return result
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
