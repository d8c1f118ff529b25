import NewswatchCore

/// One field value of a page (the title, the body, one tag…) with its words.
struct DocumentSegment: Sendable {
    var field: FieldScope
    var text: String
    var words: TokenizedText
    var tokens: [Token] { words.tokens }
    /// Page-wide position of the first token.
    var firstPosition: Int

    /// The words of the segment as written in it, from a token's offsets.
    func written(_ token: Token) -> String {
        var text = text
        return text.withUTF8 { bytes in
            String(decoding: UnsafeBufferPointer(rebasing: bytes[Int(token.start)..<Int(token.end)]), as: UTF8.self)
        }
    }
}
