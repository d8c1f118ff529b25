/// Something in a query that works but probably does not mean what was written, such as a
/// lowercase `and` between two words (an ordinary word there, so the query matches either).
public struct TopicQueryWarning: Sendable, Hashable, CustomStringConvertible {
    public var message: String
    /// 1-based position in characters of the query.
    public var column: Int

    public init(message: String, column: Int) {
        self.message = message
        self.column = column
    }

    public var description: String { "\(message) at column \(column)" }
}
