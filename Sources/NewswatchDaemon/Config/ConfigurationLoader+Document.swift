import SystemPackage

extension ConfigurationLoader {
    /// The largest config file read: far above a watch list of 100,000 topics (about 18 MB),
    /// and a bound on what a mistaken path (a log file, a disk image) costs.
    public static let maxFileSize = 64 << 20

    /// One parsed TOML file and the problems found in it so far. Readers record a problem
    /// and return nil instead of throwing, so one run reports every mistake.
    struct Document {
        let file: FilePath
        let root: TOMLTable
        private(set) var problems: [ConfigurationProblem] = []
        /// Errors among `problems`, so a reader can tell whether its own reads failed.
        private(set) var errorCount = 0

        /// Reads and parses `path`; nil (with the reason in `problems`) when it cannot.
        static func read(
            _ path: FilePath, problems: inout [ConfigurationProblem], missing: inout Bool
        ) -> Document? {
            let bytes: [UInt8]
            do {
                bytes = try FileContents.read(path, limit: maxFileSize)
            } catch {
                missing = error.errno == .noSuchFileOrDirectory
                problems.append(ConfigurationProblem(file: path.string, message: Self.readFailure(error.errno)))
                return nil
            }
            guard bytes.count <= maxFileSize else {
                problems.append(ConfigurationProblem(file: path.string, message: Self.readFailure(.fileTooLarge)))
                return nil
            }
            do throws(TOMLSyntaxError) {
                return Document(file: path, root: try TOMLParser.parse(bytes))
            } catch {
                let column = error.column.map { " at column \($0)" } ?? ""
                problems.append(
                    ConfigurationProblem(
                        file: path.string, line: error.line, message: "TOML syntax error\(column): \(error.message)"))
                return nil
            }
        }

        private static func readFailure(_ errno: Errno) -> String {
            switch errno {
            case .noSuchFileOrDirectory: "no such file"
            case .isDirectory: "is a folder, not a config file"
            case .permissionDenied: "cannot be read: permission denied"
            case .fileTooLarge: "too large: over \(maxFileSize >> 20) MiB, the most a config file may be"
            default: "cannot be read: \(errno.description)"
            }
        }

        mutating func report(
            _ key: String?, line: Int?, _ message: String, severity: ConfigurationProblem.Severity = .error
        ) {
            problems.append(ConfigurationProblem(severity, file: file.string, line: line, key: key, message: message))
            if severity == .error { errorCount += 1 }
        }

        /// The `[name]` table, or nil when the file has none (or it is not a table, which the
        /// name check reports).
        func section(_ name: String) -> Section {
            let value = root[name]
            return Section(table: value?.table, name: name, line: value?.line)
        }

        // MARK: typed values

        mutating func string(_ section: Section, _ key: String) -> String? {
            guard let value = section.table?[key] else { return nil }
            guard let text = value.string else {
                report(section.path(key), line: value.line, "must be a string (in quotes), not \(value.typeName)")
                return nil
            }
            return text
        }

        /// A string that must be there and must not be blank.
        mutating func requiredString(_ section: Section, _ key: String, _ what: String) -> String? {
            guard section.table?[key] != nil else {
                report(section.path(key), line: section.line, "is required (\(what))")
                return nil
            }
            guard let text = string(section, key) else { return nil }
            guard !text.trimmingCharacters().isEmpty else {
                report(section.path(key), line: section.table?[key]?.line, "must not be empty (\(what))")
                return nil
            }
            return text
        }

        mutating func boolean(_ section: Section, _ key: String) -> Bool? {
            guard let value = section.table?[key] else { return nil }
            guard let flag = value.boolean else {
                report(section.path(key), line: value.line, "must be true or false (without quotes), not \(value.typeName)")
                return nil
            }
            return flag
        }

        /// A whole number of at least 1.
        mutating func count(_ section: Section, _ key: String) -> Int? {
            guard let value = section.table?[key] else { return nil }
            if case .integer(let number) = value.content, number >= 1 { return number }
            report(section.path(key), line: value.line, "must be a whole number of 1 or more, not \(value.written)")
            return nil
        }

        /// A folder path; relative paths resolve against `folder` (the config file's).
        mutating func path(_ section: Section, _ key: String, relativeTo folder: FilePath) -> FilePath? {
            guard let text = string(section, key) else { return nil }
            guard !text.isEmpty else {
                report(section.path(key), line: section.table?[key]?.line, "must not be empty")
                return nil
            }
            let path = FilePath(text)
            return (path.isAbsolute ? path : folder.pushing(path)).lexicallyNormalized()
        }

        mutating func duration(_ section: Section, _ key: String) -> Int64? {
            measure(
                section, key, DurationText.seconds, units: ["s", "m", "h", "d"], what: "duration",
                examples: "\"30s\", \"15m\", \"12h\", \"30d\" or \"2w\"")
        }

        /// A duration longer than 0.
        mutating func positiveDuration(_ section: Section, _ key: String) -> Int64? {
            guard let seconds = duration(section, key) else { return nil }
            guard seconds > 0 else {
                report(section.path(key), line: section.table?[key]?.line, "must be longer than 0")
                return nil
            }
            return seconds
        }

        mutating func byteSize(_ section: Section, _ key: String) -> Int? {
            measure(
                section, key, DurationText.bytes, units: ["MiB", "KiB", "B"], what: "size", examples: "\"16MiB\", \"512KiB\" or \"1GiB\"")
        }

        /// A number with a unit, read by `parse`. A bare number (`30`, `"30"`) is an error
        /// that offers the units, never a guess at one.
        private mutating func measure<Value>(
            _ section: Section, _ key: String, _ parse: (String) -> Value?, units: [String], what: String,
            examples: String
        ) -> Value? {
            guard let value = section.table?[key] else { return nil }
            if let text = value.string, let parsed = parse(text) { return parsed }
            let written = value.written
            let message: String
            let digits = written.filter { $0 != "\"" }
            if !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) {
                let offers = units.map { "\"\(digits)\($0)\"" }
                message = "\(digits) has no unit; write \(offers.dropLast().joined(separator: ", ")) or \(offers.last!)"
            } else {
                message = "\(written) is not a \(what); write a number and a unit such as \(examples)"
            }
            report(section.path(key), line: value.line, message)
            return nil
        }

        mutating func fraction(_ section: Section, _ key: String) -> Double? {
            guard let value = section.table?[key] else { return nil }
            if let number = value.number, number > 0, number <= 1 { return number }
            report(section.path(key), line: value.line, "must be a number above 0 and at most 1, not \(value.written)")
            return nil
        }

        /// A list of non-empty strings; a single string is a list of one when `single` allows it.
        mutating func strings(_ section: Section, _ key: String, single: Bool = false) -> [String]? {
            guard let value = section.table?[key] else { return nil }
            if single, let text = value.string, !text.isEmpty { return [text] }
            let what = single ? "a string or a list of strings" : "a list of strings"
            guard case .array(let elements) = value.content else {
                report(section.path(key), line: value.line, "must be \(what) such as [\"a\", \"b\"], not \(value.typeName)")
                return nil
            }
            let texts = elements.compactMap(\.string).filter { !$0.isEmpty }
            guard !elements.isEmpty else {
                report(section.path(key), line: value.line, "must not be an empty list (leave the key out for its default)")
                return nil
            }
            guard texts.count == elements.count else {
                report(section.path(key), line: value.line, "must be \(what) such as [\"a\", \"b\"], none of them empty")
                return nil
            }
            return texts
        }

        /// One of `choices`, as written.
        mutating func choice(_ section: Section, _ key: String, _ choices: [String]) -> String? {
            guard let text = string(section, key) else { return nil }
            guard choices.contains(text) else {
                let suggestion = NameSuggestion.closest(to: text, among: choices).map { "; did you mean \"\($0)\"?" } ?? ""
                report(
                    section.path(key), line: section.table?[key]?.line,
                    "\"\(text)\" is not one of \(choices.map { "\"\($0)\"" }.joined(separator: ", "))\(suggestion)")
                return nil
            }
            return text
        }
    }

    /// A table being read and how its keys are named in messages: `inbox`, `topics[3]`.
    struct Section {
        let table: TOMLTable?
        let name: String
        /// The header's line, for a required key that is missing.
        let line: Int?

        func path(_ key: String) -> String { "\(name).\(key)" }
    }
}
