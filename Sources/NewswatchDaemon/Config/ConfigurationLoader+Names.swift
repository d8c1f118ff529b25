extension ConfigurationLoader.Document {
    /// Reports every table and key that `ConfigurationSchema` does not list, each with its
    /// line and the name probably meant: a misspelt key is an error, never a silent default.
    mutating func checkNames(isDropIn: Bool) {
        for (name, value) in root.entries {
            guard let table = ConfigurationSchema.table(name) else {
                reportUnknown(name, value)
                continue
            }
            if isDropIn && !table.allowedInDropIns {
                let allowed = ConfigurationSchema.tables.filter(\.allowedInDropIns).map(\.header)
                report(
                    table.header, line: value.line,
                    "a topics.d file may hold only \(allowed.joined(separator: ", ")); move \(table.header) to the main config file")
                continue
            }
            if table.isArray {
                guard let tables = Self.tableList(value) else {
                    report(
                        name, line: value.line,
                        "must be written as \(table.header) sections (one per entry), not \(value.typeName)")
                    continue
                }
                for (index, entry) in tables.enumerated() { checkKeys(entry, of: table, name: "\(name)[\(index)]") }
            } else if case .table(let entry) = value.content {
                checkKeys(entry, of: table, name: name)
            } else if case .tables = value.content {
                report(name, line: value.line, "there is one \(table.header): write [\(name)], not [[\(name)]]")
            } else {
                report(name, line: value.line, "must be the table \(table.header), not \(value.typeName)")
            }
        }
    }

    /// The tables of a `[[name]]` list, or of `name = [{…}, {…}]`; nil for anything else.
    static func tableList(_ value: TOMLValue) -> [TOMLTable]? {
        switch value.content {
        case .tables(let array): return array.tables
        case .array(let values):
            let tables = values.compactMap(\.table)
            return tables.count == values.count ? tables : nil
        default: return nil
        }
    }

    private mutating func checkKeys(_ entry: TOMLTable, of table: ConfigurationTable, name: String) {
        for (key, value) in entry.entries where table.key(key) == nil {
            report("\(name).\(key)", line: value.line, "is not a setting of \(table.header)\(Self.hint(for: key, in: table))")
        }
    }

    /// A name at the top of the file that is neither a known table nor belongs there.
    private mutating func reportUnknown(_ name: String, _ value: TOMLValue) {
        let tables = ConfigurationSchema.tables
        switch value.content {
        case .table, .tables:
            let written = value.content.isTableList ? "[[\(name)]]" : "[\(name)]"
            if let meant = NameSuggestion.closest(to: name, among: tables.map(\.name)) {
                report(written, line: value.line, "unknown table; did you mean \(ConfigurationSchema.table(meant)!.header)?")
            } else {
                report(written, line: value.line, "unknown table; the tables are \(tables.map(\.header).joined(separator: ", "))")
            }
        default:
            if let home = tables.first(where: { $0.key(name) != nil }) {
                report(name, line: value.line, "must be inside a table: put it under \(home.header)")
            } else {
                report(name, line: value.line, "is not a setting\(Self.hint(for: name, in: nil))")
            }
        }
    }

    /// "; did you mean path?" from the key's own table, else the table a key of that (or a
    /// close) name belongs to.
    private static func hint(for key: String, in table: ConfigurationTable?) -> String {
        if let table, let meant = NameSuggestion.closest(to: key, among: table.keys.map(\.name)) {
            return "; did you mean \(meant)?"
        }
        let others = ConfigurationSchema.tables.filter { $0.name != table?.name }
        if let home = others.first(where: { $0.key(key) != nil }) {
            return "; \(key) belongs under \(home.header)"
        }
        let all = others.flatMap { other in other.keys.map { (other, $0.name) } }
        if let meant = NameSuggestion.closest(to: key, among: all.map(\.1)), let home = all.first(where: { $0.1 == meant }) {
            return "; did you mean \(meant) under \(home.0.header)?"
        }
        let known = table.map { "; its keys are \($0.keys.map(\.name).joined(separator: ", "))" } ?? ""
        return known
    }
}

extension TOMLValue.Content {
    fileprivate var isTableList: Bool {
        if case .tables = self { return true }
        return false
    }
}
