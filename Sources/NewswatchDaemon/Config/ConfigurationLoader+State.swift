import NewswatchPostgres

extension ConfigurationLoader.Document {
    /// `[state] database`: a PostgreSQL URL that parses, without a password.
    mutating func databaseURL(_ section: ConfigurationLoader.Section, _ key: String) -> String? {
        guard let text = string(section, key) else { return nil }
        do {
            _ = try DatabaseLocation(parsing: text)
        } catch {
            report(section.path(key), line: section.table?[key]?.line, "\(error)")
            return nil
        }
        return text
    }

    /// `[state] host`: printable ASCII without spaces, as it names rows and entry ids.
    mutating func hostName(_ section: ConfigurationLoader.Section, _ key: String) -> String? {
        guard let text = string(section, key) else { return nil }
        let fits = !text.isEmpty && text.count <= 64 && text.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F }
        guard fits else {
            report(
                section.path(key), line: section.table?[key]?.line,
                "\"\(text)\" must be 1 to 64 printable ASCII characters without spaces (it names this daemon's rows)")
            return nil
        }
        return text
    }
}
