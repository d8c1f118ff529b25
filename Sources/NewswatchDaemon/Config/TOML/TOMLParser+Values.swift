extension TOMLParser {
    mutating func value() throws(TOMLSyntaxError) -> TOMLValue {
        let valueLine = line
        let content: TOMLValue.Content
        switch peek() {
        case UInt8(ascii: "\"")?:
            content = .string(try basicString())
        case UInt8(ascii: "'")?:
            content = .string(try literalString())
        case UInt8(ascii: "[")?:
            content = .array(try array())
        case UInt8(ascii: "{")?:
            content = .table(try inlineTable())
        case UInt8(ascii: "t")?, UInt8(ascii: "f")?:
            content = .boolean(try boolean())
        case let byte? where Self.startsNumber(byte):
            content = try numberOrDate()
        case let byte? where Character(Unicode.Scalar(byte)).isLetter:
            throw error("text must be quoted: write \"…\" or '…'")
        default:
            throw error("expected a value (a \"string\", a number, true, false, [a list] or {a table}), found \(describe(peek()))")
        }
        return TOMLValue(content: content, line: valueLine)
    }

    private static func startsNumber(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-")
            || byte == UInt8(ascii: "i") || byte == UInt8(ascii: "n")
    }

    private mutating func boolean() throws(TOMLSyntaxError) -> Bool {
        for (word, value) in [("true", true), ("false", false)] where bytes[position...].starts(with: word.utf8) {
            let end = position + word.utf8.count
            if end == bytes.count || !TOMLParser.isBareKey(bytes[end]) {
                position = end
                return value
            }
        }
        throw error("expected a value; text must be quoted (\"…\"), and true and false are lower case")
    }

    // MARK: arrays and inline tables

    private mutating func array() throws(TOMLSyntaxError) -> [TOMLValue] {
        position += 1
        var values: [TOMLValue] = []
        while true {
            try skipArrayLayout()
            if peek() == UInt8(ascii: "]") {
                position += 1
                return values
            }
            values.append(try value())
            try skipArrayLayout()
            switch peek() {
            case UInt8(ascii: ",")?: position += 1
            case UInt8(ascii: "]")?: continue
            default: throw error("expected ',' or ']' in the list, found \(describe(peek()))")
            }
        }
    }

    /// Lists may span lines and hold comments between their values.
    private mutating func skipArrayLayout() throws(TOMLSyntaxError) {
        while true {
            skipBlank()
            switch peek() {
            case UInt8(ascii: "\n")?, UInt8(ascii: "\r")?: try newline()
            case UInt8(ascii: "#")?: skipComment()
            default: return
            }
        }
    }

    private mutating func inlineTable() throws(TOMLSyntaxError) -> TOMLTable {
        let table = TOMLTable(origin: .inline, line: line)
        position += 1
        skipBlank()
        if peek() == UInt8(ascii: "}") {
            position += 1
            return table
        }
        while true {
            skipBlank()
            if peek() == UInt8(ascii: "\n") || peek() == UInt8(ascii: "\r") {
                throw error("an inline table { … } must fit on one line; use a [table] section instead")
            }
            try keyValue(into: table)
            skipBlank()
            switch peek() {
            case UInt8(ascii: ",")?: position += 1
            case UInt8(ascii: "}")?:
                position += 1
                Self.seal(table)
                return table
            default:
                throw error("expected ',' or '}' in the inline table (it must fit on one line), found \(describe(peek()))")
            }
        }
    }

    /// Tables that dotted keys made inside `{ … }` are as complete as the inline table.
    private static func seal(_ table: TOMLTable) {
        table.origin = .inline
        for (_, value) in table.entries {
            if case .table(let inner) = value.content { seal(inner) }
        }
    }

    // MARK: strings

    mutating func basicString() throws(TOMLSyntaxError) -> String {
        if bytes[position...].starts(with: [0x22, 0x22, 0x22]) { return try multilineString(quote: 0x22) }
        position += 1
        var text: [UInt8] = []
        while true {
            guard let byte = peek() else { throw error("the string has no closing '\"'") }
            switch byte {
            case UInt8(ascii: "\""):
                position += 1
                return String(decoding: text, as: UTF8.self)
            case UInt8(ascii: "\\"):
                try escape(into: &text)
            case UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                throw error("the string has no closing '\"' on its line (use \"\"\"…\"\"\" for text over several lines)")
            default:
                try checkControl(byte)
                text.append(byte)
                position += 1
            }
        }
    }

    mutating func literalString() throws(TOMLSyntaxError) -> String {
        if bytes[position...].starts(with: [0x27, 0x27, 0x27]) { return try multilineString(quote: 0x27) }
        position += 1
        let start = position
        while true {
            guard let byte = peek() else { throw error("the string has no closing \"'\"") }
            if byte == UInt8(ascii: "'") { break }
            if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") {
                throw error("the string has no closing \"'\" on its line (use '''…''' for text over several lines)")
            }
            try checkControl(byte)
            position += 1
        }
        let text = String(decoding: bytes[start..<position], as: UTF8.self)
        position += 1
        return text
    }

    /// `"""…"""` (with escapes) or `'''…'''` (as written); a line break right after the
    /// opening quotes is not part of the text.
    private mutating func multilineString(quote: UInt8) throws(TOMLSyntaxError) -> String {
        position += 3
        if peek() == UInt8(ascii: "\n") || (peek() == UInt8(ascii: "\r") && peek(1) == UInt8(ascii: "\n")) {
            try newline()
        }
        var text: [UInt8] = []
        while true {
            guard let byte = peek() else {
                throw error("the multi-line string has no closing \(quote == 0x22 ? "\"\"\"" : "'''")")
            }
            if byte == quote, peek(1) == quote, peek(2) == quote {
                // Up to two more quotes just before the closing three belong to the text.
                var extra = 0
                while extra < 2, peek(3 + extra) == quote { extra += 1 }
                text.append(contentsOf: repeatElement(quote, count: extra))
                position += 3 + extra
                return String(decoding: text, as: UTF8.self)
            }
            switch byte {
            case UInt8(ascii: "\\") where quote == 0x22:
                if try !trimmedLineEnding() { try escape(into: &text) }
            case UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                try newline()
                text.append(UInt8(ascii: "\n"))
            default:
                try checkControl(byte)
                text.append(byte)
                position += 1
            }
        }
    }

    /// A backslash that ends a line in `"""…"""` joins it to the next non-blank text.
    private mutating func trimmedLineEnding() throws(TOMLSyntaxError) -> Bool {
        var probe = position + 1
        while probe < bytes.count, bytes[probe] == UInt8(ascii: " ") || bytes[probe] == UInt8(ascii: "\t") { probe += 1 }
        guard probe < bytes.count, bytes[probe] == UInt8(ascii: "\n") || bytes[probe] == UInt8(ascii: "\r") else {
            return false
        }
        position = probe
        while let byte = peek() {
            if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") {
                try newline()
            } else if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") {
                position += 1
            } else {
                break
            }
        }
        return true
    }

    private mutating func escape(into text: inout [UInt8]) throws(TOMLSyntaxError) {
        guard let code = peek(1) else { throw error("the string ends in the middle of an escape") }
        position += 2
        let simple: [UInt8: UInt8] = [
            UInt8(ascii: "b"): 0x08, UInt8(ascii: "t"): 0x09, UInt8(ascii: "n"): 0x0A, UInt8(ascii: "f"): 0x0C,
            UInt8(ascii: "r"): 0x0D, UInt8(ascii: "e"): 0x1B, UInt8(ascii: "\""): 0x22, UInt8(ascii: "\\"): 0x5C,
        ]
        if let byte = simple[code] {
            text.append(byte)
            return
        }
        let digits = code == UInt8(ascii: "u") ? 4 : code == UInt8(ascii: "U") ? 8 : 0
        guard digits > 0 else {
            position -= 1
            throw error("unknown escape '\\\(Character(Unicode.Scalar(code)))' (write \\\\ for a backslash, or use 'single quotes')")
        }
        guard position + digits <= bytes.count,
            let value = UInt32(String(decoding: bytes[position..<position + digits], as: UTF8.self), radix: 16),
            let scalar = Unicode.Scalar(value)
        else {
            throw error("\\\(Character(Unicode.Scalar(code))) needs \(digits) hex digits of a Unicode character")
        }
        position += digits
        text.append(contentsOf: String(Character(scalar)).utf8)
    }

    private func checkControl(_ byte: UInt8) throws(TOMLSyntaxError) {
        if byte < 0x20 && byte != 0x09 || byte == 0x7F {
            throw error("strings may not hold control character \(byte) (write it as an escape such as \\u00\(String(byte, radix: 16)))")
        }
    }

    // MARK: numbers and dates

    private mutating func numberOrDate() throws(TOMLSyntaxError) -> TOMLValue.Content {
        if let date = dateTime() { return .dateTime(date) }
        let start = position
        while let byte = peek(), TOMLParser.isBareKey(byte) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "+") {
            position += 1
        }
        let text = String(decoding: bytes[start..<position], as: UTF8.self)
        if let number = Self.integer(text) { return .integer(number) }
        if let number = Self.float(text) { return .float(number) }
        position = start
        throw error("'\(text)' is not a number; text must be quoted (\"\(text)\")")
    }

    static func integer(_ text: String) -> Int? {
        var body = Substring(text)
        for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] where body.hasPrefix(prefix) {
            body = body.dropFirst(2)
            guard separatedDigits(body, radix: radix) else { return nil }
            return Int(body.filter { $0 != "_" }, radix: radix)
        }
        var sign = ""
        if let first = body.first, first == "+" || first == "-" {
            sign = first == "-" ? "-" : ""
            body = body.dropFirst()
        }
        guard separatedDigits(body, radix: 10), body == "0" || body.first != "0" else { return nil }
        return Int(sign + body.filter { $0 != "_" })
    }

    static func float(_ text: String) -> Double? {
        var body = Substring(text)
        var negative = false
        if let first = body.first, first == "+" || first == "-" {
            negative = first == "-"
            body = body.dropFirst()
        }
        if body == "inf" { return negative ? -.infinity : .infinity }
        if body == "nan" { return .nan }
        let exponentStart = body.firstIndex { $0 == "e" || $0 == "E" }
        let mantissa = body[..<(exponentStart ?? body.endIndex)]
        let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, separatedDigits(parts[0], radix: 10), parts[0] == "0" || parts[0].first != "0" else {
            return nil
        }
        if parts.count == 2 && !separatedDigits(parts[1], radix: 10) { return nil }
        if let exponentStart {
            var exponent = body[body.index(after: exponentStart)...]
            if let first = exponent.first, first == "+" || first == "-" { exponent = exponent.dropFirst() }
            guard separatedDigits(exponent, radix: 10) else { return nil }
        } else if parts.count == 1 {
            return nil
        }
        return Double((negative ? "-" : "") + body.filter { $0 != "_" })
    }

    /// Digits of `radix` with single underscores only between them.
    private static func separatedDigits(_ text: Substring, radix: Int) -> Bool {
        guard let first = text.first, let last = text.last, first != "_", last != "_" else { return false }
        var previousUnderscore = false
        for character in text {
            if character == "_" {
                if previousUnderscore { return false }
                previousUnderscore = true
                continue
            }
            previousUnderscore = false
            guard character.isASCII, character.hexDigitValue.map({ $0 < radix }) == true else { return false }
        }
        return true
    }

    /// `1979-05-27`, `1979-05-27T07:32:00Z`, `1979-05-27 07:32:00.5+01:00`, `07:32:00`.
    private mutating func dateTime() -> String? {
        let start = position
        func digits(_ count: Int) -> Bool {
            for _ in 0..<count {
                guard let byte = peek(), (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return false }
                position += 1
            }
            return true
        }
        func literal(_ character: Unicode.Scalar) -> Bool {
            guard peek() == UInt8(ascii: character) else { return false }
            position += 1
            return true
        }
        func time() -> Bool {
            guard digits(2), literal(":"), digits(2) else { return false }
            if literal(":") {
                guard digits(2) else { return false }
                if literal(".") {
                    guard digits(1) else { return false }
                    while let byte = peek(), (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) { position += 1 }
                }
            }
            return true
        }
        if digits(4), literal("-"), digits(2), literal("-"), digits(2) {
            let mark = position
            if let separator = peek(),
                separator == UInt8(ascii: "T") || separator == UInt8(ascii: "t")
                    || (separator == UInt8(ascii: " ") && peek(1).map { (0x30...0x39).contains($0) } == true)
            {
                position += 1
                if time() {
                    if !(literal("Z") || literal("z")) {
                        let offset = position
                        if !((literal("+") || literal("-")) && digits(2) && literal(":") && digits(2)) { position = offset }
                    }
                } else {
                    position = mark
                }
            }
            return String(decoding: bytes[start..<position], as: UTF8.self)
        }
        position = start
        if time() { return String(decoding: bytes[start..<position], as: UTF8.self) }
        position = start
        return nil
    }
}
