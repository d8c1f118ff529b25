import ArgumentParser
import Foundation
import NewswatchDaemon
import SystemPackage

extension ConfigCommand {
    /// `newswatch config show`: every setting in effect and where it came from.
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the configuration in effect, with defaults filled in and where each value came from.",
            discussion: """
                The text form is itself a valid newswatch.toml: each value is followed by a comment naming \
                FILE:LINE or "default". Keys with no value (a topic without language) are shown as comments. \
                With --json, one object: file, source (how the file was chosen), drop_ins, warnings, and per \
                table (topics: per topic) each key as {"value", "source"}, source being FILE:LINE or "default". \
                Exit 1 when the configuration is invalid.
                """
        )

        @OptionGroup var options: ConfigOption

        @Flag(name: .long, help: "Print one JSON object.")
        var json = false

        func run() throws {
            let location = options.location
            let explanation: ConfigurationExplanation
            do {
                explanation = try ConfigurationLoader.standard.explain(from: location.path)
            } catch {
                options.report(error)
                throw ExitCode.failure
            }
            print(json ? Self.json(explanation, location: location) : Self.text(explanation, location: location))
        }

        static func text(_ explanation: ConfigurationExplanation, location: ConfigurationLocation) -> String {
            let configuration = explanation.configuration
            let folder = configuration.file.removingLastComponent()
            func place(_ source: String?) -> String {
                guard let source else { return "default" }
                let path = FilePath(source)
                return path.starts(with: folder) ? String(source.dropFirst(folder.string.count + 1)) : source
            }
            var lines = [
                "# newswatch configuration in effect: \(configuration.file) (from \(location.source.rawValue))"
            ]
            if !configuration.dropIns.isEmpty {
                lines.append("# drop-ins: \(configuration.dropIns.map(\.string).joined(separator: ", "))")
            }
            for warning in configuration.warnings { lines.append("# \(warning)") }
            var header = ""
            for entry in explanation.entries {
                let table = ConfigurationSchema.table(entry.table)!
                let thisHeader = entry.index.map { "\(table.header) #\($0 + 1)" } ?? table.header
                if thisHeader != header {
                    header = thisHeader
                    lines.append("")
                    lines.append(table.header)
                }
                guard let value = entry.value else {
                    lines.append("# \(entry.key): not set (\(entry.defaultText ?? "no value"))")
                    continue
                }
                let assignment = "\(entry.key) = \(value.toml)"
                let padding = String(repeating: " ", count: max(1, 44 - assignment.count))
                let origin = entry.source == nil ? "default" + (entry.defaultText.map { ": \($0)" } ?? "") : place(entry.source)
                lines.append(assignment + padding + "# " + origin)
            }
            return lines.joined(separator: "\n")
        }

        static func json(_ explanation: ConfigurationExplanation, location: ConfigurationLocation) -> String {
            let configuration = explanation.configuration
            var object: [String: Any] = [
                "file": configuration.file.string, "source": location.source.rawValue,
                "drop_ins": configuration.dropIns.map(\.string), "warnings": configuration.warnings.map(\.description),
            ]
            var topics: [[String: Any]] = []
            for entry in explanation.entries {
                let value: [String: Any] = ["value": entry.value?.json ?? NSNull(), "source": entry.source ?? "default"]
                if let index = entry.index {
                    if index == topics.count { topics.append([:]) }
                    topics[index][entry.key] = value
                } else {
                    var table = object[entry.table] as? [String: Any] ?? [:]
                    table[entry.key] = value
                    object[entry.table] = table
                }
            }
            object["topics"] = topics
            let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
            return String(decoding: data, as: UTF8.self)
        }
    }
}

extension ConfigurationValue {
    var json: Any {
        switch self {
        case .string(let text): text
        case .integer(let number): number
        case .number(let number): number
        case .boolean(let flag): flag
        case .strings(let texts): texts
        }
    }
}
