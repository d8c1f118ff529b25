import Foundation
#if canImport(Glibc)
    import Glibc
#endif
import NewswatchCore
import PageParsing
import TopicMatching

/// Dev-corpus pages (w3m text) against 10, 1,000 and 10,000 topics generated from the
/// corpus vocabulary; prints µs per page for each count and the 10,000 / 10 ratio.
///
/// Per page is everything the daemon pays after reading: tokenising the body, building the
/// `MatchDocument` and matching, in thread CPU time. Options: `--rounds N` (default 5), `--seed N`,
/// `--preparation-only` (time only tokenising and keying pages, for profiling).
func runMatchBenchmark(arguments: [String]) throws {
    let rounds = Int(value(of: "--rounds", in: arguments) ?? "") ?? 5
    let generator = TopicSeedGenerator(state: UInt64(value(of: "--seed", in: arguments) ?? "") ?? 7)
    var pages: [Page] = []
    let folder = sharedFolder().appending(path: "corpus/extraction-dev/text-w3m")
    for name in try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() {
        let bytes = [UInt8](try Data(contentsOf: folder.appending(path: name)))
        if let page = try? PageReader().read(bytes, fileName: name).first { pages.append(page) }
    }
    let tokenizer = Tokenizer()
    let bodies = pages.map { tokenizer.tokens(of: $0.body) }
    let tokenCount = bodies.reduce(0) { $0 + $1.count }
    print("pages \(pages.count), \(tokenCount / max(pages.count, 1)) body words per page on average")

    if arguments.contains("--preparation-only") {
        printPreparationCost(pages: pages, rounds: rounds * 20)
        return
    }
    for (label, ceiling) in [("broad topics (words in ≤ 10% of pages)", nil), ("specific topics (words in ≤ 2 pages)", 2)] {
        var generator = generator
        let vocabulary = TopicVocabulary(bodies: bodies, pages: pages, maximumPages: ceiling)
        print("\(label): vocabulary \(vocabulary.words.count) words, \(vocabulary.pairs.count) phrases")
        try measure(vocabulary: vocabulary, pages: pages, rounds: rounds, generator: &generator)
    }
    printPreparationCost(pages: pages, rounds: rounds)
}

/// Times the pages against 10, 1,000 and 10,000 topics drawn from `vocabulary`.
private func measure(
    vocabulary: TopicVocabulary, pages: [Page], rounds: Int, generator: inout TopicSeedGenerator
) throws {
    let tokenizer = Tokenizer()
    var baseline = 0.0
    for count in [10, 1_000, 10_000] {
        let topics = (0..<count).map { vocabulary.topic(number: $0, using: &generator) }
        let buildStart = ContinuousClock.now
        let matcher = try TopicMatcher(topics: topics)
        let buildTime = ContinuousClock.now - buildStart
        var matched = 0
        var slowest = 0.0
        // The first round warms the stemmer memo (as a running daemon's is); it is not timed.
        for page in pages { _ = matcher.match(MatchDocument(page: page)) }
        var total = 0.0
        var times: [Double] = []
        for _ in 0..<rounds {
            for page in pages {
                let pageStart = threadCPUMicroseconds()
                let document = MatchDocument(page: page, bodyTokens: tokenizer.tokens(of: page.body))
                matched += matcher.match(document).count
                let spent = threadCPUMicroseconds() - pageStart
                total += spent
                times.append(spent)
                slowest = max(slowest, spent)
            }
        }
        let perPage = total / Double(rounds * pages.count)
        if count == 10 { baseline = perPage }
        print(
            String(
                format:
                    "%6d topics: %7.1f µs/page mean, %7.1f median, %7.1f slowest; %5.1f matches/page; index %.0f ms",
                count, perPage, times.sorted()[times.count / 2], slowest, Double(matched) / Double(rounds * pages.count),
                microseconds(buildTime) / 1000))
        if count == 10_000 { print(String(format: "ratio 10,000 / 10 topics: %.2f×", perPage / baseline)) }
    }
}

/// How much of a page's cost is tokenising and keying it, independent of the topics.
private func printPreparationCost(pages: [Page], rounds: Int) {
    let tokenizer = Tokenizer()
    let start = threadCPUMicroseconds()
    var words = 0
    for _ in 0..<rounds {
        for page in pages { words += MatchDocument(page: page, bodyTokens: tokenizer.tokens(of: page.body)).page.tags.count }
    }
    let perPage = (threadCPUMicroseconds() - start) / Double(rounds * pages.count)
    print(String(format: "of which tokenising and keying the page: %.1f µs/page", perPage))
    _ = words
}

/// `../shared` beside the repository (or `NEWSWATCH_SHARED`); found from this file because
/// the release build does not link the test-support library's corpus helpers.
private func sharedFolder() -> URL {
    if let override = ProcessInfo.processInfo.environment["NEWSWATCH_SHARED"], !override.isEmpty {
        return URL(filePath: override, directoryHint: .isDirectory)
    }
    // Benchmarks/Sources/newswatch-bench/MatchBenchmark.swift → repository → ../shared
    var url = URL(filePath: #filePath)
    for _ in 0..<5 { url = url.deletingLastPathComponent() }
    return url.appending(path: "shared", directoryHint: .isDirectory)
}

/// CPU time of this thread: steadier than wall time on a machine shared with builds.
private func threadCPUMicroseconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
    return Double(time.tv_sec) * 1e6 + Double(time.tv_nsec) / 1e3
}

private func microseconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) * 1e6 + Double(duration.components.attoseconds) / 1e12
}

private func value(of option: String, in arguments: [String]) -> String? {
    guard let index = arguments.firstIndex(of: option), index + 1 < arguments.count else { return nil }
    return arguments[index + 1]
}
