/// A topic id the configuration does not have.
public struct UnknownTopicError: Error, Sendable, CustomStringConvertible {
    public var description: String
}
