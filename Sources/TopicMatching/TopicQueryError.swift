/// Why a topic query could not be used, and where in the query to fix it.
public struct TopicQueryError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Code: String, Sendable, Hashable {
        case emptyQuery
        case unbalancedParenthesis
        case danglingOperator
        case emptyPhrase
        case unterminatedPhrase
        case emptyTerm
        case unknownField
        case unsupportedWildcard
        case badProximity
        case unsupportedSyntax
        case unknownLanguage
        case badMinHits
    }

    public var code: Code
    public var message: String
    /// 1-based position in characters of the query; 0 when the fault is not in the query text.
    public var column: Int
    /// The topic whose query failed; empty when a bare query was parsed.
    public var topicID: String

    public init(code: Code, message: String, column: Int, topicID: String = "") {
        self.code = code
        self.message = message
        self.column = column
        self.topicID = topicID
    }

    /// The message for people: the code stays out of it, it is for programs.
    public var description: String {
        let place = column > 0 ? " at column \(column)" : ""
        let topic = topicID.isEmpty ? "" : "topic \(topicID): "
        return "\(topic)\(message)\(place)"
    }
}
