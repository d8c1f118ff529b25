extension QueryNode {
    /// The tree with every term that kept the default scope moved to `fields`
    /// (`title:(a OR b)`); explicit inner fields win.
    func scoped(to fields: FieldScope) -> QueryNode {
        guard fields != .standard else { return self }
        switch self {
        case .term(var words):
            if words.fields == .standard { words.fields = fields }
            return .term(words)
        case .phrase(var words, let slop):
            if words.fields == .standard { words.fields = fields }
            return .phrase(words, slop: slop)
        case .and(let nodes): return .and(nodes.map { $0.scoped(to: fields) })
        case .or(let nodes): return .or(nodes.map { $0.scoped(to: fields) })
        case .not(let node): return .not(node.scoped(to: fields))
        }
    }
}
