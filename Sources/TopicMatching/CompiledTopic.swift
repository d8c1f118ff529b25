/// A topic's query with its words turned into keys for one `WordForms`.
struct CompiledTopic: Sendable {
    /// Index of the definition in the matcher's topic list.
    let definition: Int32
    let root: MatchNode
    let leaves: [MatchLeaf]
    let minHits: Int
}

/// The query tree over leaf indexes.
indirect enum MatchNode: Sendable {
    case leaf(Int)
    case and([MatchNode])
    case or([MatchNode])
    case not(MatchNode)
}

/// A term, prefix or phrase with keys in the exact or the word-form key space.
struct MatchLeaf: Sendable {
    enum Kind: Sendable {
        case term(UInt64)
        /// Folded prefix bytes and their prefix key.
        case prefix([UInt8], key: UInt64)
        case phrase([UInt64], slop: Int)
    }

    let kind: Kind
    /// Compare word forms (stems) rather than exact forms.
    let usesForms: Bool
    let fields: FieldScope
    /// Byte length of the longest word, a guess at how rare it is.
    let longestWord: Int
    /// Which phrase word anchors the leaf: the longest.
    let anchorWord: Int
}

extension CompiledTopic {
    /// Turns a parsed query into keys; `formKey` maps a folded word to its word-form key
    /// (nil for exact forms).
    init(definition: Int32, query: QueryNode, minHits: Int, formKey: ((String) -> UInt64)?) {
        var leaves: [MatchLeaf] = []
        func compile(_ node: QueryNode) -> MatchNode {
            switch node {
            case .term(let words), .phrase(let words, slop: _):
                let usesForms = formKey != nil && !words.exact && !words.prefix
                let keys = words.words.map { usesForms ? formKey!($0) : TermKey.exact($0) }
                let lengths = words.words.map(\.utf8.count)
                let longest = lengths.max() ?? 0
                let kind: MatchLeaf.Kind
                if words.prefix {
                    kind = .prefix(Array(words.words[0].utf8), key: TermKey.prefix(words.words[0]))
                } else if case .phrase(_, let slop) = node, keys.count > 1 {
                    kind = .phrase(keys, slop: slop)
                } else {
                    kind = .term(keys[0])
                }
                leaves.append(
                    MatchLeaf(
                        kind: kind, usesForms: usesForms, fields: words.fields, longestWord: longest,
                        anchorWord: lengths.firstIndex(of: longest) ?? 0))
                return .leaf(leaves.count - 1)
            case .and(let nodes): return .and(nodes.map(compile))
            case .or(let nodes): return .or(nodes.map(compile))
            case .not(let inner): return .not(compile(inner))
            }
        }
        let root = compile(query)
        self.init(definition: definition, root: root, leaves: leaves, minHits: minHits)
    }
}

extension CompiledTopic {
    /// Whether some leaf is not under a negation, so the topic can count hits.
    var hasPositiveLeaf: Bool {
        func positive(_ node: MatchNode, _ sign: Bool) -> Bool {
            switch node {
            case .leaf: sign
            case .and(let children), .or(let children): children.contains { positive($0, sign) }
            case .not(let child): positive(child, !sign)
            }
        }
        return positive(root, true)
    }
}
