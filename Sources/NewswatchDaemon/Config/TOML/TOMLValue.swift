/// A value read from a TOML file, with the line it was written on, so every message about
/// it can send a person to that line.
struct TOMLValue {
    enum Content {
        case string(String)
        case integer(Int)
        case float(Double)
        case boolean(Bool)
        /// Dates and times are kept as written: the configuration has no key that takes one,
        /// so they only ever need to be named as the wrong type.
        case dateTime(String)
        case array([TOMLValue])
        case table(TOMLTable)
        /// `[[name]]` sections: a class, so appending the 100,000th topic does not copy the
        /// 99,999 before it.
        case tables(TOMLTableArray)
    }

    var content: Content
    /// 1-based line the value (or the table's header) starts on.
    var line: Int

    var string: String? {
        if case .string(let text) = content { return text }
        return nil
    }

    var integer: Int? {
        if case .integer(let number) = content { return number }
        return nil
    }

    var number: Double? {
        switch content {
        case .float(let number): number
        case .integer(let number): Double(number)
        default: nil
        }
    }

    var boolean: Bool? {
        if case .boolean(let value) = content { return value }
        return nil
    }

    var table: TOMLTable? {
        if case .table(let table) = content { return table }
        return nil
    }

    /// How the value reads in a message: a number as written, text in quotes, else its type.
    var written: String {
        switch content {
        case .integer(let number): String(number)
        case .float(let number): String(number)
        case .string(let text): "\"\(text)\""
        default: typeName
        }
    }

    /// How the value's type reads in a message: "must be a string, not an integer".
    var typeName: String {
        switch content {
        case .string: "a string"
        case .integer: "an integer"
        case .float: "a decimal number"
        case .boolean: "true or false"
        case .dateTime: "a date"
        case .array: "a list"
        case .table: "a table"
        case .tables: "a list of [[tables]]"
        }
    }
}

/// The `[[name]]` sections of one name, in file order.
final class TOMLTableArray {
    private(set) var tables: [TOMLTable] = []

    func append(_ table: TOMLTable) {
        tables.append(table)
    }
}

/// A TOML table: its keys in file order with their values.
///
/// Small tables (a topic has a handful of keys) are searched in order, which costs less
/// memory than a dictionary per table; a table grows an index once it holds many keys.
final class TOMLTable {
    /// How the table came to be, which decides whether TOML lets it be extended later.
    enum Origin {
        /// `[name]`: defined once.
        case header
        /// A parent of `[a.b]` that has no header of its own yet; `[a]` may still define it.
        case implicit
        /// Made by a dotted key (`a.b = 1`); only further dotted keys may add to it.
        case dotted
        /// `{ … }`: complete as written.
        case inline
        /// One `[[name]]` section.
        case arrayElement
    }

    var origin: Origin
    /// The line of the header, or of the key that made the table.
    var line: Int
    private(set) var keys: [String] = []
    private(set) var values: [TOMLValue] = []
    private var index: [String: Int]?

    init(origin: Origin, line: Int) {
        self.origin = origin
        self.line = line
    }

    subscript(key: String) -> TOMLValue? {
        position(of: key).map { values[$0] }
    }

    var entries: Zip2Sequence<[String], [TOMLValue]> { zip(keys, values) }

    var isEmpty: Bool { keys.isEmpty }

    func position(of key: String) -> Int? {
        if let index { return index[key] }
        return keys.firstIndex(of: key)
    }

    /// Adds a key the caller checked is new.
    func append(_ key: String, _ value: TOMLValue) {
        keys.append(key)
        values.append(value)
        if index != nil {
            index![key] = keys.count - 1
        } else if keys.count > 16 {
            index = Dictionary(uniqueKeysWithValues: keys.enumerated().map { ($1, $0) })
        }
    }
}
