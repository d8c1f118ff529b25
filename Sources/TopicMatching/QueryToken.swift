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
