/// Splits plain article text into paragraphs: at blank lines when the text has them,
/// else at every line break.
enum TextParagraphs {
    static func split(_ text: String) -> [String] {
        // "\r\n" is one Character in Swift: drop carriage returns so lines split alike.
        let normalized = String(String.UnicodeScalarView(text.unicodeScalars.filter { $0 != "\r" }))
        let hasBlankLines = normalized.contains("\n\n")
        let pieces = hasBlankLines
            ? normalized.split(separator: "\n\n").map(String.init)
            : normalized.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        return pieces.map { collapse($0) }.filter { !$0.isEmpty }
    }

    /// White space runs as one space, trimmed.
    static func collapse(_ text: String) -> String {
        text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }
}
