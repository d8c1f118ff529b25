/// Turns bytes in any supported charset into UTF-8 bytes, replacing what cannot be
/// decoded with U+FFFD so a damaged file still gives its readable text.
enum CharsetDecoder {
    /// The byte-order mark at the start of `bytes`, with its length.
    static func byteOrderMark(_ bytes: [UInt8]) -> (charset: Charset, length: Int)? {
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { return (.utf8, 3) }
        if bytes.count >= 2, bytes[0] == 0xFF, bytes[1] == 0xFE { return (.utf16LittleEndian, 2) }
        if bytes.count >= 2, bytes[0] == 0xFE, bytes[1] == 0xFF { return (.utf16BigEndian, 2) }
        return nil
    }

    /// UTF-8 bytes of `bytes[start...]` read as `charset`.
    static func utf8(_ bytes: [UInt8], from start: Int = 0, as charset: Charset) -> [UInt8] {
        let body = bytes[start...]
        switch charset {
        case .utf8:
            if isValidUTF8(body) { return Array(body) }
            return Array(String(decoding: body, as: UTF8.self).utf8)
        case .utf16LittleEndian, .utf16BigEndian:
            var units: [UInt16] = []
            units.reserveCapacity(body.count / 2)
            var index = body.startIndex
            while index + 1 < body.endIndex {
                let (low, high) =
                    charset == .utf16LittleEndian
                    ? (body[index], body[index + 1]) : (body[index + 1], body[index])
                units.append(UInt16(high) << 8 | UInt16(low))
                index += 2
            }
            if index < body.endIndex { units.append(0xFFFD) }
            return Array(String(decoding: units, as: UTF16.self).utf8)
        case .windows1251, .koi8R, .windows1252:
            return singleByte(body, table: charset.singleByteTable ?? SingleByteTables.windows1252)
        }
    }

    /// Whether `bytes` is well-formed UTF-8, checked without building a string.
    static func isValidUTF8(_ bytes: ArraySlice<UInt8>) -> Bool {
        validateUTF8(bytes, noticingControls: false).isValid
    }

    /// Whether `bytes` are valid UTF-8, and whether they may be binary: they hold a control
    /// byte that text does not (see `ByteScan.controls`) or a byte 0xEF, which starts U+FFFD.
    /// Found in the same pass, so most pages need no second scan for the binary check.
    static func validateUTF8WithControls(_ bytes: ArraySlice<UInt8>) -> (isValid: Bool, mayBeBinary: Bool) {
        validateUTF8(bytes, noticingControls: true)
    }

    @inline(__always)
    private static func validateUTF8(
        _ bytes: ArraySlice<UInt8>, noticingControls: Bool
    ) -> (isValid: Bool, mayBeBinary: Bool) {
        var mayBeBinary = false
        let isValid = bytes.withUnsafeBufferPointer { buffer in
            var index = 0
            let count = buffer.count
            let base = UnsafeRawPointer(buffer.baseAddress)
            while index < count {
                // Eight ASCII bytes at a time: most of a page is markup and Latin text.
                if let base, index + 8 <= count {
                    let word = base.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                    if ByteScan.isASCII(word) {
                        if noticingControls && ByteScan.controls(in: word) != 0 { mayBeBinary = true }
                        index += 8
                        continue
                    }
                }
                let lead = buffer[index]
                if lead < 0x80 {
                    if noticingControls && lead < 0x20 && lead != 0x09 && lead != 0x0A && lead != 0x0C && lead != 0x0D
                        && lead != 0x1B
                    {
                        mayBeBinary = true
                    }
                    index += 1
                    continue
                }
                if lead == 0xEF { mayBeBinary = true }
                let length: Int
                let minimum: UInt32
                var scalar: UInt32
                switch lead {
                case 0xC2...0xDF:
                    length = 2
                    minimum = 0x80
                    scalar = UInt32(lead & 0x1F)
                case 0xE0...0xEF:
                    length = 3
                    minimum = 0x800
                    scalar = UInt32(lead & 0x0F)
                case 0xF0...0xF4:
                    length = 4
                    minimum = 0x10000
                    scalar = UInt32(lead & 0x07)
                default: return false
                }
                guard index + length <= count else { return false }
                for offset in 1..<length {
                    let next = buffer[index + offset]
                    guard next & 0xC0 == 0x80 else { return false }
                    scalar = scalar << 6 | UInt32(next & 0x3F)
                }
                if scalar < minimum || scalar > 0x10FFFF || (0xD800...0xDFFF).contains(scalar) { return false }
                index += length
            }
            return true
        }
        return (isValid, mayBeBinary || !isValid)
    }

    private static func singleByte(_ bytes: ArraySlice<UInt8>, table: [UInt16]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + bytes.count / 2)
        for byte in bytes {
            if byte < 0x80 {
                output.append(byte)
                continue
            }
            let scalar = table[Int(byte) - 0x80]
            if scalar < 0x800 {
                output.append(0xC0 | UInt8(scalar >> 6))
                output.append(0x80 | UInt8(scalar & 0x3F))
            } else {
                output.append(0xE0 | UInt8(scalar >> 12))
                output.append(0x80 | UInt8((scalar >> 6) & 0x3F))
                output.append(0x80 | UInt8(scalar & 0x3F))
            }
        }
        return output
    }
}
