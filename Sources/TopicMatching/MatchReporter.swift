/// Builds what a reader sees of each match on one page: the words as written and the
/// snippet, sharing the work between the many topics that match the same words.
struct MatchReporter {
    private let document: MatchDocument
    /// The document's segment texts, from `MatchDocument.withSegmentTexts`.
    private let texts: [UnsafeBufferPointer<UInt8>]
    /// Sentence start or focus position → snippet.
    private var snippets: [Int: String] = [:]

    init(document: MatchDocument, texts: [UnsafeBufferPointer<UInt8>]) {
        self.document = document
        self.texts = texts
    }

    mutating func match(topicID: String, positions: [Int], hits: Int) -> TopicMatch {
        TopicMatch(topicID: topicID, matchedTerms: words(at: positions), snippet: snippet(for: positions), hits: hits)
    }

    /// The words at `positions` as written, each once, in page order.
    ///
    /// Positions are compared as written bytes, and only with listed words of the same key
    /// (most repeats of a word are written alike), so a string is made per listed word only.
    private func words(at positions: [Int]) -> [String] {
        // The positions sorted, then the first position of each listed word, in one
        // temporary buffer: arrays grown per match were most of this work.
        withUnsafeTemporaryAllocation(of: Int.self, capacity: 2 * positions.count) { buffer in
            var sorted = UnsafeMutableBufferPointer(rebasing: buffer[..<positions.count])
            _ = sorted.initialize(from: positions)
            sorted.sort()
            let listed = UnsafeMutableBufferPointer(rebasing: buffer[positions.count...])
            var count = 0
            let keys = document.exactKeys
            for position in sorted {
                let key = keys[position]
                var known = false
                for index in 0..<count where keys[listed[index]] == key {
                    if document.isWrittenAlike(listed[index], position, in: texts) {
                        known = true
                        break
                    }
                }
                guard !known else { continue }
                listed[count] = position
                count += 1
            }
            return listed[..<count].map { String(decoding: document.writtenBytes(at: $0, in: texts), as: UTF8.self) }
        }
    }

    private mutating func snippet(for positions: [Int]) -> String {
        let focus = document.snippetFocus(for: positions)
        guard focus >= 0 else { return "" }
        // A short sentence is the snippet whatever word in it matched.
        let key = document.wholeSentenceStart(at: focus) ?? focus
        if let known = snippets[key] { return known }
        let snippet = document.snippet(at: focus, in: texts)
        snippets[key] = snippet
        return snippet
    }
}
