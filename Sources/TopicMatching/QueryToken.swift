/// One lexical unit of a query with the column it starts at.
struct QueryToken: Sendable, Hashable {
    enum Kind: Sendable, Hashable {
        /// A bare word; `wildcard` when it ended in `*`.
        case word(String, wildcard: Bool)
        case phrase(String)
        /// `name:` before a term, phrase or group.
        case field(String)
        case leftParenthesis
        case rightParenthesis
        case and
        case or
        case not
        case plus
        case minus
        /// `=` before a word or phrase: exact word forms.
        case exact
        /// `~N` after a phrase.
        case proximity(Int)
    }

    var kind: Kind
    /// 1-based, in characters.
    var column: Int

    /// Whether a clause can end with this token (a word, a phrase, `)` or `~N`).
    var endsClause: Bool {
        switch kind {
        case .word, .phrase, .rightParenthesis, .proximity: true
        default: false
        }
    }

    /// Whether a clause can begin with this token.
    var beginsClause: Bool {
        switch kind {
        case .word, .phrase, .field, .leftParenthesis, .exact, .plus, .minus, .not: true
        default: false
        }
    }

    /// How the token reads in an error message.
    var spelling: String {
        switch kind {
        case .word(let text, let wildcard): wildcard ? text + "*" : text
        case .phrase(let text): "\"\(text)\""
        case .field(let name): name + ":"
        case .leftParenthesis: "("
        case .rightParenthesis: ")"
        case .and: "AND"
        case .or: "OR"
        case .not: "NOT"
        case .plus: "+"
        case .minus: "-"
        case .exact: "="
        case .proximity(let slop): "~\(slop)"
        }
    }
}
