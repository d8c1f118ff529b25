extension PublishedDateParser {
    /// One piece of a date text: a run of ASCII digits, a run of letters, or one other mark.
    struct DateToken: Sendable {
        enum Kind: Sendable { case number, word, symbol }

        var kind: Kind
        /// Lowercased letters for a word, the mark for a symbol, the digits for a number.
        var text: String
        /// The number's value; 0 for words and symbols.
        var value: Int
        /// Whether whitespace came right before it, so `2016-08-23` is told from `2016 - 08`.
        var spaced: Bool

        var digits: Int { kind == .number ? text.utf8.count : 0 }

        func isSymbol(_ mark: String) -> Bool { kind == .symbol && text == mark }
        func isWord(_ word: String) -> Bool { kind == .word && text == word }
    }

    /// Splits a short text into date tokens; whitespace only marks the next token as spaced.
    static func dateTokens(of text: String) -> [DateToken] {
        var tokens: [DateToken] = []
        var scalars = String.UnicodeScalarView()
        var runKind: DateToken.Kind?
        var runSpaced = false
        var spaced = true

        func flush() {
            guard let kind = runKind else { return }
            let string = String(scalars)
            if kind == .number {
                let value = string.utf8.count <= 9 ? Int(string) ?? 0 : 0
                tokens.append(DateToken(kind: .number, text: string, value: value, spaced: runSpaced))
            } else {
                tokens.append(DateToken(kind: .word, text: string.lowercased(), value: 0, spaced: runSpaced))
            }
            scalars.removeAll(keepingCapacity: true)
            runKind = nil
        }

        for scalar in text.unicodeScalars {
            let kind: DateToken.Kind
            if scalar.value >= 48 && scalar.value <= 57 {
                kind = .number
            } else if scalar.properties.isAlphabetic {
                kind = .word
            } else if scalar.properties.isWhitespace {
                flush()
                spaced = true
                continue
            } else {
                flush()
                tokens.append(DateToken(kind: .symbol, text: String(scalar), value: 0, spaced: spaced))
                spaced = false
                continue
            }
            if runKind != kind {
                flush()
                runKind = kind
                runSpaced = spaced
            }
            scalars.append(scalar)
            spaced = false
        }
        flush()
        return tokens
    }
}
