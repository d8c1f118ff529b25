import StoryDedup
public import SystemPackage

/// The configuration in effect, key by key, with where each value came from: what
/// `newswatch config show` prints.
public struct ConfigurationExplanation: Sendable {
    public var configuration: NewswatchConfiguration
    /// Every key of `ConfigurationSchema` for the singleton tables, then every key of every
    /// topic, then of every forward destination, in schema order.
    public var entries: [ConfigurationEntry]
}

/// One key's effective value.
public struct ConfigurationEntry: Sendable {
    /// `inbox`, `topics`, …
    public var table: String
    /// The position in an array table: of the topic for `[[topics]]` (0-based, over all files
    /// in read order), of the destination for `[[forward]]`.
    public var index: Int?
    public var key: String
    /// Nil when the key is not set and has no value by default (a topic without `language`
    /// follows each page's language).
    public var value: ConfigurationValue?
    /// `FILE:LINE` where the value was written; nil when it is the default.
    public var source: String?
    /// The schema's description of the default, for keys not written in a file.
    public var defaultText: String?
}

/// A value as TOML and JSON can both write it.
public enum ConfigurationValue: Sendable, Equatable {
    case string(String)
    case integer(Int)
    case number(Double)
    case boolean(Bool)
    case list([String])

    /// The value as it would be written in `newswatch.toml`.
    public var toml: String {
        switch self {
        case .string(let text): Self.quoted(text)
        case .integer(let number): "\(number)"
        case .number(let number): "\(number)"
        case .boolean(let flag): "\(flag)"
        case .list(let texts): "[" + texts.map(Self.quoted).joined(separator: ", ") + "]"
        }
    }

    /// A TOML string: 'literal' when that needs no escapes (queries are full of "), else
    /// "basic" with escapes.
    static func quoted(_ text: String) -> String {
        if !text.contains("'"), !text.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            return "'\(text)'"
        }
        var escaped = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": escaped += "\\\""
            case "\\": escaped += "\\\\"
            case "\n": escaped += "\\n"
            case "\t": escaped += "\\t"
            case "\r": escaped += "\\r"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                escaped +=
                    "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count)
                    + String(scalar.value, radix: 16)
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped + "\""
    }
}

extension ConfigurationLoader {
    /// Loads like `load(from:)` and lists every key's effective value and its source.
    public func explain(from path: FilePath) throws(ConfigurationError) -> ConfigurationExplanation {
        let reading = try read(from: path)
        let configuration = reading.configuration
        let main = reading.documents[0]
        var entries: [ConfigurationEntry] = []
        for table in ConfigurationSchema.tables where !table.isArray {
            let section = main.section(table.name)
            for key in table.keys {
                let line = section.table?[key.name]?.line
                entries.append(
                    ConfigurationEntry(
                        table: table.name, key: key.name,
                        value: Self.effectiveValue(table.name, key.name, of: configuration),
                        source: line.map { "\(main.file):\($0)" }, defaultText: key.defaultText))
            }
        }
        let topicTables = reading.documents.flatMap { document in
            (document.root["topics"].flatMap(Document.tableList) ?? []).map { (document.file, $0) }
        }
        entries += Self.arrayEntries("topics", configuration.topics, tables: topicTables, value: Self.effectiveValue)
        let forwardTables = (main.root["forward"].flatMap(Document.tableList) ?? []).map { (main.file, $0) }
        entries += Self.arrayEntries("forward", configuration.forward, tables: forwardTables, value: Self.effectiveValue)
        return ConfigurationExplanation(configuration: configuration, entries: entries)
    }

    /// Every key of every entry of the array table `name`, each item beside the table it was
    /// read from (both in file order: a configuration that loaded read every table).
    private static func arrayEntries<Item>(
        _ name: String, _ items: [Item], tables: [(FilePath, TOMLTable)], value: (String, Item) -> ConfigurationValue?
    ) -> [ConfigurationEntry] {
        let schema = ConfigurationSchema.table(name)!
        var entries: [ConfigurationEntry] = []
        for (index, (item, (file, table))) in zip(items, tables).enumerated() {
            for key in schema.keys {
                entries.append(
                    ConfigurationEntry(
                        table: name, index: index, key: key.name, value: value(key.name, item),
                        source: table[key.name].map { "\(file):\($0.line)" }, defaultText: key.defaultText))
            }
        }
        return entries
    }

    /// Each key of the singleton tables; nil for a key with no value. A key added to the
    /// schema but not here shows as unset, which `ConfigurationSchemaTests` catches.
    static func effectiveValue(
        _ table: String, _ key: String, of configuration: NewswatchConfiguration
    ) -> ConfigurationValue? {
        let inbox = configuration.inbox
        let dedup = configuration.dedup
        let defaults = DedupConfiguration()
        switch (table, key) {
        case ("inbox", "path"): return .string(inbox.path.string)
        case ("inbox", "processed"): return .string(inbox.processed.string)
        case ("inbox", "failed"): return .string(inbox.failed.string)
        case ("inbox", "max_file_size"): return .string(DurationText.text(bytes: inbox.maxFileSize))
        case ("inbox", "recursive"): return .boolean(inbox.recursive)
        case ("inbox", "max_depth"): return .integer(inbox.maxDepth)
        case ("inbox", "poll"): return .string(inbox.poll.text)
        case ("inbox", "ignore"): return .list(inbox.ignore.patterns)
        case ("archive", "layout"): return .string(configuration.archive.layout.text)
        case ("archive", "keep"): return configuration.archive.keep.map { .string(DurationText.text(seconds: $0)) }
        case ("state", "directory"): return .string(configuration.state.directory.string)
        case ("state", "runtime_directory"): return .string(configuration.state.runtimeDirectory.string)
        case ("metrics", "textfile"): return configuration.metrics.textfile.map { .string($0.string) }
        case ("metrics", "interval"): return .string(DurationText.text(seconds: configuration.metrics.interval))
        case ("state", "database"): return configuration.state.database.map { ConfigurationValue.string($0) }
        case ("state", "host"): return .string(configuration.state.host ?? StateStores.machineHostName)
        case ("dedup", "window"): return .string(DurationText.text(seconds: dedup.window))
        case ("dedup", "duplicates"): return .string(dedup.duplicates.rawValue)
        case ("dedup", "duplicate_threshold"): return .number(dedup.duplicateThreshold ?? defaults.duplicateThreshold)
        case ("dedup", "update_threshold"): return .number(dedup.updateThreshold ?? defaults.updateThreshold)
        default: return nil
        }
    }

    /// Each key of a topic; nil for a key with no value.
    static func effectiveValue(_ key: String, of topic: TopicSettings) -> ConfigurationValue? {
        switch key {
        case "id": .string(topic.id)
        case "name": .string(topic.name)
        case "query": .string(topic.query)
        case "enabled": .boolean(topic.enabled)
        case "priority": .string(topic.priority.name)
        case "language": topic.language.map { .string($0) }
        case "min_hits": .integer(topic.minHits)
        case "cooldown": topic.cooldown.map { .string(DurationText.text(seconds: $0)) }
        case "max_per_hour": topic.maxPerHour.map { .integer($0) }
        default: nil
        }
    }
}
