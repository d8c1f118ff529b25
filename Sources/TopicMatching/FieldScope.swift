/// The page fields a query part looks in; a bare term looks in title and body.
public struct FieldScope: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let title = FieldScope(rawValue: 1 << 0)
    public static let body = FieldScope(rawValue: 1 << 1)
    public static let section = FieldScope(rawValue: 1 << 2)
    public static let tags = FieldScope(rawValue: 1 << 3)
    public static let source = FieldScope(rawValue: 1 << 4)

    /// Where a term with no `field:` looks.
    public static let standard: FieldScope = [.title, .body]

    /// The scope a `name:` prefix names, case-insensitively; nil for an unknown field.
    public init?(fieldName: String) {
        switch fieldName.lowercased() {
        case "title": self = .title
        case "body", "text": self = .body
        case "section": self = .section
        case "tags", "tag": self = .tags
        case "source": self = .source
        default: return nil
        }
    }

    static let names = "title, body, section, tags, source"
}
