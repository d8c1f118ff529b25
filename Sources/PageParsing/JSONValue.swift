/// A parsed JSON value: enough of JSON for scraper items and JSON-LD blocks.
enum JSONValue: Sendable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([(key: String, value: JSONValue)])

    /// The member `key` of an object (the first, if repeated).
    subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.key == key }?.value
    }

    /// The first member present among `keys`, in that order of preference.
    func first(of keys: [String]) -> JSONValue? {
        for key in keys {
            if let value = self[key] {
                if case .null = value { continue }
                return value
            }
        }
        return nil
    }

    /// The value as text: a string as is, a number printed, the first usable element of
    /// an array, or the `name`/`@value` of an object (as JSON-LD nests them).
    var text: String? {
        switch self {
        case .string(let value):
            return value
        case .number(let value):
            return value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
        case .array(let values):
            return values.lazy.compactMap(\.text).first
        case .object:
            return self.first(of: ["name", "@value", "headline"])?.text
        case .null, .bool:
            return nil
        }
    }

    /// The value as a list of texts: array elements, or a comma-separated string split.
    var texts: [String] {
        switch self {
        case .array(let values):
            return values.compactMap(\.text)
        case .string(let value):
            return value.split(separator: ",").map { $0.trimmingCharacters() }.filter { !$0.isEmpty }
        default:
            return text.map { [$0] } ?? []
        }
    }
}

extension Substring {
    /// The text without leading and trailing white space.
    func trimmingCharacters() -> String {
        var slice = self
        while let first = slice.first, first.isWhitespace { slice = slice.dropFirst() }
        while let last = slice.last, last.isWhitespace { slice = slice.dropLast() }
        return String(slice)
    }
}
