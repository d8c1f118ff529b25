import NewswatchCore

/// The topics that share one `WordForms`, indexed by their anchor words.
final class TopicSet: Sendable {
    let forms: WordForms
    let topics: [CompiledTopic]
    /// Anchor key (exact or word-form) → topics (indexes into `topics`).
    private let keyIndex: [UInt64: [Int32]]
    /// Prefix key → topics whose anchor is a wildcard prefix.
    private let prefixIndex: [UInt64: [Int32]]
    /// `prefixLengths[n]` tells whether some anchor prefix is n bytes long.
    private let prefixLengths: [Bool]
    /// Topics no word can rule out, such as pure negations: always evaluated.
    private let unanchored: [Int32]

    /// One parsed topic ready to compile.
    struct Entry: Sendable {
        var definition: Int32
        var query: QueryNode
        var minHits: Int
    }

    init(forms: WordForms, entries: [Entry], pool: StemmerPool) {
        self.forms = forms
        let compile: (((String) -> UInt64)?) -> [CompiledTopic] = { formKey in
            entries.map {
                CompiledTopic(definition: $0.definition, query: $0.query, minHits: $0.minHits, formKey: formKey)
            }
        }
        switch forms {
        case .exact:
            topics = compile(nil)
        case .stemmed(let algorithm):
            topics =
                pool.withStemmer(algorithm) { stemmer in
                    compile { stemmer.formKey(of: $0, exactKey: TermKey.exact($0)) }
                } ?? compile(nil)
        }
        var keyIndex: [UInt64: [Int32]] = [:]
        var prefixIndex: [UInt64: [Int32]] = [:]
        var prefixLengths: [Bool] = []
        var unanchored: [Int32] = []
        for (index, topic) in topics.enumerated() {
            let index = Int32(index)
            guard let anchors = Anchors(topic.root, leaves: topic.leaves) else {
                unanchored.append(index)
                continue
            }
            for key in Set(anchors.keys) { keyIndex[key, default: []].append(index) }
            for prefix in anchors.prefixes {
                prefixIndex[prefix.key, default: []].append(index)
                if prefixLengths.count <= prefix.length {
                    prefixLengths += Array(repeating: false, count: prefix.length + 1 - prefixLengths.count)
                }
                prefixLengths[prefix.length] = true
            }
        }
        self.keyIndex = keyIndex
        self.prefixIndex = prefixIndex
        self.prefixLengths = prefixLengths
        self.unanchored = unanchored
    }

    /// Topics that may match the page: those with an anchor among its words, in topic order.
    func candidates(in document: MatchDocument, words: PageWords) -> [Int32] {
        var marked = [Bool](repeating: false, count: topics.count)
        var result: [Int32] = unanchored
        for index in unanchored { marked[Int(index)] = true }
        func mark(_ list: [Int32]) {
            for index in list where !marked[Int(index)] {
                marked[Int(index)] = true
                result.append(index)
            }
        }
        if !keyIndex.isEmpty {
            for key in document.exactPostings.heads.keys {
                if let list = keyIndex[key] { mark(list) }
            }
            if case .stemmed = forms {
                for key in words.postings.heads.keys {
                    if let list = keyIndex[key] { mark(list) }
                }
            }
        }
        if !prefixIndex.isEmpty {
            for position in document.exactPostings.heads.values {
                var term = document.token(at: Int(position)).term
                term.withUTF8 { bytes in
                    TermKey.forEachPrefix(of: bytes, lengths: prefixLengths) { key in
                        if let list = prefixIndex[key] { mark(list) }
                    }
                }
            }
        }
        result.sort()
        return result
    }
}
