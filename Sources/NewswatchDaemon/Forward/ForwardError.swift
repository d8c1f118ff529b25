/// A forwarder failure a person must act on: a state file that cannot be written, a missing
/// credential. The message names the file and what to do.
public struct ForwardError: Error, Sendable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
