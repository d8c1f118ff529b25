/// Splits a Lucene classic query into tokens, counting columns in characters.
///
/// As in Lucene, `+`, `-` and `!` are operators only at the start of a word (so `build-up`
/// is one word), `AND`, `OR` and `NOT` only in capitals, and a backslash escapes the next
/// character. Boosts (`^2`) are accepted and ignored: matching is yes/no.
///
/// It walks the query's UTF-8 bytes and cuts words and phrases out of them whole: lexing
/// `Character`s one by one (grapheme breaking, a string append per character) cost more than
/// everything else in validating a watch list of 100,000 topics. Columns stay in characters:
/// an ASCII query's bytes are its characters, other queries map bytes to characters once.
struct QueryLexer {
    private let bytes: [UInt8]
    /// The 1-based character column of each byte; nil when each byte is one character.
    private let columns: [Int]?
    private var index = 0

    init(_ query: String) {
        bytes = Array(query.utf8)
        if bytes.allSatisfy({ $0 < 0x80 && $0 != 0x0D }) {
            columns = nil
        } else {
            var columns: [Int] = []
            columns.reserveCapacity(bytes.count)
            for (offset, character) in query.enumerated() {
                columns.append(contentsOf: repeatElement(offset + 1, count: character.utf8.count))
            }
            self.columns = columns
        }
    }

    mutating func tokens() throws(TopicQueryError) -> [QueryToken] {
        var result: [QueryToken] = []
        while index < bytes.count {
            let (scalar, length) = self.scalar(at: index)
            let column = self.column(index)
            if Self.isWhitespace(scalar) {
                index += length
                continue
            }
            switch scalar {
            case "(": result.append(operatorToken(.leftParenthesis, column: column))
            case ")": result.append(operatorToken(.rightParenthesis, column: column))
            case "+": result.append(operatorToken(.plus, column: column))
            case "-": result.append(operatorToken(.minus, column: column))
            case "!": result.append(operatorToken(.not, column: column))
            case "=": result.append(operatorToken(.exact, column: column))
            case "&" where peekByte(1) == UInt8(ascii: "&"):
                index += 1
                result.append(operatorToken(.and, column: column))
            case "|" where peekByte(1) == UInt8(ascii: "|"):
                index += 1
                result.append(operatorToken(.or, column: column))
            case "\"": result.append(try phrase())
            case "~": result.append(try proximity())
            case "^": skipBoost()
            case "*", "?":
                throw TopicQueryError(
                    code: .unsupportedWildcard,
                    message: "a wildcard may only end a word, as in expan*", column: column)
            case ":":
                throw TopicQueryError(
                    code: .unknownField, message: "':' needs a field name before it (\(FieldScope.names))",
                    column: column)
            case "/":
                throw TopicQueryError(
                    code: .unsupportedSyntax,
                    message: "regular expressions (/…/) are not supported; use words, \"phrases\" and trailing wildcards such as expan*",
                    column: column)
            case "[", "{":
                throw TopicQueryError(
                    code: .unsupportedSyntax, message: "ranges ([a TO b]) are not supported; list the words with OR",
                    column: column)
            default: result.append(try word())
            }
        }
        return result
    }

    // MARK: reading bytes

    private func column(_ position: Int) -> Int {
        guard let columns else { return position + 1 }
        return position < columns.count ? columns[position] : (columns.last ?? 0) + 1
    }

    private func peekByte(_ offset: Int) -> UInt8? {
        index + offset < bytes.count ? bytes[index + offset] : nil
    }

    /// The scalar starting at `position` and its length in bytes (the text is valid UTF-8).
    private func scalar(at position: Int) -> (Unicode.Scalar, Int) {
        let lead = bytes[position]
        if lead < 0x80 { return (Unicode.Scalar(lead), 1) }
        let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
        var value = UInt32(lead) & (0xFF >> (length + 1))
        for offset in 1..<length where position + offset < bytes.count {
            value = value << 6 | UInt32(bytes[position + offset] & 0x3F)
        }
        return (Unicode.Scalar(value) ?? "\u{FFFD}", length)
    }

    private static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value < 0x80 { return scalar == " " || (0x09...0x0D).contains(scalar.value) }
        return scalar.properties.isWhitespace
    }

    /// Scalars that end a bare word besides whitespace.
    private static func endsWord(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "(", ")", "\"", ":", "~", "^": true
        default: isWhitespace(scalar)
        }
    }

    /// A one-scalar operator; combining marks written after it belong to its character and
    /// are dropped with it.
    private mutating func operatorToken(_ kind: QueryToken.Kind, column: Int) -> QueryToken {
        index += 1
        skipMarks()
        return QueryToken(kind: kind, column: column)
    }

    private mutating func skipMarks() {
        while index < bytes.count, bytes[index] >= 0x80 {
            let (scalar, length) = self.scalar(at: index)
            switch scalar.properties.generalCategory {
            case .nonspacingMark, .spacingMark, .enclosingMark: index += length
            default: return
            }
        }
    }

    /// The text of `bytes[start..<end]` without the backslashes that escape the next scalar.
    private func text(_ start: Int, _ end: Int, escaped: Bool) -> String {
        guard escaped else { return String(decoding: bytes[start..<end], as: UTF8.self) }
        var kept: [UInt8] = []
        var position = start
        while position < end {
            if bytes[position] == UInt8(ascii: "\\") && position + 1 < end { position += 1 }
            kept.append(bytes[position])
            position += 1
        }
        return String(decoding: kept, as: UTF8.self)
    }

    // MARK: tokens

    private mutating func phrase() throws(TopicQueryError) -> QueryToken {
        let column = self.column(index)
        index += 1
        let start = index
        var escaped = false
        while index < bytes.count, bytes[index] != UInt8(ascii: "\"") {
            if bytes[index] == UInt8(ascii: "\\"), index + 1 < bytes.count {
                escaped = true
                index += 1
            }
            index += 1
        }
        guard index < bytes.count else {
            throw TopicQueryError(
                code: .unterminatedPhrase, message: "the phrase has no closing quote", column: column)
        }
        let phrase = text(start, index, escaped: escaped)
        index += 1
        skipMarks()
        return QueryToken(kind: .phrase(phrase), column: column)
    }

    private mutating func proximity() throws(TopicQueryError) -> QueryToken {
        let column = self.column(index)
        index += 1
        var slop = 0
        var digits = 0
        while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) {
            slop = min(slop * 10 + Int(bytes[index] - UInt8(ascii: "0")), 1_000_000)
            digits += 1
            index += 1
        }
        guard digits > 0, slop <= 1000 else {
            throw TopicQueryError(
                code: .badProximity, message: "'~' needs a word distance after it, as in \"NATO expansion\"~5",
                column: column)
        }
        return QueryToken(kind: .proximity(slop), column: column)
    }

    private mutating func skipBoost() {
        index += 1
        while index < bytes.count {
            let (scalar, length) = self.scalar(at: index)
            guard scalar.properties.numericType != nil || scalar == "." else { return }
            index += length
        }
    }

    private mutating func word() throws(TopicQueryError) -> QueryToken {
        let column = self.column(index)
        let start = index
        var end = index
        var escaped = false
        var wildcard = false
        while index < bytes.count {
            let (scalar, length) = self.scalar(at: index)
            if Self.endsWord(scalar) { break }
            if scalar == "\\", index + 1 < bytes.count {
                escaped = true
                index += 1 + self.scalar(at: index + 1).1
                end = index
                continue
            }
            if scalar == "*" || scalar == "?" {
                let next = index + 1 < bytes.count ? self.scalar(at: index + 1).0 : nil
                guard scalar == "*", next.map(Self.endsWord) ?? true else {
                    throw TopicQueryError(
                        code: .unsupportedWildcard,
                        message: "a wildcard may only end a word, as in expan*", column: self.column(index))
                }
                wildcard = true
                index += 1
                break
            }
            index += length
            end = index
        }
        let word = text(start, end, escaped: escaped)
        if !wildcard, index < bytes.count, bytes[index] == UInt8(ascii: ":") {
            index += 1
            return QueryToken(kind: .field(word), column: column)
        }
        if !wildcard {
            switch word {
            case "AND": return QueryToken(kind: .and, column: column)
            case "OR": return QueryToken(kind: .or, column: column)
            case "NOT": return QueryToken(kind: .not, column: column)
            default: break
            }
        }
        return QueryToken(kind: .word(word, wildcard: wildcard), column: column)
    }
}
