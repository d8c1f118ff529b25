import CLibXML2

/// HTML character references (`&amp;`, `&#39;`, `&#x2014;`, `&eacute;`) left undecoded in
/// text: a text browser renders a page that escaped its text twice with the references
/// showing. Names come from libxml2's HTML 4 table, plus `&apos;`.
enum CharacterReferences {
    /// The longest reference name libxml2 knows is 8 bytes (`&thetasym;`).
    private static let longestName = 8

    /// Whether `text` may hold a reference: an ampersand with a semicolon after it.
    @inline(__always)
    static func mayHold(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        let ampersand = ByteScan.index(of: 0x26, in: text, from: 0)
        return ampersand < text.count && ByteScan.index(of: 0x3B, in: text, from: ampersand) < text.count
    }

    /// `text` with every well-formed reference (closed by `;`) replaced by its character;
    /// anything else is kept as written. The result is never longer than `text`.
    static func decode(_ text: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(text.count)
        var index = 0
        while index < text.count {
            let byte = text[index]
            if byte == 0x26, let (scalar, length) = reference(in: text, at: index) {
                append(scalar, to: &output)
                index += length
            } else {
                output.append(byte)
                index += 1
            }
        }
        return output
    }

    /// The character a reference at `start` stands for and the reference's length in bytes.
    private static func reference(in text: UnsafeBufferPointer<UInt8>, at start: Int) -> (UInt32, Int)? {
        var index = start + 1
        guard index < text.count else { return nil }
        if text[index] == 0x23 {  // #
            index += 1
            let isHex = index < text.count && text[index] | 0x20 == 0x78
            if isHex { index += 1 }
            var value: UInt32 = 0
            let digitsStart = index
            while index < text.count, index - digitsStart < 8, let digit = digitValue(text[index], hex: isHex) {
                value = value * (isHex ? 16 : 10) + digit
                index += 1
            }
            guard index > digitsStart, index < text.count, text[index] == 0x3B, isCharacter(value) else { return nil }
            return (value, index + 1 - start)
        }
        var name: [UInt8] = []
        while index < text.count, name.count <= longestName, isNameByte(text[index]) {
            name.append(text[index])
            index += 1
        }
        guard !name.isEmpty, name.count <= longestName, index < text.count, text[index] == 0x3B else { return nil }
        if name == [0x61, 0x70, 0x6F, 0x73] { return (0x27, index + 1 - start) }  // apos
        name.append(0)
        let value = name.withUnsafeBufferPointer { htmlEntityLookup($0.baseAddress)?.pointee.value }
        guard let value, isCharacter(UInt32(value)) else { return nil }
        return (UInt32(value), index + 1 - start)
    }

    private static func digitValue(_ byte: UInt8, hex: Bool) -> UInt32? {
        switch byte {
        case 0x30...0x39: return UInt32(byte - 0x30)
        case 0x61...0x66 where hex: return UInt32(byte - 0x61 + 10)
        case 0x41...0x46 where hex: return UInt32(byte - 0x41 + 10)
        default: return nil
        }
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A) || (byte >= 0x30 && byte <= 0x39)
    }

    /// A scalar text may hold: not NUL, a control other than white space, or a surrogate.
    private static func isCharacter(_ value: UInt32) -> Bool {
        guard value >= 0x20 || value == 0x09 || value == 0x0A else { return false }
        return Unicode.Scalar(value) != nil
    }

    private static func append(_ scalar: UInt32, to output: inout [UInt8]) {
        // A no-break space stays a space: the dump's other spaces are plain.
        let value = scalar == 0xA0 ? 0x20 : scalar
        for unit in UTF8.encode(Unicode.Scalar(value)!)! { output.append(unit) }
    }
}
