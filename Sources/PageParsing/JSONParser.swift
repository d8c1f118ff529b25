/// A small strict JSON parser over UTF-8 bytes, with a nesting cap so hostile input
/// cannot overflow the stack.
struct JSONParser {
    let bytes: [UInt8]
    var index: Int
    let end: Int
    private static let maximumDepth = 256

    struct Failure: Error {
        var offset: Int
    }

    private init(bytes: [UInt8], range: Range<Int>) {
        self.bytes = bytes
        self.index = range.lowerBound
        self.end = range.upperBound
    }

    /// The one JSON value in `bytes[range]`, surrounded by white space only.
    static func parse(_ bytes: [UInt8], in range: Range<Int>? = nil) throws(Failure) -> JSONValue {
        var parser = JSONParser(bytes: bytes, range: range ?? 0..<bytes.count)
        parser.skipSpace()
        let value = try parser.value(depth: 0)
        parser.skipSpace()
        guard parser.index == parser.end else { throw Failure(offset: parser.index) }
        return value
    }

    private mutating func skipSpace() {
        while index < end, bytes[index] == 0x20 || bytes[index] == 0x0A || bytes[index] == 0x0D || bytes[index] == 0x09 {
            index += 1
        }
    }

    private mutating func value(depth: Int) throws(Failure) -> JSONValue {
        guard index < end, depth < Self.maximumDepth else { throw Failure(offset: index) }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try object(depth: depth)
        case UInt8(ascii: "["): return try array(depth: depth)
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"):
            try literal("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try literal("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try literal("null")
            return .null
        default: return .number(try number())
        }
    }

    private mutating func literal(_ word: StaticString) throws(Failure) {
        let count = word.utf8CodeUnitCount
        guard end - index >= count else { throw Failure(offset: index) }
        for offset in 0..<count where bytes[index + offset] != word.utf8Start[offset] {
            throw Failure(offset: index)
        }
        index += count
    }

    private mutating func object(depth: Int) throws(Failure) -> JSONValue {
        index += 1
        var members: [(key: String, value: JSONValue)] = []
        skipSpace()
        if index < end, bytes[index] == UInt8(ascii: "}") {
            index += 1
            return .object(members)
        }
        while true {
            skipSpace()
            guard index < end, bytes[index] == UInt8(ascii: "\"") else { throw Failure(offset: index) }
            let key = try string()
            skipSpace()
            guard index < end, bytes[index] == UInt8(ascii: ":") else { throw Failure(offset: index) }
            index += 1
            skipSpace()
            members.append((key, try value(depth: depth + 1)))
            skipSpace()
            guard index < end else { throw Failure(offset: index) }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
            } else if bytes[index] == UInt8(ascii: "}") {
                index += 1
                return .object(members)
            } else {
                throw Failure(offset: index)
            }
        }
    }

    private mutating func array(depth: Int) throws(Failure) -> JSONValue {
        index += 1
        var values: [JSONValue] = []
        skipSpace()
        if index < end, bytes[index] == UInt8(ascii: "]") {
            index += 1
            return .array(values)
        }
        while true {
            skipSpace()
            values.append(try value(depth: depth + 1))
            skipSpace()
            guard index < end else { throw Failure(offset: index) }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
            } else if bytes[index] == UInt8(ascii: "]") {
                index += 1
                return .array(values)
            } else {
                throw Failure(offset: index)
            }
        }
    }

    private mutating func number() throws(Failure) -> Double {
        let start = index
        while index < end, Self.isNumberByte(bytes[index]) { index += 1 }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        guard let number = Double(text) else { throw Failure(offset: start) }
        return number
    }

    private static func isNumberByte(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || byte == 0x2D || byte == 0x2B || byte == 0x2E || byte == 0x65 || byte == 0x45
    }
}
