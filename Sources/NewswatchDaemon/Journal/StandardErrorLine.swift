#if canImport(Glibc)
    import Glibc
#endif

/// One entry as one line on standard error, for newswatch run without a journal socket.
///
/// Page text (titles, snippets, file names) can hold anything, so every value is escaped:
/// no raw newline or other control character ever reaches the stream, and each line starts
/// with `newswatch[PID]: `, so a page can neither start a line of its own nor forge the
/// `<N>` priority prefix a journal stream would read at the start of a line.
enum StandardErrorLine {
    static func write(_ entry: JournalEntry, identifier: String, id: String?) {
        var bytes = Array(text(of: entry, identifier: identifier, id: id).utf8)
        bytes.append(UInt8(ascii: "\n"))
        var offset = 0
        while offset < bytes.count {
            // Nothing to do about a standard error that cannot be written.
            guard
                let written = try? systemCall(
                    "write", "writing to standard error",
                    {
                        bytes.withUnsafeBytes { Glibc.write(2, $0.baseAddress! + offset, $0.count - offset) }
                    }), written > 0
            else { return }
            offset += written
        }
    }

    /// The line without its newline: `newswatch[PID]: <priority> MESSAGE NAME=value …`.
    static func text(of entry: JournalEntry, identifier: String, id: String?) -> String {
        var line = "\(identifier)[\(getpid())]: <\(entry.priority.name)> \(escaped(entry.message))"
        for field in entry.fields where field.name != "MESSAGE" && field.name != "PRIORITY" {
            line += " \(field.name)=\(quoted(field.value))"
        }
        if let id { line += " \(JournalEntry.entryIDField)=\(quoted(id))" }
        return line
    }

    /// `value`, in double quotes when it is empty or holds a space, a quote or a backslash.
    static func quoted(_ value: String) -> String {
        let plain = !value.isEmpty && value.unicodeScalars.allSatisfy { $0.value > 0x20 && $0 != "\"" && $0 != "\\" && !needsEscape($0) }
        return plain ? value : "\"" + escaped(value, quotes: true) + "\""
    }

    /// Backslashes doubled and control characters, including Unicode line and paragraph
    /// separators, written as `\n`, `\r`, `\t` or `\u{…}`.
    static func escaped(_ text: String, quotes: Bool = false) -> String {
        guard text.unicodeScalars.contains(where: { $0 == "\\" || (quotes && $0 == "\"") || needsEscape($0) })
        else { return text }
        var result = ""
        result.reserveCapacity(text.utf8.count + 8)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": result += "\\\\"
            case "\"" where quotes: result += "\\\""
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where needsEscape(scalar): result += "\\u{\(String(scalar.value, radix: 16))}"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    private static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        return value < 0x20 || value == 0x7F || (0x80...0x9F).contains(value) || value == 0x2028 || value == 0x2029
    }
}
