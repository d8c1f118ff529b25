/// Where a file stops being TOML, and what was expected there.
struct TOMLSyntaxError: Error, Sendable {
    /// 1-based.
    var line: Int
    /// 1-based, in characters; nil when the fault is a whole line (a key defined twice).
    var column: Int?
    var message: String
}
