import NewswatchCore

/// A topic's query with its words turned into keys for one `WordForms`, as a span of the
/// set's flat `MatchProgram`.
struct CompiledTopic: Sendable {
    /// Index of the definition in the matcher's topic list.
    let definition: Int32
    /// The query's root step in the program.
    let root: Int32
    let minHits: Int
    /// Whether some leaf is not under a negation, so the topic can count hits.
    let hasPositiveLeaf: Bool
}

/// One node of a query in preorder: its children follow it, and `end` is the index just
/// past its subtree, so evaluation walks indexes and copies nothing.
struct MatchStep: Sendable {
    enum Kind: UInt8, Sendable {
        case leaf, and, or, not
    }

    let kind: Kind
    /// For a leaf: index into the program's leaves.
    let leaf: Int32
    var end: Int32
}

/// A term, prefix or phrase with keys in the exact or the word-form key space.
struct MatchLeaf: Sendable {
    enum Kind: UInt8, Sendable {
        case term, prefix, phrase
    }

    let kind: Kind
    /// The term's key, or the prefix key of a wildcard.
    let key: UInt64
    /// A phrase's words: `phraseKeys[firstWord..<firstWord + wordCount]`.
    let firstWord: Int32
    let wordCount: Int32
    let slop: Int32
    /// Compare word forms (stems) rather than exact forms.
    let usesForms: Bool
    let fields: FieldScope
    /// Byte length of the longest word (of the prefix, for a wildcard), a guess at how rare it is.
    let longestWord: Int32
    /// The key of the word that anchors the leaf: a phrase's longest.
    let anchorKey: UInt64
    /// For a prefix: `TermKey.prefixStart` of its first four bytes, or -1 when it is shorter.
    var prefixStart: Int32 = -1
}

/// The compiled queries of a topic set, flat: every step, leaf and phrase word in one array each.
struct MatchProgram: Sendable {
    private(set) var steps: [MatchStep] = []
    private(set) var leaves: [MatchLeaf] = []
    private(set) var phraseKeys: [UInt64] = []

    /// Appends `query`'s steps and returns its root; `formKey` maps a folded word to its
    /// word-form key (nil for exact forms).
    mutating func compile(_ query: QueryNode, formKey: ((String) -> UInt64)?) -> Int32 {
        let root = Int32(steps.count)
        switch query {
        case .term(let words), .phrase(let words, slop: _):
            let usesForms = formKey != nil && !words.exact && !words.prefix
            let keys = words.words.map { usesForms ? formKey!($0) : WordKey.exact($0) }
            let lengths = words.words.map(\.utf8.count)
            let longest = lengths.max() ?? 0
            let anchorKey = keys[lengths.firstIndex(of: longest) ?? 0]
            let leaf: MatchLeaf
            if words.prefix {
                var prefix = words.words[0]
                leaf = MatchLeaf(
                    kind: .prefix, key: TermKey.prefix(prefix), firstWord: 0, wordCount: 1, slop: 0,
                    usesForms: false, fields: words.fields, longestWord: Int32(longest), anchorKey: 0,
                    prefixStart: prefix.withUTF8 { $0.count >= 4 ? Int32(TermKey.prefixStart($0)) : -1 })
            } else if case .phrase(_, let slop) = query, keys.count > 1 {
                leaf = MatchLeaf(
                    kind: .phrase, key: keys[0], firstWord: Int32(phraseKeys.count), wordCount: Int32(keys.count),
                    slop: Int32(slop), usesForms: usesForms, fields: words.fields, longestWord: Int32(longest),
                    anchorKey: anchorKey)
                phraseKeys += keys
            } else {
                leaf = MatchLeaf(
                    kind: .term, key: keys[0], firstWord: 0, wordCount: 1, slop: 0, usesForms: usesForms,
                    fields: words.fields, longestWord: Int32(longest), anchorKey: keys[0])
            }
            leaves.append(leaf)
            steps.append(MatchStep(kind: .leaf, leaf: Int32(leaves.count - 1), end: root + 1))
            return root
        case .and(let nodes), .or(let nodes):
            let kind: MatchStep.Kind = if case .and = query { .and } else { .or }
            steps.append(MatchStep(kind: kind, leaf: -1, end: 0))
            for node in nodes { _ = compile(node, formKey: formKey) }
        case .not(let inner):
            steps.append(MatchStep(kind: .not, leaf: -1, end: 0))
            _ = compile(inner, formKey: formKey)
        }
        steps[Int(root)].end = Int32(steps.count)
        return root
    }

    /// The children of the step at `index`, in order.
    @inline(__always)
    func forEachChild(of index: Int, _ body: (Int) -> Bool) {
        var child = index + 1
        let end = Int(steps[index].end)
        while child < end {
            guard body(child) else { return }
            child = Int(steps[child].end)
        }
    }

    /// Whether some leaf under `root` is not under a negation.
    func hasPositiveLeaf(_ root: Int) -> Bool {
        func positive(_ index: Int, _ sign: Bool) -> Bool {
            switch steps[index].kind {
            case .leaf: return sign
            case .not: return positive(index + 1, !sign)
            case .and, .or:
                var found = false
                forEachChild(of: index) { child in
                    found = positive(child, sign)
                    return !found
                }
                return found
            }
        }
        return positive(root, true)
    }

    /// A phrase leaf's word keys.
    @inline(__always)
    func words(of leaf: MatchLeaf) -> ArraySlice<UInt64> {
        phraseKeys[Int(leaf.firstWord)..<Int(leaf.firstWord + leaf.wordCount)]
    }
}
