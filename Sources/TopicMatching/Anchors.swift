/// Words of which every page matching a topic holds at least one (the percolator
/// pre-filter): a page that has none of them cannot match, so the topic is not evaluated.
struct Anchors: Sendable {
    var keys: [UInt64] = []
    /// Wildcard prefixes: (byte length, prefix key).
    var prefixes: [(length: Int, key: UInt64)] = []
    /// Expected candidate load: short words and prefixes are common, so they cost more.
    var cost: Double = 0

    /// Anchors of `node`, or nil when a matching page need not contain any word (negation).
    init?(_ node: MatchNode, leaves: [MatchLeaf]) {
        switch node {
        case .leaf(let index):
            let leaf = leaves[index]
            let weight = 1 + 12 / Double(max(leaf.longestWord, 1))
            switch leaf.kind {
            case .term(let key):
                keys = [key]
                cost = weight
            case .prefix(let bytes, let key):
                prefixes = [(bytes.count, key)]
                cost = weight * 4
            case .phrase(let words, _):
                // Any word of a phrase must occur; the longest is likely the rarest.
                keys = [words[leaf.anchorWord]]
                cost = weight
            }
        case .and(let children):
            // One child's anchors suffice: take the cheapest.
            var best: Anchors?
            for child in children {
                guard let anchors = Anchors(child, leaves: leaves) else { continue }
                if best == nil || anchors.cost < best!.cost { best = anchors }
            }
            guard let best else { return nil }
            self = best
        case .or(let children):
            for child in children {
                guard let anchors = Anchors(child, leaves: leaves) else { return nil }
                keys += anchors.keys
                prefixes += anchors.prefixes
                cost += anchors.cost
            }
        case .not:
            return nil
        }
    }
}
