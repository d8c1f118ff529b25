import StoryDedup
import SystemPackage

#if canImport(Glibc)
    import Glibc
#endif

extension ConfigurationLoader {
    /// Settings that are each valid but together (or with the file system) make no sense.
    static func senseProblems(of configuration: NewswatchConfiguration, in document: Document) -> [ConfigurationProblem] {
        var problems: [ConfigurationProblem] = []
        func problem(_ table: String, _ key: String, _ message: String) {
            let section = document.section(table)
            problems.append(
                ConfigurationProblem(
                    file: document.file.string, line: section.table?[key]?.line ?? section.line, key: "\(table).\(key)",
                    message: message))
        }

        let dedup = configuration.dedup
        let defaults = DedupConfiguration()
        let duplicate = dedup.duplicateThreshold ?? defaults.duplicateThreshold
        let update = dedup.updateThreshold ?? defaults.updateThreshold
        if update >= duplicate {
            let (key, other) =
                dedup.updateThreshold != nil ? ("update_threshold", "duplicate_threshold") : ("duplicate_threshold", "update_threshold")
            let (value, otherValue) = key == "update_threshold" ? (update, duplicate) : (duplicate, update)
            let relation = key == "update_threshold" ? "below" : "above"
            problem(
                "dedup", key,
                "\(value) must be \(relation) \(other) (\(otherValue)): a page at least that similar is a duplicate, not an update")
        }

        let inbox = configuration.inbox
        let folders: [(String, String, FilePath)] = [
            ("inbox", "path", inbox.path), ("inbox", "processed", inbox.processed), ("inbox", "failed", inbox.failed),
            ("state", "directory", configuration.state.directory),
        ]
        for (table, key, path) in folders {
            if let kind = nonFolderKind(path) {
                let consequence = key == "path" ? " (newswatch would make processed/ and failed/ beside it)" : ""
                problem(table, key, "\(path) is \(kind), not a folder\(consequence)")
            }
        }
        for (table, key, path) in folders.dropFirst() where path.starts(with: inbox.path) {
            problem(table, key, "\(path) must not be the inbox or inside it: files there would be read again")
        }
        return problems
    }

    /// Zero topics is a valid configuration (a daemon that only archives), but rarely meant.
    static func topicCountProblems(_ configuration: NewswatchConfiguration, documents: [Document]) -> [ConfigurationProblem] {
        if documents.allSatisfy({ $0.root["topics"] == nil }) {
            return [
                ConfigurationProblem(
                    .warning, file: configuration.file.string,
                    message: "no [[topics]] here or in topics.d/*.toml: pages will be read and archived, but nothing will ever alert")
            ]
        }
        if !configuration.topics.isEmpty && configuration.topics.allSatisfy({ !$0.enabled }) {
            return [
                ConfigurationProblem(
                    .warning, file: configuration.file.string,
                    message: "every topic has enabled = false: nothing will ever alert")
            ]
        }
        return []
    }

    /// "a file", "a device", … when something other than a folder is at `path`; nil when a
    /// folder or nothing is there (a missing folder is made at start).
    private static func nonFolderKind(_ path: FilePath) -> String? {
        var status = stat()
        guard (try? systemCall("stat", "checking \(path)", { path.withPlatformString { stat($0, &status) } })) != nil
        else { return nil }
        switch status.st_mode & S_IFMT {
        case S_IFDIR: return nil
        case S_IFREG: return "a file"
        default: return "a special file"
        }
    }
}
