public import SystemPackage
import TOMLKit

/// Reads `newswatch.toml` and the `topics.d/*.toml` drop-ins beside it into a validated
/// `NewswatchConfiguration`; every mistake is reported with file, line and key.
public struct ConfigurationLoader: Sendable {
    /// Checks a topic's query; returns nil when it is good, else a message naming the column.
    public typealias QueryCheck = @Sendable (TopicSettings) -> String?

    private let checkQuery: QueryCheck

    public init(checkQuery: @escaping QueryCheck = { _ in nil }) {
        self.checkQuery = checkQuery
    }

    public func load(from path: FilePath) throws(ConfigurationError) -> NewswatchConfiguration {
        let file = Self.absolute(path)
        let document = try Document(path: file)
        let folder = file.removingLastComponent()

        let inboxPath = try document.path("inbox.path", relativeTo: folder, required: true)!
        let inbox = InboxSettings(
            path: inboxPath,
            processed: try document.path("inbox.processed", relativeTo: folder),
            failed: try document.path("inbox.failed", relativeTo: folder),
            maxFileSize: try document.byteSize("inbox.max_file_size")
        )
        let state = StateSettings(directory: try document.path("state.directory", relativeTo: folder, required: true)!)

        var dedup = DedupSettings()
        if let window = try document.duration("dedup.window") { dedup.window = window }
        if let policy = try document.string("dedup.duplicates") {
            guard let value = DedupSettings.DuplicatePolicy(rawValue: policy) else {
                throw document.error(.invalidValue, "dedup.duplicates", "\"\(policy)\" is not a duplicate policy (use \"archive\" or \"delete\")")
            }
            dedup.duplicates = value
        }
        dedup.duplicateThreshold = try document.fraction("dedup.duplicate_threshold")
        dedup.updateThreshold = try document.fraction("dedup.update_threshold")

        var topics = try document.topics()
        for dropIn in try Self.dropIns(beside: file) {
            topics += try Document(path: dropIn).topics()
        }
        var seen: [String: String] = [:]
        for topic in topics {
            if let first = seen[topic.id] {
                throw ConfigurationError(
                    code: .duplicateTopic, file: topic.origin, key: "topics.id",
                    message: "topic id \"\(topic.id)\" is already defined at \(first); ids must be unique")
            }
            seen[topic.id] = topic.origin
            if let problem = checkQuery(topic) {
                let (originFile, line) = Self.split(origin: topic.origin)
                throw ConfigurationError(
                    code: .invalidQuery, file: originFile, line: line, key: "topic \"\(topic.id)\" query",
                    message: problem)
            }
        }
        return NewswatchConfiguration(file: file, inbox: inbox, state: state, dedup: dedup, topics: topics)
    }

    /// `topics.d/*.toml` next to the config file, in name order as systemd reads drop-ins.
    static func dropIns(beside file: FilePath) throws(ConfigurationError) -> [FilePath] {
        let folder = file.removingLastComponent().appending("topics.d")
        let names: [String]
        do {
            names = try DirectoryListing.names(in: folder)
        } catch {
            if error.errno == .noSuchFileOrDirectory { return [] }
            throw ConfigurationError(code: .unreadable, file: folder.string, message: error.description)
        }
        return names.filter { $0.hasSuffix(".toml") && !$0.hasPrefix(".") }.sorted().map { folder.appending($0) }
    }

    static func absolute(_ path: FilePath) -> FilePath {
        if path.isAbsolute { return path.lexicallyNormalized() }
        return WorkingDirectory.current.pushing(path).lexicallyNormalized()
    }

    static func split(origin: String) -> (String, Int?) {
        guard let colon = origin.lastIndex(of: ":"), let line = Int(origin[origin.index(after: colon)...]) else {
            return (origin, nil)
        }
        return (String(origin[..<colon]), line)
    }
}
