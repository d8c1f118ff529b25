/// Splits a Lucene classic query into tokens, counting columns in characters.
///
/// As in Lucene, `+`, `-` and `!` are operators only at the start of a word (so `build-up`
/// is one word), `AND`, `OR` and `NOT` only in capitals, and a backslash escapes the next
/// character. Boosts (`^2`) are accepted and ignored: matching is yes/no.
struct QueryLexer {
    private let characters: [Character]
    private var index = 0

    init(_ query: String) {
        characters = Array(query)
    }

    /// Characters that end a bare word.
    private static let wordEnds: Set<Character> = ["(", ")", "\"", ":", "~", "^"]

    mutating func tokens() throws(TopicQueryError) -> [QueryToken] {
        var result: [QueryToken] = []
        while index < characters.count {
            // A combining mark after an operator joins its character: look at the first scalar.
            let character = Self.lead(characters[index])
            let column = index + 1
            if character.isWhitespace {
                index += 1
                continue
            }
            switch character {
            case "(": result.append(QueryToken(kind: .leftParenthesis, column: column)); index += 1
            case ")": result.append(QueryToken(kind: .rightParenthesis, column: column)); index += 1
            case "+": result.append(QueryToken(kind: .plus, column: column)); index += 1
            case "-": result.append(QueryToken(kind: .minus, column: column)); index += 1
            case "!": result.append(QueryToken(kind: .not, column: column)); index += 1
            case "=": result.append(QueryToken(kind: .exact, column: column)); index += 1
            case "&" where peek(1) == "&": result.append(QueryToken(kind: .and, column: column)); index += 2
            case "|" where peek(1) == "|": result.append(QueryToken(kind: .or, column: column)); index += 2
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

    private func peek(_ offset: Int) -> Character? {
        index + offset < characters.count ? Self.lead(characters[index + offset]) : nil
    }

    private static func lead(_ character: Character) -> Character {
        character.unicodeScalars.count == 1 ? character : Character(character.unicodeScalars.first!)
    }

    private mutating func phrase() throws(TopicQueryError) -> QueryToken {
        let column = index + 1
        var text = String(String.UnicodeScalarView(characters[index].unicodeScalars.dropFirst()))
        index += 1
        while index < characters.count, Self.lead(characters[index]) != "\"" {
            if characters[index] == "\\", index + 1 < characters.count { index += 1 }
            text.append(characters[index])
            index += 1
        }
        guard index < characters.count else {
            throw TopicQueryError(
                code: .unterminatedPhrase, message: "the phrase has no closing quote", column: column)
        }
        index += 1
        return QueryToken(kind: .phrase(text), column: column)
    }

    private mutating func proximity() throws(TopicQueryError) -> QueryToken {
        let column = index + 1
        index += 1
        var digits = ""
        while index < characters.count, let digit = characters[index].wholeNumberValue, characters[index].isASCII {
            digits.append(String(digit))
            index += 1
        }
        guard let slop = Int(digits), slop <= 1000 else {
            throw TopicQueryError(
                code: .badProximity, message: "'~' needs a word distance after it, as in \"NATO expansion\"~5",
                column: column)
        }
        return QueryToken(kind: .proximity(slop), column: column)
    }

    private mutating func skipBoost() {
        index += 1
        while index < characters.count, characters[index].isNumber || characters[index] == "." { index += 1 }
    }

    private mutating func word() throws(TopicQueryError) -> QueryToken {
        let column = index + 1
        var text = ""
        var wildcard = false
        while index < characters.count {
            let character = characters[index]
            if character.isWhitespace || Self.wordEnds.contains(character) { break }
            if character == "\\", index + 1 < characters.count {
                text.append(characters[index + 1])
                index += 2
                continue
            }
            if character == "*" || character == "?" {
                let next = peek(1)
                guard character == "*", next == nil || next!.isWhitespace || Self.wordEnds.contains(next!) else {
                    throw TopicQueryError(
                        code: .unsupportedWildcard,
                        message: "a wildcard may only end a word, as in expan*", column: index + 1)
                }
                wildcard = true
                index += 1
                break
            }
            text.append(character)
            index += 1
        }
        if !wildcard, index < characters.count, characters[index] == ":" {
            index += 1
            return QueryToken(kind: .field(text), column: column)
        }
        if !wildcard {
            switch text {
            case "AND": return QueryToken(kind: .and, column: column)
            case "OR": return QueryToken(kind: .or, column: column)
            case "NOT": return QueryToken(kind: .not, column: column)
            default: break
            }
        }
        return QueryToken(kind: .word(text, wildcard: wildcard), column: column)
    }
}
