/// A text's tokens and the distinct words they refer to.
public struct TokenizedText: Sendable {
    /// The words in order, as they stood in the text.
    public var tokens: [Token]
    /// The folded form of each distinct word; `Token.word` numbers them.
    public var words: FoldedWords

    public init(tokens: [Token] = [], words: FoldedWords = FoldedWords()) {
        self.tokens = tokens
        self.words = words
    }

    public var count: Int { tokens.count }
    public var isEmpty: Bool { tokens.isEmpty }

    /// The folded form of `token` (a token of this text).
    public func term(of token: Token) -> String { words[Int(token.word)] }

    /// The folded form of every token, in order: for queries and tests, not hot paths.
    public var terms: [String] { tokens.map { words[Int($0.word)] } }
}
