/// One word of a text: its key, where it stood, and which of the text's distinct words it is.
///
/// A token holds no string: a long page repeats most of its words, so the folded form of
/// each distinct word is stored once, in `TokenizedText.words`, and tokens are plain values
/// that cost nothing to copy, keep or free.
public struct Token: Sendable, Hashable {
    /// `WordKey.exact` of the folded word, computed once while the word is folded.
    public var key: UInt64
    /// UTF-8 offset of the word's first byte in the source text.
    public var start: Int32
    /// UTF-8 offset just past the word's last byte in the source text.
    public var end: Int32
    /// Index of the sentence the word is in, counted from 0 through the whole text.
    public var sentence: Int32
    /// Number of the distinct word, in order of first occurrence in the text.
    public var word: Int32

    public init(key: UInt64, start: Int32, end: Int32, sentence: Int32, word: Int32) {
        self.key = key
        self.start = start
        self.end = end
        self.sentence = sentence
        self.word = word
    }
}
