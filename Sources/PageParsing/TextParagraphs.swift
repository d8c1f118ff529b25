/// Splits plain article text into paragraphs: at blank lines when the text has them,
/// else at every line break.
enum TextParagraphs {
    static func split(_ text: String) -> [String] {
        var text = text
        return text.withUTF8 { split(utf8: $0) }
    }

    /// Splits UTF-8 text; white space runs (including no-break spaces) become one space.
    static func split(utf8 bytes: UnsafeBufferPointer<UInt8>) -> [String] {
        // A carriage return never separates paragraphs on its own: "\r\n" is one break.
        var hasBlankLines = false
        var newlines = 0
        for byte in bytes {
            if byte == 0x0A {
                newlines += 1
                if newlines == 2 {
                    hasBlankLines = true
                    break
                }
            } else if byte != 0x0D {
                newlines = 0
            }
        }
        var paragraphs: [String] = []
        var paragraph: [UInt8] = []
        var pendingSpace = false
        var newlineRun = 0
        func flush() {
            if !paragraph.isEmpty { paragraphs.append(String(decoding: paragraph, as: UTF8.self)) }
            paragraph.removeAll(keepingCapacity: true)
            pendingSpace = false
        }
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            let width = WhiteSpace.width(bytes, at: index)
            if byte == 0x0A {
                newlineRun += 1
                if !hasBlankLines || newlineRun == 2 { flush() } else { pendingSpace = true }
            } else if width > 0 {
                if byte != 0x0D { newlineRun = 0 }
                pendingSpace = true
            } else {
                newlineRun = 0
                if pendingSpace, !paragraph.isEmpty { paragraph.append(0x20) }
                pendingSpace = false
                paragraph.append(byte)
            }
            index += max(width, 1)
        }
        flush()
        return paragraphs
    }
}
