import Foundation
import NewswatchCore
import NewswatchTestSupport
import PageParsing
import TopicMatching

#if canImport(Glibc)
    import Glibc
#endif

/// Dev-corpus pages (w3m text) against 10, 1,000 and 10,000 topics generated from the
/// corpus vocabulary; prints µs per page for each count and the 10,000 / 10 ratio.
///
/// Two series. Watch-list topics (the issue's targets) are shaped like a monitoring desk's:
/// a name or name phrase AND a context group, proximity between specific words, wildcard
/// stems, NOT exclusions (see `TopicVocabulary.watchTopic`); each matches about 0.25% of
/// pages, so a page meets a couple of dozen of 10,000. Broad topics (`broadTopic`, the first
/// engineer's series) use words in up to a tenth of the pages and match ~4% each, hundreds
/// per page: they show the cost of reporting many matches.
///
/// Per page is everything the daemon pays after reading: tokenising the body, building the
/// `MatchDocument` and matching, in thread CPU time; each page's cheapest round is kept.
/// Options: `--rounds N` (default 5), `--seed N`, `--series watch|broad` (one series),
/// `--topics N` (10 and N topics only), `--page PREFIX` (pages whose file name starts so), `--preparation-only` (time only tokenising and
/// keying pages, for profiling), `--profile` (run the per-page work untimed, see `profiledRounds`),
/// `--dump FILE` (write every match instead of timing, to compare two builds).
func runMatchBenchmark(arguments: [String]) throws {
    let rounds = Int(value(of: "--rounds", in: arguments) ?? "") ?? 5
    let generator = SeededGenerator(state: UInt64(value(of: "--seed", in: arguments) ?? "") ?? 7)
    var pages: [Page] = []
    // The vocabulary always comes from every page; `--page` only narrows what is timed.
    var timed: [Page] = []
    var timedNames: [String] = []
    let folder = sharedFolder().appending(path: "corpus/extraction-dev/text-w3m")
    let only = value(of: "--page", in: arguments)
    for name in try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() {
        let bytes = [UInt8](try Data(contentsOf: folder.appending(path: name)))
        guard let page = try? PageReader().read(bytes, fileName: name).first else { continue }
        pages.append(page)
        if only == nil || name.hasPrefix(only!) {
            timed.append(page)
            timedNames.append(name)
        }
    }
    let tokenizer = Tokenizer()
    let bodies = pages.map { tokenizer.tokenize($0.body) }
    let tokenCount = bodies.reduce(0) { $0 + $1.count }
    print("pages \(pages.count), \(tokenCount / max(pages.count, 1)) body words per page on average")

    if arguments.contains("--preparation-only") {
        printPreparationCost(pages: timed, rounds: rounds * 20)
        return
    }
    let vocabulary = TopicVocabulary(bodies: bodies, pages: pages)
    print(
        "vocabulary: \(vocabulary.names.count) names, \(vocabulary.namePairs.count) name phrases, "
            + "\(vocabulary.context.count) context words, \(vocabulary.nearPairs.count) near pairs; "
            + "broad: \(vocabulary.words.count) words, \(vocabulary.pairs.count) phrases")
    let series: [(String, TopicShape)] = [
        ("watch-list topics (names and specific words narrowed by context; the issue's targets)", vocabulary.watchTopic),
        ("broad topics (words in ≤ 10% of pages, each matching a few % of pages)", vocabulary.broadTopic),
    ]
    let chosen = value(of: "--series", in: arguments)
    let counts = value(of: "--topics", in: arguments).flatMap { Int($0) }.map { [10, $0] } ?? [10, 1_000, 10_000]
    let dump = value(of: "--dump", in: arguments)
    var dumped: [String] = []
    for (label, shape) in series where chosen == nil || label.hasPrefix(chosen!) {
        var generator = generator
        print(label)
        try measure(
            shape: shape, counts: counts, pages: timed, names: timedNames, rounds: rounds, generator: &generator,
            profileOnly: arguments.contains("--profile"), dump: dump == nil ? nil : { dumped.append("\(label.prefix(5))\t\($0)") })
    }
    if let dump {
        try (dumped.joined(separator: "\n") + "\n").write(toFile: dump, atomically: true, encoding: .utf8)
        print("\(dumped.count) matches written to \(dump)")
        return
    }
    if !arguments.contains("--profile") { printPreparationCost(pages: timed, rounds: rounds) }
}

/// Makes topic number n of a series.
private typealias TopicShape = (Int, inout SeededGenerator) -> TopicDefinition

/// Times the pages against each topic count of one series.
///
/// The counts are interleaved page by page (each page against 10, then 1,000, then 10,000
/// topics) so that load from other processes falls on every count alike and the ratio
/// stays fair; per page and count the cheapest round is kept, since contention only ever
/// adds time.
private func measure(
    shape: TopicShape, counts: [Int], pages: [Page], names: [String], rounds: Int, generator: inout SeededGenerator,
    profileOnly: Bool, dump: ((String) -> Void)?
) throws {
    let tokenizer = Tokenizer()
    var matchers: [TopicMatcher] = []
    var buildTimes: [Duration] = []
    var candidates = [Int](repeating: 0, count: counts.count)
    for (slot, count) in counts.enumerated() {
        let topics = (0..<count).map { shape($0, &generator) }
        let buildStart = ContinuousClock.now
        let matcher = try TopicMatcher(topics: topics)
        buildTimes.append(ContinuousClock.now - buildStart)
        // An untimed round warms the stemmer memo (as a running daemon's is) and counts the
        // candidates the anchor pre-filter leaves to evaluate.
        for page in pages {
            let document = MatchDocument(page: page)
            _ = matcher.match(document)
            candidates[slot] += matcher.candidateCount(in: document)
        }
        matchers.append(matcher)
    }
    if let dump {
        dumpMatches(matchers: matchers, counts: counts, pages: pages, names: names, to: dump)
        return
    }
    if profileOnly {
        for (slot, matcher) in matchers.enumerated() {
            profiledRounds(matcher: matcher, pages: pages, rounds: rounds, topics: counts[slot])
        }
        return
    }
    var matched = [Int](repeating: 0, count: counts.count)
    var total = [Double](repeating: 0, count: counts.count)
    var best = [[Double]](repeating: [Double](repeating: .infinity, count: pages.count), count: counts.count)
    for _ in 0..<rounds {
        for (index, page) in pages.enumerated() {
            for (slot, matcher) in matchers.enumerated() {
                let pageStart = threadCPUMicroseconds()
                // As the daemon does: the body joined once, for the tokenizer and the document.
                let body = page.body
                let document = MatchDocument(page: page, body: body, bodyWords: tokenizer.tokenize(body))
                matched[slot] += matcher.match(document).count
                let spent = threadCPUMicroseconds() - pageStart
                total[slot] += spent
                best[slot][index] = min(best[slot][index], spent)
            }
        }
    }
    let samples = Double(rounds * pages.count)
    let bestMeans = best.map { $0.reduce(0, +) / Double(pages.count) }
    for (slot, count) in counts.enumerated() {
        let sortedBest = best[slot].sorted()
        let slowest = best[slot].indices.max { best[slot][$0] < best[slot][$1] }.map { String(names[$0].prefix(8)) } ?? "-"
        let matchesPerPage = Double(matched[slot]) / samples
        print(
            String(
                format:
                    "%6d topics: best-of-rounds %6.1f µs/page mean, %6.1f median, %7.1f slowest page (%@) (all rounds mean %6.1f); "
                    + "%5.1f matches/page (%.3f%% of pages per topic), %5.1f candidates/page; index %.0f ms",
                count, bestMeans[slot], sortedBest[sortedBest.count / 2], sortedBest.last ?? 0, slowest, total[slot] / samples,
                matchesPerPage, 100 * matchesPerPage / Double(count), Double(candidates[slot]) / Double(pages.count),
                microseconds(buildTimes[slot]) / 1000))
    }
    if let last = counts.last, counts.count > 1 {
        print(
            String(
                format: "ratio %d / %d topics (best-of-rounds means): %.2f×", last, counts[0], bestMeans[counts.count - 1] / bestMeans[0]))
    }
}

/// Only the per-page work (tokenise, build the document, match), `rounds` times, untimed: run
/// under `valgrind --tool=callgrind --toggle-collect='*profiledRounds*'` for instruction
/// counts that other load on the machine cannot disturb.
@inline(never)
private func profiledRounds(matcher: TopicMatcher, pages: [Page], rounds: Int, topics: Int) {
    let tokenizer = Tokenizer()
    var matches = 0
    for _ in 0..<rounds {
        for page in pages {
            let body = page.body
            matches += matcher.match(MatchDocument(page: page, body: body, bodyWords: tokenizer.tokenize(body))).count
        }
    }
    print("\(topics) topics: \(matches) matches in \(rounds) rounds of \(pages.count) pages")
}

/// How much of a page's cost is tokenising and keying it, independent of the topics.
private func printPreparationCost(pages: [Page], rounds: Int) {
    let tokenizer = Tokenizer()
    let words = pages.reduce(0) { $0 + tokenizer.tokenize($1.body).count }
    let bodies = pages.map(\.body)
    var sink = 0
    let tokenStart = threadCPUMicroseconds()
    for _ in 0..<rounds {
        for body in bodies { sink &+= tokenizer.tokenize(body).count }
    }
    let tokenTime = threadCPUMicroseconds() - tokenStart
    let start = threadCPUMicroseconds()
    for _ in 0..<rounds {
        for page in pages { sink &+= MatchDocument(page: page, bodyWords: tokenizer.tokenize(page.body)).page.tags.count }
    }
    let time = threadCPUMicroseconds() - start
    print(
        String(
            format: "of which tokenising and keying the page: %.1f µs/page (%.0f ns/body word; tokenising alone %.0f ns/word)",
            time / Double(rounds * pages.count), 1000 * time / Double(rounds * words),
            1000 * tokenTime / Double(rounds * words)))
    _ = sink
}

private func microseconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) * 1e6 + Double(duration.components.attoseconds) / 1e12
}

/// Gives every match of every page (topic count, page, topic, words, hits, snippet) as a
/// line, so a change to matching can be checked to report exactly what it did before.
private func dumpMatches(matchers: [TopicMatcher], counts: [Int], pages: [Page], names: [String], to line: (String) -> Void) {
    for (slot, matcher) in matchers.enumerated() {
        for (index, page) in pages.enumerated() {
            for match in matcher.match(MatchDocument(page: page)) {
                line(
                    "\(counts[slot])\t\(names[index])\t\(match.topicID)\t\(match.matchedTerms.joined(separator: "|"))"
                        + "\t\(match.hits)\t\(match.snippet)")
            }
        }
    }
}
