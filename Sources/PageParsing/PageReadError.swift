/// Why a file's bytes gave no page. The daemon adds the file name and moves the file to
/// `failed/` with this message beside it.
public struct PageReadError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Code: String, Sendable, Hashable {
        case empty
        case binary
        case truncated
        case tooLarge
        case malformed
        case noArticle
    }

    public var code: Code
    /// For people: what is wrong with the content, e.g. `no article text found`.
    public var message: String

    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
