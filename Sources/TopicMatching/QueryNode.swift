/// A parsed topic query before word forms are applied: the same tree serves every language.
public indirect enum QueryNode: Sendable, Hashable {
    /// One word (a term the tokenizer splits, like `build-up`, becomes a phrase).
    case term(QueryWords)
    /// Words in order; `slop` is Lucene's proximity (0 = adjacent).
    case phrase(QueryWords, slop: Int)
    /// Every child matches; an empty `and` matches every page.
    case and([QueryNode])
    /// At least one child matches.
    case or([QueryNode])
    case not(QueryNode)
}

/// The words of a term or phrase as the tokenizer folds them, with how to compare them.
public struct QueryWords: Sendable, Hashable {
    /// Folded words (lowercase, apostrophes plain, possessive dropped).
    public var words: [String]
    /// `=word` / `="phrase"`: compare exact word forms, never stems.
    public var exact: Bool
    /// `expan*`: the single word is a prefix of exact word forms.
    public var prefix: Bool
    public var fields: FieldScope

    public init(words: [String], exact: Bool = false, prefix: Bool = false, fields: FieldScope = .standard) {
        self.words = words
        self.exact = exact
        self.prefix = prefix
        self.fields = fields
    }
}
