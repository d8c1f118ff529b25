public import SystemPackage
import TopicMatching

/// Reads `newswatch.toml` and the `topics.d/*.toml` drop-ins beside it into a validated
/// `NewswatchConfiguration`.
///
/// Every mistake in a run is reported, not only the first, each with file, line and key:
/// unknown tables and keys (with a "did you mean"), values of the wrong type or out of
/// range, durations and sizes without a unit, queries that do not parse, duplicate topic ids,
/// and settings that contradict each other or the file system.
public struct ConfigurationLoader: Sendable {
    public init() {}

    /// The loader the daemon and the commands use.
    public static let standard = ConfigurationLoader()

    /// - Throws: `ConfigurationError` with every error (and warning) found.
    public func load(from path: FilePath) throws(ConfigurationError) -> NewswatchConfiguration {
        try read(from: path).configuration
    }

    /// What `load` read: the configuration and the parsed files it came from.
    struct Reading {
        var configuration: NewswatchConfiguration
        var documents: [Document]
    }

    func read(from path: FilePath) throws(ConfigurationError) -> Reading {
        let file = Self.absolute(path)
        var problems: [ConfigurationProblem] = []
        var missing = false
        guard var main = Document.read(file, problems: &problems, missing: &missing) else {
            throw ConfigurationError(problems: problems, fileIsMissing: missing)
        }
        let folder = file.removingLastComponent()
        let parser = QueryParser()
        main.checkNames(isDropIn: false)

        let inboxSection = main.section("inbox")
        let inboxPath = main.path(inboxSection, "path", relativeTo: folder)
        if inboxPath == nil && inboxSection.table?["path"] == nil {
            main.report(inboxSection.path("path"), line: inboxSection.line, "is required (the folder to watch)")
        }
        var inbox = InboxSettings(
            path: inboxPath ?? folder,
            processed: main.path(inboxSection, "processed", relativeTo: folder),
            failed: main.path(inboxSection, "failed", relativeTo: folder),
            maxFileSize: main.byteSize(inboxSection, "max_file_size"))
        main.readWatchSettings(inboxSection, into: &inbox)
        let archive = main.archive(main.section("archive"))

        let stateSection = main.section("state")
        let stateFolder = main.path(stateSection, "directory", relativeTo: folder)
        if stateFolder == nil && stateSection.table?["directory"] == nil {
            main.report(stateSection.path("directory"), line: stateSection.line, "is required (a folder for newswatch.sqlite)")
        }
        let state = StateSettings(
            directory: stateFolder ?? folder,
            runtimeDirectory: main.path(stateSection, "runtime_directory", relativeTo: folder),
            database: main.databaseURL(stateSection, "database"),
            host: main.hostName(stateSection, "host"))

        let metricsSection = main.section("metrics")
        var metrics = MetricsSettings(textfile: main.path(metricsSection, "textfile", relativeTo: folder))
        if let interval = main.positiveDuration(metricsSection, "interval") { metrics.interval = interval }

        let dedupSection = main.section("dedup")
        var dedup = DedupSettings()
        if let window = main.positiveDuration(dedupSection, "window") { dedup.window = window }
        if let policy = main.choice(dedupSection, "duplicates", DedupSettings.DuplicatePolicy.allCases.map(\.rawValue)) {
            dedup.duplicates = DedupSettings.DuplicatePolicy(rawValue: policy)!
        }
        dedup.duplicateThreshold = main.fraction(dedupSection, "duplicate_threshold")
        dedup.updateThreshold = main.fraction(dedupSection, "update_threshold")

        var topics = main.topics(parser: parser)
        let forward = main.destinations(relativeTo: folder)
        var documents = [main]
        var dropIns: [FilePath] = []
        do {
            dropIns = try Self.dropIns(beside: file)
        } catch {
            problems.append(error)
        }
        for path in dropIns {
            guard var dropIn = Document.read(path, problems: &problems, missing: &missing) else { continue }
            dropIn.checkNames(isDropIn: true)
            topics += dropIn.topics(parser: parser)
            documents.append(dropIn)
        }

        var configuration = NewswatchConfiguration(
            file: file, inbox: inbox, state: state, dedup: dedup, topics: topics)
        configuration.archive = archive
        configuration.dropIns = dropIns
        configuration.forward = forward
        configuration.metrics = metrics
        problems += documents.flatMap(\.problems)
        if inboxPath != nil && stateFolder != nil {
            problems += Self.senseProblems(of: configuration, in: main)
        }
        problems += Self.duplicateTopics(topics)
        problems += Self.topicCountProblems(configuration, documents: documents)
        configuration.warnings = try Self.checked(problems, files: [file] + dropIns)
        return Reading(configuration: configuration, documents: documents)
    }

    /// `problems` in order — the files in the order read, by line in each — when none is an
    /// error (only warnings).
    /// - Throws: `ConfigurationError` with them all when one is.
    static func checked(_ problems: [ConfigurationProblem], files: [FilePath]) throws(ConfigurationError) -> [ConfigurationProblem] {
        let order = Dictionary(files.enumerated().map { ($1.string, $0) }, uniquingKeysWith: min)
        let sorted = problems.sorted { (order[$0.file] ?? -1, $0.line ?? 0) < (order[$1.file] ?? -1, $1.line ?? 0) }
        if sorted.contains(where: { $0.severity == .error }) {
            throw ConfigurationError(problems: sorted)
        }
        return sorted
    }

    /// A second topic with an id already used, pointing at its `id` line and the first one's.
    static func duplicateTopics(_ topics: [TopicSettings]) -> [ConfigurationProblem] {
        var first: [String: Int] = [:]
        first.reserveCapacity(topics.count)
        var problems: [ConfigurationProblem] = []
        for (index, topic) in topics.enumerated() {
            guard let earlier = first.updateValue(index, forKey: topic.id) else { continue }
            first[topic.id] = earlier
            problems.append(
                ConfigurationProblem(
                    file: topic.file, line: topic.line, key: "id",
                    message: "\"\(topic.id)\" is already the id of the topic at \(topics[earlier].origin); ids must be unique"))
        }
        return problems
    }

    /// `topics.d/*.toml` next to the config file, in name order as systemd reads drop-ins.
    static func dropIns(beside file: FilePath) throws(ConfigurationProblem) -> [FilePath] {
        let folder = file.removingLastComponent().appending("topics.d")
        let names: [String]
        do {
            names = try DirectoryListing.names(in: folder)
        } catch {
            if error.errno == .noSuchFileOrDirectory { return [] }
            throw ConfigurationProblem(file: folder.string, message: "cannot be listed: \(error.errno.description)")
        }
        return names.filter { $0.hasSuffix(".toml") && !$0.hasPrefix(".") }.sorted().map { folder.appending($0) }
    }

    static func absolute(_ path: FilePath) -> FilePath {
        if path.isAbsolute { return path.lexicallyNormalized() }
        return WorkingDirectory.current.pushing(path).lexicallyNormalized()
    }
}

extension ConfigurationProblem: Error {}
