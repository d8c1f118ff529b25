import NewswatchCore

/// Parses Lucene classic query syntax into a `QueryNode` tree.
///
/// Syntax: `word`, `"a phrase"`, `"a phrase"~N` (words within N moves, Lucene's slop),
/// `expan*` (a trailing wildcard over exact word forms), `=word` and `="a phrase"` (exact
/// word forms, no stemming), `AND`/`&&`, `OR`/`||`, `NOT`/`!`, `+required`, `-excluded`,
/// `( … )`, and `title:`, `body:`, `section:`, `tags:`, `source:` before a word, phrase or
/// group (no field means title and body). Operators are capitals only: `and` is a word.
/// A word the tokenizer splits (`build-up`, `U.S.`) is a phrase, as in Lucene.
///
/// Precedence, loosest first: the clause list (clauses side by side or joined by `OR`/`||`;
/// the default operator is OR, as in Lucene classic), then `AND`/`&&`, then `NOT`/`!`.
/// In a clause list `+x` is required, `-x` and `NOT x` are excluded and the rest are
/// optional; when any clause is required the optional ones do not decide the match.
/// Unlike Lucene classic, `AND` binds tighter than the list: `a b AND c` is `a OR (b AND c)`.
/// A list of only excluded clauses matches every page without them.
public struct QueryParser: Sendable {
    private let tokenizer = Tokenizer()

    public init() {}

    public func parse(_ query: String) throws(TopicQueryError) -> QueryNode {
        var lexer = QueryLexer(query)
        return try parse(tokens: try lexer.tokens())
    }

    /// Parses and lists what is probably a mistake (see `warnings(for:)`), lexing once.
    public func parseWithWarnings(_ query: String) throws(TopicQueryError) -> (QueryNode, [TopicQueryWarning]) {
        var lexer = QueryLexer(query)
        let tokens = try lexer.tokens()
        return (try parse(tokens: tokens), Self.warnings(in: tokens))
    }

    private func parse(tokens: [QueryToken]) throws(TopicQueryError) -> QueryNode {
        var state = State(tokens: tokens, tokenizer: tokenizer)
        guard !state.tokens.isEmpty else {
            throw TopicQueryError(code: .emptyQuery, message: "the query is empty", column: 1)
        }
        let node = try state.clauseList(openedAt: nil)
        if let stray = state.current {
            throw TopicQueryError(
                code: .unbalancedParenthesis, message: "')' closes no '('", column: stray.column)
        }
        return node
    }

    /// A message about a column of `query` for a terminal or a log: "column 10: …", then the
    /// query and a caret under the column (the message alone when there is no column).
    public static func pointing(at column: Int, in query: String, _ message: String) -> String {
        guard column > 0, !query.contains("\n") else { return message }
        return "column \(column): \(message)\n    \(query)\n    \(String(repeating: " ", count: column - 1))^"
    }

    /// What in a query that parses is probably a mistake: `and`, `or` or `not` in lower case
    /// between words are ordinary words (operators are capitals, as in Lucene), so
    /// `nato and expansion` matches a page with either word.
    public func warnings(for query: String) -> [TopicQueryWarning] {
        var lexer = QueryLexer(query)
        guard let tokens = try? lexer.tokens() else { return [] }
        return Self.warnings(in: tokens)
    }

    private static func warnings(in tokens: [QueryToken]) -> [TopicQueryWarning] {
        var warnings: [TopicQueryWarning] = []
        for (index, token) in tokens.enumerated() {
            guard case .word(let text, wildcard: false) = token.kind,
                let spelled = ["and": "AND", "or": "OR", "not": "NOT"][text.lowercased()], text != spelled
            else { continue }
            let before = index > 0 && tokens[index - 1].endsClause
            let after = index + 1 < tokens.count && tokens[index + 1].beginsClause
            guard after && (before || spelled == "NOT") else { continue }
            warnings.append(
                TopicQueryWarning(
                    message: "\"\(text)\" is matched as a word here; did you mean \(spelled)? (operators are capitals)",
                    column: token.column))
        }
        return warnings
    }
}

extension QueryParser {
    /// The parse position; one per `parse` call.
    fileprivate struct State {
        let tokens: [QueryToken]
        let tokenizer: Tokenizer
        var index = 0

        init(tokens: [QueryToken], tokenizer: Tokenizer) {
            self.tokens = tokens
            self.tokenizer = tokenizer
        }

        var current: QueryToken? { index < tokens.count ? tokens[index] : nil }

        /// Whether the current token can begin a clause.
        var startsClause: Bool { current?.beginsClause ?? false }

        private enum Occurrence { case should, must, mustNot }

        mutating func clauseList(openedAt parenthesis: QueryToken?) throws(TopicQueryError) -> QueryNode {
            var must: [QueryNode] = []
            var should: [QueryNode] = []
            var mustNot: [QueryNode] = []
            var sawClause = false
            while let token = current {
                if token.kind == .rightParenthesis { break }
                if token.kind == .or || token.kind == .and {
                    index += 1
                    guard sawClause, startsClause else { throw dangling(token) }
                    if token.kind == .and { throw dangling(token) }
                    continue
                }
                let (occurrence, node) = try andChain()
                sawClause = true
                switch occurrence {
                case .should: should.append(node)
                case .must: must.append(node)
                case .mustNot: mustNot.append(node)
                }
            }
            if let parenthesis {
                guard current?.kind == .rightParenthesis else {
                    throw TopicQueryError(
                        code: .unbalancedParenthesis, message: "'(' is never closed", column: parenthesis.column)
                }
                guard sawClause else {
                    throw TopicQueryError(
                        code: .emptyQuery, message: "the parentheses hold no query", column: parenthesis.column)
                }
                index += 1
            } else if !sawClause, let token = current {
                throw TopicQueryError(code: .unbalancedParenthesis, message: "')' closes no '('", column: token.column)
            }
            let excluded = mustNot.map { QueryNode.not($0) }
            if !must.isEmpty { return Self.all(must + excluded) }
            if should.isEmpty { return Self.all(excluded) }
            return Self.all([Self.any(should)] + excluded)
        }

        /// Clauses joined by AND; a lone clause keeps its `+`/`-`/`NOT` for the list.
        private mutating func andChain() throws(TopicQueryError) -> (Occurrence, QueryNode) {
            let first = try modified()
            guard current?.kind == .and else { return first }
            var parts = [Self.standalone(first)]
            while let token = current, token.kind == .and {
                index += 1
                guard startsClause else { throw dangling(token) }
                parts.append(Self.standalone(try modified()))
            }
            return (.should, Self.all(parts))
        }

        private static func standalone(_ clause: (Occurrence, QueryNode)) -> QueryNode {
            clause.0 == .mustNot ? .not(clause.1) : clause.1
        }

        private mutating func modified() throws(TopicQueryError) -> (Occurrence, QueryNode) {
            guard let token = current else { throw dangling(tokens[tokens.count - 1]) }
            let occurrence: Occurrence
            switch token.kind {
            case .plus: occurrence = .must
            case .minus, .not: occurrence = .mustNot
            default: return (.should, try unary())
            }
            index += 1
            guard startsClause else { throw dangling(token) }
            return (occurrence, try unary())
        }

        private mutating func unary() throws(TopicQueryError) -> QueryNode {
            guard let token = current else { throw dangling(tokens[tokens.count - 1]) }
            if token.kind == .not {
                index += 1
                guard startsClause else { throw dangling(token) }
                return .not(try unary())
            }
            return try primary(fields: .standard)
        }

        private mutating func primary(fields: FieldScope, exact: Bool = false) throws(TopicQueryError) -> QueryNode {
            guard let token = current else { throw dangling(tokens[tokens.count - 1]) }
            index += 1
            switch token.kind {
            case .field(let name):
                guard let scope = FieldScope(fieldName: name) else {
                    throw TopicQueryError(
                        code: .unknownField, message: "unknown field '\(name)'; use one of \(FieldScope.names)",
                        column: token.column)
                }
                guard startsClause else { throw dangling(token) }
                return try primary(fields: scope, exact: exact)
            case .leftParenthesis where !exact:
                return try clauseList(openedAt: token).scoped(to: fields)
            case .exact where !exact:
                switch current?.kind {
                case .word(_, _)?, .phrase(_)?: return try primary(fields: fields, exact: true)
                default:
                    throw TopicQueryError(
                        code: .danglingOperator, message: "'=' needs a word or a phrase right after it",
                        column: token.column)
                }
            case .word(let text, let wildcard):
                return try term(text, wildcard: wildcard, exact: exact, fields: fields, column: token.column)
            case .phrase(let text):
                let words = tokenizer.tokenize(text).terms
                guard !words.isEmpty else {
                    throw TopicQueryError(code: .emptyPhrase, message: "the phrase has no words", column: token.column)
                }
                var slop = 0
                if case .proximity(let distance)? = current?.kind {
                    slop = distance
                    index += 1
                }
                return .phrase(QueryWords(words: words, exact: exact, fields: fields), slop: slop)
            case .proximity:
                throw TopicQueryError(
                    code: .badProximity, message: "'~' may only follow a quoted phrase", column: token.column)
            default:
                throw dangling(tokens[max(index - 2, 0)], at: token)
            }
        }

        private func term(
            _ text: String, wildcard: Bool, exact: Bool, fields: FieldScope, column: Int
        ) throws(TopicQueryError) -> QueryNode {
            let words = tokenizer.tokenize(text).terms
            if wildcard {
                guard words.count == 1, let first = text.first, first.isLetter || first.isNumber else {
                    throw TopicQueryError(
                        code: .unsupportedWildcard, message: "a wildcard needs one word before it, as in expan*",
                        column: column)
                }
                return .term(QueryWords(words: words, exact: true, prefix: true, fields: fields))
            }
            guard !words.isEmpty else {
                throw TopicQueryError(code: .emptyTerm, message: "'\(text)' holds no word", column: column)
            }
            let query = QueryWords(words: words, exact: exact, fields: fields)
            // Lucene makes a phrase of a term its analyser splits: build-up is "build up".
            return words.count == 1 ? .term(query) : .phrase(query, slop: 0)
        }

        private func dangling(_ token: QueryToken, at next: QueryToken? = nil) -> TopicQueryError {
            let what = next.map { "'\($0.spelling)' cannot follow '\(token.spelling)'" }
            return TopicQueryError(
                code: .danglingOperator,
                message: what ?? "'\(token.spelling)' needs a query on both sides",
                column: next?.column ?? token.column)
        }

        static func all(_ nodes: [QueryNode]) -> QueryNode { nodes.count == 1 ? nodes[0] : .and(nodes) }
        static func any(_ nodes: [QueryNode]) -> QueryNode { nodes.count == 1 ? nodes[0] : .or(nodes) }
    }
}
