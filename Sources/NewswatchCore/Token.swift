/// One word of a text, case-folded, with where it stood.
public struct Token: Sendable, Hashable {
    /// The folded word: lowercase, typographic apostrophes made plain, a possessive `'s` dropped.
    public var term: String
    /// UTF-8 offset of the word's first byte in the source text.
    public var start: Int32
    /// UTF-8 offset just past the word's last byte in the source text.
    public var end: Int32
    /// Index of the sentence the word is in, counted from 0 through the whole text.
    public var sentence: Int32

    public init(term: String, start: Int32, end: Int32, sentence: Int32) {
        self.term = term
        self.start = start
        self.end = end
        self.sentence = sentence
    }
}
