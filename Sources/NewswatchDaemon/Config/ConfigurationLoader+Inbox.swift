extension ConfigurationLoader.Document {
    /// `[inbox]`'s keys for how the inbox is watched: `recursive`, `max_depth`, `poll`, `ignore`.
    mutating func readWatchSettings(_ section: ConfigurationLoader.Section, into inbox: inout InboxSettings) {
        if let recursive = boolean(section, "recursive") { inbox.recursive = recursive }
        if let depth = count(section, "max_depth") { inbox.maxDepth = depth }
        if let poll = polling(section, "poll") { inbox.poll = poll }
        if let patterns = patterns(section, "ignore") { inbox.ignore = InboxIgnore(patterns: patterns) }
    }

    /// `[archive]`: `layout` and `keep`.
    mutating func archive(_ section: ConfigurationLoader.Section) -> ArchiveSettings {
        var archive = ArchiveSettings()
        if let text = string(section, "layout") {
            do {
                archive.layout = try ArchiveLayout(text)
            } catch {
                report(section.path("layout"), line: section.table?["layout"]?.line, "\"\(text)\": \(error.message)")
            }
        }
        if let keep = duration(section, "keep") {
            if keep > 0 {
                archive.keep = keep
            } else {
                report(section.path("keep"), line: section.table?["keep"]?.line, "must be longer than 0")
            }
        }
        return archive
    }

    /// `"auto"`, `"off"`, or a duration of at least one second.
    private mutating func polling(_ section: ConfigurationLoader.Section, _ key: String) -> InboxPolling? {
        guard let value = section.table?[key] else { return nil }
        switch value.string {
        case "auto": return .auto
        case "off": return .off
        case let text? where DurationText.seconds(text) == nil && !text.allSatisfy(\.isNumber):
            report(section.path(key), line: value.line, "\"\(text)\" is not \"auto\", \"off\" or a duration such as \"2s\" or \"1m\"")
            return nil
        case nil where value.integer == nil:
            report(
                section.path(key), line: value.line,
                "must be \"auto\", \"off\" or a duration such as \"2s\" (in quotes), not \(value.typeName)")
            return nil
        default: break
        }
        guard let seconds = duration(section, key) else { return nil }
        guard seconds > 0 else {
            report(section.path(key), line: value.line, "must be longer than 0 (or \"off\")")
            return nil
        }
        return .every(.seconds(seconds))
    }

    /// A list of glob patterns, each checked.
    private mutating func patterns(_ section: ConfigurationLoader.Section, _ key: String) -> [String]? {
        guard let value = section.table?[key] else { return nil }
        guard case .array(let items) = value.content else {
            report(section.path(key), line: value.line, "must be a list of patterns such as [\".*\", \"*.part\"], not \(value.typeName)")
            return nil
        }
        var patterns: [String] = []
        for item in items {
            guard let text = item.string else {
                report(section.path(key), line: item.line, "\(item.written) is not a pattern (in quotes)")
                continue
            }
            if let problem = InboxIgnore.problem(with: text) {
                report(section.path(key), line: item.line, problem)
                continue
            }
            patterns.append(text)
        }
        return patterns
    }
}
