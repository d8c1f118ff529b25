extension CharsetDetector {
    /// The charset an HTML document declares in its first 8 KiB (`<meta charset>` or a
    /// `http-equiv` content type), if it names one the reader can decode.
    static func declaredInHTML(_ bytes: [UInt8], from start: Int = 0) -> Charset? {
        let end = min(bytes.count, start + 8192)
        let key = Array("charset".utf8)
        var index = start
        while index + key.count < end {
            var matches = true
            for offset in 0..<key.count where bytes[index + offset] | 0x20 != key[offset] {
                matches = false
                break
            }
            guard matches else {
                index += 1
                continue
            }
            var cursor = index + key.count
            while cursor < end, bytes[cursor] == 0x20 { cursor += 1 }
            guard cursor < end, bytes[cursor] == UInt8(ascii: "=") else {
                index = cursor
                continue
            }
            cursor += 1
            while cursor < end, bytes[cursor] == 0x20 || bytes[cursor] == 0x22 || bytes[cursor] == 0x27 { cursor += 1 }
            let labelStart = cursor
            while cursor < end, cursor - labelStart < 40 {
                let byte = bytes[cursor]
                if byte == 0x22 || byte == 0x27 || byte == 0x20 || byte == 0x3B || byte == 0x3E || byte == 0x2F {
                    break
                }
                cursor += 1
            }
            if let charset = Charset(label: bytes[labelStart..<cursor]) { return charset }
            index = cursor
        }
        return nil
    }

    /// The charset to read an HTML document in: its byte-order mark, else its declared
    /// charset (unless the bytes are valid UTF-8 with non-ASCII text, a common mislabel,
    /// or the declaration is UTF-8 and the bytes are not), else detection.
    static func forHTML(_ bytes: [UInt8], from start: Int, isUTF8: Bool) -> Charset {
        guard let declared = declaredInHTML(bytes, from: start) else { return detect(bytes, from: start, isUTF8: isUTF8) }
        switch declared {
        case .utf8:
            return isUTF8 ? .utf8 : singleByte(bytes[start...])
        case .utf16LittleEndian, .utf16BigEndian:
            // A UTF-16 page that can be scanned for `charset=` as ASCII is not UTF-16.
            return detect(bytes, from: start, isUTF8: isUTF8)
        case .windows1251, .koi8R, .windows1252:
            let body = bytes[start...]
            if isUTF8, body.contains(where: { $0 >= 0x80 }) { return .utf8 }
            return declared
        }
    }
}
