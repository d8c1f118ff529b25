import NewswatchCore

/// One field value of a page (the title, the body, one tag…) with its words.
struct DocumentSegment: Sendable {
    var field: FieldScope
    var text: String
    var words: TokenizedText
    var tokens: [Token] { words.tokens }
    /// Page-wide position of the first token.
    var firstPosition: Int
}
