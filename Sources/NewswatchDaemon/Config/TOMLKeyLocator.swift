/// Finds the line a key stands on in a TOML text, so errors about values can name it.
///
/// TOMLKit reports lines only for syntax errors; for a value that parses but makes no
/// sense (an unknown priority, a bad query) this walks the text once and remembers where
/// each `[table]`, `[[array]]` and `key =` begins.
struct TOMLKeyLocator {
    private var lines: [String: Int] = [:]

    init(text: String) {
        var table = ""
        var arrayCounts: [String: Int] = [:]
        for (offset, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.drop { $0 == " " || $0 == "\t" }
            if line.hasPrefix("[[") {
                let name = Self.headerName(line.dropFirst(2))
                let index = arrayCounts[name, default: 0]
                arrayCounts[name] = index + 1
                table = "\(name)[\(index)]"
                lines[table] = offset + 1
            } else if line.hasPrefix("[") {
                table = Self.headerName(line.dropFirst())
                lines[table] = offset + 1
            } else if let equals = line.firstIndex(of: "="), !line.hasPrefix("#") {
                var key = line[..<equals].trimmingCharacters()
                if key.hasPrefix("\"") && key.hasSuffix("\"") && key.count >= 2 {
                    key = String(key.dropFirst().dropLast())
                }
                let path = table.isEmpty ? key : "\(table).\(key)"
                if lines[path] == nil { lines[path] = offset + 1 }
            }
        }
    }

    /// The line of `path` (`inbox.path`, `topics[2].query`), or of its table when the key is absent.
    func line(of path: String) -> Int? {
        if let line = lines[path] { return line }
        guard let dot = path.lastIndex(of: ".") else { return nil }
        return line(of: String(path[..<dot]))
    }

    private static func headerName(_ rest: Substring) -> String {
        let name = rest.prefix { $0 != "]" }
        return name.trimmingCharacters()
    }
}

extension StringProtocol {
    /// The text without spaces and tabs at either end.
    func trimmingCharacters() -> String {
        var slice = self[...]
        while let first = slice.first, first == " " || first == "\t" || first == "\r" { slice = slice.dropFirst() }
        while let last = slice.last, last == " " || last == "\t" || last == "\r" { slice = slice.dropLast() }
        return String(slice)
    }
}
