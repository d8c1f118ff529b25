/// Words of which every page matching a topic holds at least one (the percolator
/// pre-filter): a page that has none of them cannot match, so the topic is not evaluated.
struct Anchors: Sendable {
    var keys: [UInt64] = []
    /// Wildcard prefix keys.
    var prefixes: [UInt64] = []
    /// Expected candidate load: short words and prefixes are common, so they cost more.
    var cost: Double = 0

    /// Anchors of the step at `index`, or nil when a matching page need not contain any
    /// word (negation).
    init?(_ program: MatchProgram, at index: Int) {
        let step = program.steps[index]
        switch step.kind {
        case .leaf:
            let leaf = program.leaves[Int(step.leaf)]
            let weight = 1 + 12 / Double(max(leaf.longestWord, 1))
            switch leaf.kind {
            case .term, .phrase:
                // Any word of a phrase must occur; the longest is likely the rarest.
                keys = [leaf.anchorKey]
                cost = weight
            case .prefix:
                prefixes = [leaf.key]
                cost = weight * 4
            }
        case .and:
            // One child's anchors suffice: take the cheapest.
            var best: Anchors?
            program.forEachChild(of: index) { child in
                if let anchors = Anchors(program, at: child), best == nil || anchors.cost < best!.cost {
                    best = anchors
                }
                return true
            }
            guard let best else { return nil }
            self = best
        case .or:
            var complete = true
            program.forEachChild(of: index) { child in
                guard let anchors = Anchors(program, at: child) else {
                    complete = false
                    return false
                }
                keys += anchors.keys
                prefixes += anchors.prefixes
                cost += anchors.cost
                return true
            }
            guard complete else { return nil }
        case .not:
            return nil
        }
    }

    /// Up to two anchor sets that a matching page must each meet (Lucene Monitor's
    /// multipass presearcher): for a query that is an AND, the two cheapest children's;
    /// nil when no word is required. Requiring a word of the context group as well as the
    /// name cuts the candidates of `name AND (a OR b)` topics to the pages with both.
    static func passes(_ program: MatchProgram, root: Int) -> [Anchors]? {
        guard program.steps[root].kind == .and else { return Anchors(program, at: root).map { [$0] } }
        var children: [Anchors] = []
        program.forEachChild(of: root) { child in
            if let anchors = Anchors(program, at: child) { children.append(anchors) }
            return true
        }
        guard !children.isEmpty else { return nil }
        return Array(children.sorted { $0.cost < $1.cost }.prefix(2))
    }
}
