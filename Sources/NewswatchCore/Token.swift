/// One word of a text, case-folded, with where it stood.
public struct Token: Sendable, Hashable {
    /// The folded word: lowercase, typographic apostrophes made plain, a possessive `'s` dropped.
    ///
    /// The tokenizer makes one string per distinct word of a text and shares it between
    /// that word's tokens: a long page repeats most of its words.
    public var term: String
    /// `WordKey.exact` of `term`, computed once while the word is folded.
    public var key: UInt64
    /// UTF-8 offset of the word's first byte in the source text.
    public var start: Int32
    /// UTF-8 offset just past the word's last byte in the source text.
    public var end: Int32
    /// Index of the sentence the word is in, counted from 0 through the whole text.
    public var sentence: Int32

    public init(term: String, start: Int32, end: Int32, sentence: Int32) {
        self.init(term: term, key: WordKey.exact(term), start: start, end: end, sentence: sentence)
    }

    init(term: String, key: UInt64, start: Int32, end: Int32, sentence: Int32) {
        self.term = term
        self.key = key
        self.start = start
        self.end = end
        self.sentence = sentence
    }
}
