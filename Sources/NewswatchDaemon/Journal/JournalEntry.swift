/// One structured journal record: a list of `NAME=value` fields.
///
/// Field names come only from newswatch's own code and are checked here, so nothing read
/// from a page can ever become a field name; page text goes into values only.
public struct JournalEntry: Sendable, Equatable {
    public internal(set) var fields: [Field]

    public struct Field: Sendable, Equatable {
        public var name: String
        public var value: String
    }

    public init(message: String, priority: JournalPriority, messageID: String? = nil) {
        fields = []
        append("MESSAGE", message)
        append("PRIORITY", String(priority.rawValue))
        if let messageID { append("MESSAGE_ID", messageID) }
    }

    /// Adds a field; `name` must be a valid journal field name (A–Z, 0–9, `_`, not starting
    /// with `_` or a digit, at most 64 bytes).
    public mutating func append(_ name: String, _ value: String) {
        precondition(Self.isValidFieldName(name), "invalid journal field name \(name): a bug in newswatch")
        fields.append(Field(name: name, value: value))
    }

    /// Adds a field only when there is a value.
    public mutating func append(_ name: String, _ value: String?) {
        if let value { append(name, value) }
    }

    public subscript(name: String) -> String? {
        fields.first { $0.name == name }?.value
    }

    public var message: String { self["MESSAGE"] ?? "" }

    public var priority: JournalPriority {
        self["PRIORITY"].flatMap(Int.init).flatMap(JournalPriority.init(rawValue:)) ?? .info
    }

    public static func isValidFieldName(_ name: String) -> Bool {
        // Runs for every field of every entry: walks the UTF-8 view without copying it.
        let bytes = name.utf8
        guard let first = bytes.first, bytes.count <= 64, first != UInt8(ascii: "_"),
            !(first >= UInt8(ascii: "0") && first <= UInt8(ascii: "9"))
        else { return false }
        return bytes.allSatisfy { ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x5F }
    }
}
