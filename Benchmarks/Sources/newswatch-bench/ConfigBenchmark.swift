import Foundation
import NewswatchCore
import NewswatchDaemon
import NewswatchTestSupport
import PageParsing
import SystemPackage
import TopicMatching

/// Big watch lists: `config --write DIR [--topics N]` writes `DIR/newswatch.toml` with N
/// (default 100,000) watch-list topics generated from the dev corpus vocabulary, as a desk
/// writes them (ids, names, Lucene queries, priorities, some with limits and cooldowns);
/// `config --load FILE [--rounds N]` then times, in a fresh process, what the daemon does
/// with it: load and validate (`ConfigurationLoader`, what `config validate` and a reload
/// run), compile the matcher (`TopicMatcher`, start and reload), match one page per language
/// (topics without a language compile on a language's first page), and N more load+compile
/// rounds as reloads, printing the resident memory after each so growth across reloads shows.
func runConfigBenchmark(arguments: [String]) throws {
    if let folder = value(of: "--write", in: arguments) {
        try writeWatchList(into: URL(filePath: folder), count: Int(value(of: "--topics", in: arguments) ?? "") ?? 100_000)
    } else if let file = value(of: "--load", in: arguments) {
        try loadWatchList(FilePath(file), rounds: Int(value(of: "--rounds", in: arguments) ?? "") ?? 3)
    } else {
        print("usage: newswatch-bench config --write DIR [--topics N] | --load FILE [--rounds N]")
        exit(64)
    }
}

private func writeWatchList(into folder: URL, count: Int) throws {
    let directory = sharedFolder().appending(path: "corpus/extraction-dev/text-w3m")
    var pages: [Page] = []
    for name in try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() {
        let bytes = [UInt8](try Data(contentsOf: directory.appending(path: name)))
        if let page = try? PageReader().read(bytes, fileName: name).first { pages.append(page) }
    }
    let tokenizer = Tokenizer()
    let vocabulary = TopicVocabulary(bodies: pages.map { tokenizer.tokenize($0.body) }, pages: pages)
    var generator = SeededGenerator(state: 11)
    var text = """
        # \(count) generated watch-list topics (newswatch-bench config --write)
        [inbox]
        path = "inbox"
        [state]
        directory = "state"

        """
    let priorities = ["warning", "notice", "info", "err"]
    for number in 0..<count {
        let topic = vocabulary.watchTopic(number: number, using: &generator)
        let lead = topic.query.split(separator: " ").first.map { $0.filter { $0.isLetter || $0 == " " } } ?? "topic"
        text += "\n[[topics]]\nid = \"watch-\(number)\"\nname = \"Watch \(number): \(lead)\"\n"
        text += "query = '\(topic.query)'\npriority = \"\(priorities[number % priorities.count])\"\n"
        // Three in four fix English word forms; the rest follow each page's language.
        if number % 4 != 3 { text += "language = \"en\"\n" }
        if number % 10 == 0 { text += "max_per_hour = 20\n" }
        if number % 7 == 0 { text += "cooldown = \"12h\"\n" }
    }
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let file = folder.appending(path: "newswatch.toml")
    try text.write(to: file, atomically: true, encoding: .utf8)
    print("wrote \(file.path): \(count) topics, \(text.utf8.count / 1024) KiB")
}

private func loadWatchList(_ file: FilePath, rounds: Int) throws {
    func mib(_ bytes: Int) -> String { String(format: "%.0f MiB", Double(bytes) / 1_048_576) }
    // Wall and CPU time (CPU time is what a busy shared host does not distort), resident
    // memory, and resident memory once malloc has handed freed pages back (malloc_trim):
    // growth in the second across reloads would be a leak, the first also holds freed
    // pages malloc keeps for later.
    func timed<T>(_ label: String, _ body: () throws -> T) rethrows -> T {
        let start = ContinuousClock.now
        let cpuStart = processCPUSeconds()
        let result = try body()
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        print(
            String(
                format: "  %-52@ %6.2f s wall %6.2f s CPU   resident %@, trimmed %@", label as NSString, seconds,
                processCPUSeconds() - cpuStart, mib(residentBytes()) as NSString, mib(trimmedResidentBytes()) as NSString))
        return result
    }
    print("baseline resident \(mib(residentBytes()))")
    var configuration = try timed("load and validate (config validate, reload)") {
        try ConfigurationLoader.standard.load(from: file)
    }
    let definitions = { (configuration: NewswatchConfiguration) in
        configuration.enabledTopics.map {
            TopicDefinition(id: $0.id, name: $0.name, query: $0.query, language: $0.language, minHits: $0.minHits)
        }
    }
    var matcher = try timed("compile the matcher (\(configuration.topics.count) topics)") {
        try TopicMatcher(topics: definitions(configuration))
    }
    let english = Page(format: .text, language: "en", paragraphs: ["NATO allies discussed the build-up on the eastern flank."])
    let russian = Page(format: .text, language: "ru", paragraphs: ["Страны НАТО обсудили наращивание сил."])
    for page in [english, russian] {
        _ = timed("first \(page.language ?? "?") page (compiles language-following topics)") {
            matcher.match(MatchDocument(page: page))
        }
    }
    for round in 1...max(rounds, 1) {
        configuration = try timed("reload \(round): load, validate and compile") {
            let reloaded = try ConfigurationLoader.standard.load(from: file)
            matcher = try TopicMatcher(topics: definitions(reloaded))
            _ = matcher.match(MatchDocument(page: english))
            return reloaded
        }
    }
    print("peak resident \(mib(peakResidentBytes())), \(configuration.topics.count) topics, \(configuration.warnings.count) warnings")
}
