extension JSONParser {
    /// A JSON string at `index` (on its opening quote), escapes resolved; lone surrogates
    /// become U+FFFD rather than failing the whole item.
    mutating func string() throws(Failure) -> String {
        index += 1
        let start = index
        // Fast path: no escapes, the bytes are the string.
        while index < end, bytes[index] != UInt8(ascii: "\""), bytes[index] != UInt8(ascii: "\\") { index += 1 }
        guard index < end else { throw Failure(offset: start) }
        if bytes[index] == UInt8(ascii: "\"") {
            index += 1
            return String(decoding: bytes[start..<(index - 1)], as: UTF8.self)
        }
        var scalars: [UInt8] = Array(bytes[start..<index])
        var pendingHighSurrogate: UInt32?
        while index < end {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                index += 1
                if pendingHighSurrogate != nil { append(0xFFFD, to: &scalars) }
                return String(decoding: scalars, as: UTF8.self)
            }
            guard byte == UInt8(ascii: "\\") else {
                if pendingHighSurrogate != nil {
                    append(0xFFFD, to: &scalars)
                    pendingHighSurrogate = nil
                }
                scalars.append(byte)
                index += 1
                continue
            }
            guard index + 1 < end else { throw Failure(offset: index) }
            let escape = bytes[index + 1]
            index += 2
            if escape == UInt8(ascii: "u") {
                guard let unit = hexQuad() else { throw Failure(offset: index) }
                if (0xD800...0xDBFF).contains(unit) {
                    if pendingHighSurrogate != nil { append(0xFFFD, to: &scalars) }
                    pendingHighSurrogate = unit
                    continue
                }
                if (0xDC00...0xDFFF).contains(unit) {
                    if let high = pendingHighSurrogate {
                        append(0x10000 + ((high - 0xD800) << 10) + (unit - 0xDC00), to: &scalars)
                        pendingHighSurrogate = nil
                    } else {
                        append(0xFFFD, to: &scalars)
                    }
                    continue
                }
                if pendingHighSurrogate != nil {
                    append(0xFFFD, to: &scalars)
                    pendingHighSurrogate = nil
                }
                append(unit, to: &scalars)
                continue
            }
            if pendingHighSurrogate != nil {
                append(0xFFFD, to: &scalars)
                pendingHighSurrogate = nil
            }
            switch escape {
            case UInt8(ascii: "n"): scalars.append(0x0A)
            case UInt8(ascii: "t"): scalars.append(0x09)
            case UInt8(ascii: "r"): scalars.append(0x0D)
            case UInt8(ascii: "b"): scalars.append(0x08)
            case UInt8(ascii: "f"): scalars.append(0x0C)
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): scalars.append(escape)
            default: throw Failure(offset: index - 1)
            }
        }
        throw Failure(offset: start)
    }

    private mutating func hexQuad() -> UInt32? {
        guard end - index >= 4 else { return nil }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case 0x30...0x39: digit = byte - 0x30
            case 0x41...0x46: digit = byte - 0x41 + 10
            case 0x61...0x66: digit = byte - 0x61 + 10
            default: return nil
            }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }

    private func append(_ scalar: UInt32, to output: inout [UInt8]) {
        let value = Unicode.Scalar(scalar) ?? "\u{FFFD}"
        output.append(contentsOf: String(value).utf8)
    }
}
