import NewswatchCore

/// One field value of a page (the title, the body, one tag…) with its words.
struct DocumentSegment: Sendable {
    var field: FieldScope
    var text: String
    var tokens: [Token]
    /// Page-wide position of the first token.
    var firstPosition: Int

    /// The words of the segment as written in it, from a token's offsets.
    func written(_ token: Token) -> String {
        let utf8 = text.utf8
        let start = utf8.index(utf8.startIndex, offsetBy: Int(token.start))
        let end = utf8.index(utf8.startIndex, offsetBy: Int(token.end))
        return String(text[start..<end])
    }
}
