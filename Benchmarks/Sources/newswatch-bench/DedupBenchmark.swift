import Foundation
import GRDB
import NewswatchCore
import NewswatchDaemon
import NewswatchTestSupport
import StoryDedup

/// Dedup speed, scaling, memory, start-up and story grouping.
///
/// `newswatch-bench dedup [--pages N]`: the dev corpus's stories in every arrival order the
/// tests try, pages/s on the dev corpus w3m dumps (compare
/// `python3 Benchmarks/scripts/datasketch_dedup.py`), per-page cost at 10,000 and N
/// (default 1,000,000) stored pages, bytes per stored page, loading N pages from SQLite and
/// reading a candidate's precise signature there.
func runDedupBenchmark(arguments: [String]) throws {
    var pages = 1_000_000
    if let flag = arguments.firstIndex(of: "--pages"), flag + 1 < arguments.count, let value = Int(arguments[flag + 1]) {
        pages = value
    }
    try dedupGrouping()
    try dedupCorpusThroughput()
    let stream = SyntheticPages(seed: 42)
    let start = Date.now
    let fingerprinter = PageFingerprinter()
    let stored = (0..<pages).map { _ in fingerprinter.fingerprint(body: stream.next()) }
    print(String(format: "synthesised %d article-like pages in %.1f s", pages, Date.now.timeIntervalSince(start)))
    let probes = (0..<20_000).map { _ in stream.next() }
    let signatures = CountedSignatures()
    for fingerprint in stored { signatures.remembered.remember(fingerprint) }
    let small = dedupScaling(stored: stored.prefix(10_000), probes: probes, signatures: signatures)
    let large = dedupScaling(stored: stored[...], probes: probes, signatures: signatures)
    print(
        String(
            format: "per-page cost ratio %d/10k: classify+insert %.2f×, fingerprint+classify+insert %.2f×",
            pages, large.lookup / small.lookup, large.total / small.total))
    try dedupStartup(stored: stored)
}

/// Pairwise precision and recall of the stories the 264 dev-corpus renderings form, in each
/// arrival order, and whether every order forms the same stories.
private func dedupGrouping() throws {
    let start = Date.now
    let corpus = try RenderedCorpus.shared()
    let seconds = Date.now.timeIntervalSince(start)
    print(String(format: "read and fingerprinted %d dev-corpus files in %.1f s", corpus.files.count, seconds))
    var partitions: [[Int]] = []
    for order in RenderedCorpus.Order.all {
        let grouping = corpus.grouping(in: order)
        partitions.append(grouping.partition)
        let stories = Set(grouping.stories).count
        print("  stories, \(order.name): \(grouping.score), \(stories) stories")
    }
    let same = partitions.allSatisfy { $0 == partitions[0] }
    print("  every order forms the same stories: \(same ? "yes" : "no")")
}

/// Pages/s on the w3m dumps: tokenise, fingerprint, classify, insert.
private func dedupCorpusThroughput() throws {
    let corpus = try DevCorpus()
    let texts = try corpus.ids.map { String(decoding: try corpus.bytes(of: $0, in: .w3m), as: UTF8.self) }
    let rounds = 200
    let fingerprinter = PageFingerprinter()
    var tokenSeconds = 0.0
    var dedupSeconds = 0.0
    var verdicts = 0
    for round in 0..<rounds {
        var index = StoryIndex()
        var signatures = RememberedPreciseSignatures()
        for text in texts {
            let start = Date.now
            let words = Tokenizer().tokenize(text)
            let tokenised = Date.now
            let fingerprint = fingerprinter.fingerprint(body: words)
            if case .new = index.record(fingerprint, seenAt: Int64(round), confirmingWith: signatures) { verdicts += 1 }
            tokenSeconds += tokenised.timeIntervalSince(start)
            dedupSeconds += Date.now.timeIntervalSince(tokenised)
            // Storing the precise signature is the daemon's SQLite append, untimed as before.
            signatures.remember(fingerprint)
        }
    }
    let count = Double(rounds * texts.count)
    print(
        String(
            format: "w3m dumps: %.0f pages/s (fingerprint+classify+insert), %.0f pages/s with tokenising; %d new of %d",
            count / dedupSeconds, count / (dedupSeconds + tokenSeconds), verdicts, rounds * texts.count))
}

/// Per-page cost with `storedPages` pages remembered; candidates are confirmed on precise
/// signatures held in memory (the daemon reads them from SQLite: see `dedupStartup`).
private func dedupScaling(
    stored: ArraySlice<PageFingerprint>, probes: [TokenizedText], signatures: CountedSignatures
) -> (lookup: Double, total: Double) {
    signatures.reads = 0
    let fingerprinter = PageFingerprinter()
    let storedPages = stored.count
    let before = residentBytes()
    var index = StoryIndex(expectedCount: storedPages)
    for fingerprint in stored {
        index.restore(fingerprint, story: fingerprint.contentID, seenAt: 1_700_000_000)
    }
    let memory = residentBytes() - before
    let footprint = index.memoryFootprint
    // Half the probes time the index alone, the other half fingerprinting too; room is
    // reserved first so a one-off reallocation does not land in either.
    index.reserveCapacity(storedPages + probes.count)
    let half = probes.count / 2
    let fingerprints = probes[..<half].map { fingerprinter.fingerprint(body: $0) }
    // The probes' precise signatures are stored up front: storing is the daemon's SQLite
    // append, untimed as before, and a dictionary growing mid-loop would swamp the index.
    for words in probes { signatures.remembered.remember(fingerprinter.fingerprint(body: words)) }
    var start = Date.now
    var updates = 0
    for fingerprint in fingerprints {
        if case .new = index.record(fingerprint, seenAt: 1_700_000_001, confirmingWith: signatures) {} else { updates += 1 }
    }
    let lookup = Date.now.timeIntervalSince(start) / Double(half)
    start = Date.now
    for words in probes[half...] {
        let fingerprint = fingerprinter.fingerprint(body: words)
        if case .new = index.record(fingerprint, seenAt: 1_700_000_001, confirmingWith: signatures) {} else { updates += 1 }
    }
    let total = Date.now.timeIntervalSince(start) / Double(probes.count - half)
    print(
        String(
            format: "%8d stored: classify+insert %.2f µs/page, fingerprint+classify+insert %.2f µs/page; "
                + "%.1f bytes/page (capacity), %.1f bytes/page (RSS delta); %d of %d probes matched, "
                + "%.3f precise signatures read a probe",
            storedPages, lookup * 1e6, total * 1e6, Double(footprint) / Double(storedPages),
            Double(memory) / Double(storedPages), updates, probes.count, Double(signatures.reads) / Double(probes.count)))
    return (lookup, total)
}

/// Writes `pages` rows with the daemon's store, reopens the database and times loading.
private func dedupStartup(stored: [PageFingerprint]) throws {
    let folder = FileManager.default.temporaryDirectory.appending(path: "newswatch-dedup-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appending(path: "newswatch.sqlite").path
    let now: Int64 = 1_700_000_000
    func open() throws -> DatabasePool {
        let pool = try DatabasePool(path: path)
        var migrator = DatabaseMigrator()
        StoryIndexStore.registerMigrations(&migrator)
        try migrator.migrate(pool)
        return pool
    }
    var start = Date.now
    try open().write { db in
        for fingerprint in stored {
            try StoryIndexStore.append(fingerprint, story: fingerprint.contentID, seenAt: now, in: db)
        }
    }
    print(String(format: "wrote %d rows in %.2f s", stored.count, Date.now.timeIntervalSince(start)))
    start = Date.now
    let index = try open().read { db in
        try StoryIndexStore.load(from: db, configuration: DedupConfiguration(), now: now)
    }
    print(String(format: "start-up (open, migrate, load %d pages): %.2f s", index.count, Date.now.timeIntervalSince(start)))
    // The share of start-up that is SQLite reading rows, without building the index.
    start = Date.now
    let rows = try open().read { db in
        let cursor = try Row.fetchCursor(db, sql: "SELECT content_id, story_id, seen_at, sketch FROM story_index_page")
        var count = 0
        while let row = try cursor.next() {
            count += (row[2] as Int64) > 0 ? 1 : 0
        }
        return count
    }
    print(String(format: "  of which reading %d rows alone: %.2f s", rows, Date.now.timeIntervalSince(start)))
    // What confirming one candidate costs the daemon: its precise signature read by content id.
    var generator = SeededGenerator(state: 7)
    let documents = (0..<20_000).map { _ in stored[Int(generator.next() % UInt64(stored.count))].contentID }
    start = Date.now
    let found = try open().read { db in
        let signatures = StoryIndexStore.PreciseSignatures(db)
        return try documents.filter { try signatures.preciseSignature(of: $0) != nil }.count
    }
    print(
        String(
            format: "precise signature read from SQLite: %.2f µs each (%d of %d found)",
            Date.now.timeIntervalSince(start) / Double(documents.count) * 1e6, found, documents.count))
}

/// Precise signatures in memory that count how many a verdict reads (how many candidates
/// were confirmed). A class, so remembering a page never copies the dictionary.
private final class CountedSignatures: PreciseSignatureSource {
    typealias Failure = Never
    var remembered = RememberedPreciseSignatures()
    var reads = 0

    func preciseSignature(of document: UInt64) -> PreciseSignature? {
        reads += 1
        return remembered.preciseSignature(of: document)
    }
}

/// Article-like token streams: Zipf-distributed words from a 50,000-word vocabulary, so
/// stock phrases recur across pages as in real news.
private final class SyntheticPages: @unchecked Sendable {
    private var state: UInt64
    private let vocabulary: [String]
    private let cumulative: [Double]

    init(seed: UInt64) {
        state = seed
        vocabulary = (0..<50_000).map { "w\(String($0, radix: 36))" }
        var total = 0.0
        cumulative = (1...50_000).map { rank in
            total += 1 / Double(rank)
            return total
        }
    }

    private func random() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var x = state
        x = (x ^ (x >> 30)) &* 0xBF58_476D_1CE4_E5B9
        x = (x ^ (x >> 27)) &* 0x94D0_49BB_1331_11EB
        return x ^ (x >> 31)
    }

    /// A page of 150–650 words, tokenised (vocabulary words are already folded).
    func next() -> TokenizedText {
        let length = 150 + Int(random() % 500)
        let total = cumulative[cumulative.count - 1]
        let words = (0..<length).map { _ in
            let target = Double(random() >> 11) / Double(1 << 53) * total
            var low = 0
            var high = cumulative.count - 1
            while low < high {
                let middle = (low + high) / 2
                if cumulative[middle] < target { low = middle + 1 } else { high = middle }
            }
            return vocabulary[low]
        }
        return Tokenizer().tokenize(words.joined(separator: " "))
    }
}
