/// Reads a TOML 1.0 document from UTF-8 bytes into tables that remember the line of every
/// key, table and value.
///
/// newswatch reads its own TOML because configuration messages must name the line of any
/// key (TOML libraries report lines only for syntax errors), and because a watch list of
/// 100,000 topics must load in bounded time and memory, and be read again on every reload
/// without growing the process.
struct TOMLParser {
    let bytes: [UInt8]
    var position = 0
    /// 1-based line of `position`.
    var line = 1
    /// Where the current line starts, for columns.
    var lineStart = 0

    let root = TOMLTable(origin: .header, line: 1)
    /// The table that `key = value` lines go into: the root, or the last header's table.
    private var current: TOMLTable

    init(bytes: [UInt8]) {
        self.bytes = bytes
        current = root
    }

    /// Parses the whole document.
    /// - Throws: `TOMLSyntaxError` at the first place that is not TOML.
    static func parse(_ bytes: [UInt8]) throws(TOMLSyntaxError) -> TOMLTable {
        var parser = TOMLParser(bytes: bytes)
        try parser.checkEncoding()
        try parser.document()
        return parser.root
    }

    private mutating func document() throws(TOMLSyntaxError) {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            position = 3
            lineStart = 3
        }
        while true {
            skipBlank()
            guard let byte = peek() else { return }
            switch byte {
            case UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                try newline()
                continue
            case UInt8(ascii: "#"):
                skipComment()
                continue
            case UInt8(ascii: "["):
                try header()
            default:
                try keyValue(into: current)
            }
            try endOfLine()
        }
    }

    // MARK: headers

    private mutating func header() throws(TOMLSyntaxError) {
        let headerLine = line
        position += 1
        let isArray = peek() == UInt8(ascii: "[")
        if isArray { position += 1 }
        skipBlank()
        let path = try keyPath()
        skipBlank()
        try expect("]", "a table header ends with ']'")
        if isArray { try expect("]", "a [[table]] header ends with ']]'") }
        var table = root
        for (offset, part) in path.dropLast().enumerated() {
            table = try descend(table, into: part, path: path.prefix(offset + 1), line: headerLine)
        }
        let last = path[path.count - 1]
        let name = path.joined(separator: ".")
        if isArray {
            let element = TOMLTable(origin: .arrayElement, line: headerLine)
            if let existing = table[last] {
                guard case .tables(let array) = existing.content else {
                    throw error("[[\(name)]] cannot add to \(name), which line \(existing.line) made \(existing.typeName)")
                }
                array.append(element)
            } else {
                let array = TOMLTableArray()
                array.append(element)
                table.append(last, TOMLValue(content: .tables(array), line: headerLine))
            }
            current = element
            return
        }
        if let existing = table[last] {
            guard case .table(let defined) = existing.content, defined.origin == .implicit else {
                throw error("[\(name)] is already defined at line \(existing.line)")
            }
            defined.origin = .header
            defined.line = headerLine
            current = defined
            return
        }
        let defined = TOMLTable(origin: .header, line: headerLine)
        table.append(last, TOMLValue(content: .table(defined), line: headerLine))
        current = defined
    }

    /// The table named `part` inside `table` on the way to a header, made when missing;
    /// a `[[name]]` list leads to its last table, as TOML says.
    private func descend(
        _ table: TOMLTable, into part: String, path: ArraySlice<String>, line: Int
    ) throws(TOMLSyntaxError) -> TOMLTable {
        guard let existing = table[part] else {
            let made = TOMLTable(origin: .implicit, line: line)
            table.append(part, TOMLValue(content: .table(made), line: line))
            return made
        }
        switch existing.content {
        case .table(let next) where next.origin != .inline:
            return next
        case .tables(let array):
            return array.tables[array.tables.count - 1]
        default:
            throw error("\(path.joined(separator: ".")) is already \(existing.typeName) (line \(existing.line))")
        }
    }

    // MARK: key = value

    mutating func keyValue(into table: TOMLTable) throws(TOMLSyntaxError) {
        let keyLine = line
        let path = try keyPath()
        skipBlank()
        guard peek() == UInt8(ascii: "=") else {
            let name = path.joined(separator: ".")
            if peek() == nil || peek() == UInt8(ascii: "\n") || peek() == UInt8(ascii: "\r") {
                throw error("\(name) needs '= value' after it")
            }
            throw error("expected '=' after \(name), found \(describe(peek()))")
        }
        position += 1
        skipBlank()
        let value = try self.value()
        var target = table
        for (offset, part) in path.dropLast().enumerated() {
            if let existing = target[part] {
                guard case .table(let next) = existing.content, next.origin == .dotted else {
                    let name = path.prefix(offset + 1).joined(separator: ".")
                    throw error("\(name) is already defined at line \(existing.line)", line: keyLine)
                }
                target = next
            } else {
                let made = TOMLTable(origin: .dotted, line: keyLine)
                target.append(part, TOMLValue(content: .table(made), line: keyLine))
                target = made
            }
        }
        let last = path[path.count - 1]
        if let existing = target[last] {
            throw error("\(path.joined(separator: ".")) is already defined at line \(existing.line)", line: keyLine)
        }
        target.append(last, TOMLValue(content: value.content, line: keyLine))
    }

    /// `a`, `"a b"`, `'a'`, `a.b.c`, with blanks allowed around the dots.
    private mutating func keyPath() throws(TOMLSyntaxError) -> [String] {
        var parts = [try key()]
        while true {
            let mark = position
            skipBlank()
            guard peek() == UInt8(ascii: ".") else {
                position = mark
                return parts
            }
            position += 1
            skipBlank()
            parts.append(try key())
        }
    }

    private mutating func key() throws(TOMLSyntaxError) -> String {
        switch peek() {
        case UInt8(ascii: "\"")?:
            return try basicString()
        case UInt8(ascii: "'")?:
            return try literalString()
        default:
            let start = position
            while let byte = peek(), Self.isBareKey(byte) { position += 1 }
            guard position > start else {
                throw error("expected a key name, found \(describe(peek()))")
            }
            return String(decoding: bytes[start..<position], as: UTF8.self)
        }
    }

    static func isBareKey(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"):
            true
        default: false
        }
    }

    // MARK: layout

    func peek(_ offset: Int = 0) -> UInt8? {
        position + offset < bytes.count ? bytes[position + offset] : nil
    }

    mutating func skipBlank() {
        while let byte = peek(), byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") { position += 1 }
    }

    mutating func skipComment() {
        while let byte = peek(), byte != UInt8(ascii: "\n"), byte != UInt8(ascii: "\r") { position += 1 }
    }

    /// Consumes one line break (`\n` or `\r\n`).
    mutating func newline() throws(TOMLSyntaxError) {
        if peek() == UInt8(ascii: "\r") {
            guard peek(1) == UInt8(ascii: "\n") else { throw error("a carriage return must be followed by a line feed") }
            position += 1
        }
        position += 1
        line += 1
        lineStart = position
    }

    /// Blanks, an optional comment, then a line break or the end of the file.
    private mutating func endOfLine() throws(TOMLSyntaxError) {
        skipBlank()
        if peek() == UInt8(ascii: "#") { skipComment() }
        guard let byte = peek() else { return }
        guard byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") else {
            throw error("expected the end of the line, found \(describe(byte)) (one key = value per line)")
        }
        try newline()
    }

    mutating func expect(_ character: Unicode.Scalar, _ message: String) throws(TOMLSyntaxError) {
        guard peek() == UInt8(ascii: character) else { throw error("\(message), found \(describe(peek()))") }
        position += 1
    }

    /// How the byte at hand reads in a message.
    func describe(_ byte: UInt8?) -> String {
        guard let byte else { return "the end of the file" }
        switch byte {
        case UInt8(ascii: "\n"), UInt8(ascii: "\r"): return "the end of the line"
        case 0x21..<0x7F: return "'\(Character(Unicode.Scalar(byte)))'"
        default:
            let end = min(bytes.count, position + 4)
            let text = String(decoding: bytes[position..<end], as: UTF8.self)
            return text.first.map { "'\($0)'" } ?? "byte \(byte)"
        }
    }

    /// An error at the current position (or at the start of `line`).
    func error(_ message: String, line: Int? = nil) -> TOMLSyntaxError {
        if let line, line != self.line { return TOMLSyntaxError(line: line, column: nil, message: message) }
        let column = bytes[lineStart..<min(position, bytes.count)].reduce(1) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }
        return TOMLSyntaxError(line: self.line, column: column, message: message)
    }

    /// TOML files are UTF-8; say on which line they are not.
    private func checkEncoding() throws(TOMLSyntaxError) {
        if String(validating: bytes, as: UTF8.self) != nil { return }
        var number = 1
        for lineBytes in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            if String(validating: lineBytes, as: UTF8.self) == nil { break }
            number += 1
        }
        throw TOMLSyntaxError(line: number, column: nil, message: "the file is not UTF-8 text")
    }
}
