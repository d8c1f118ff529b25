import Foundation
import NewswatchCore
import PageParsing
public import StoryDedup

/// The dev corpus's 264 files (88 pages as HTML, a w3m and a lynx dump), each read and
/// fingerprinted as the daemon's page analyser does: `PageReader` on the file's bytes,
/// then the fingerprint of the extracted body's tokens.
public struct RenderedCorpus: Sendable {
    public struct File: Sendable {
        /// The page id: the true story of the file.
        public let id: String
        public let rendering: DevCorpus.Rendering
        /// The fingerprint of the body the reader extracted; nil if it found no article,
        /// so the file never reaches the story index.
        public let fingerprint: PageFingerprint?

        public var name: String { "\(rendering.rawValue)/\(rendering.fileName(for: id))" }
    }

    /// Page by page, each page's renderings in `DevCorpus.Rendering` order.
    public let files: [File]

    public init(corpus: DevCorpus) throws {
        let reader = PageReader()
        let fingerprinter = PageFingerprinter()
        var files: [File] = []
        for id in corpus.ids {
            for rendering in DevCorpus.Rendering.allCases {
                let bytes = try corpus.bytes(of: id, in: rendering)
                let body = try? reader.read(bytes, fileName: rendering.fileName(for: id)).first?.body
                let fingerprint = body.map { fingerprinter.fingerprint(body: Tokenizer().tokenize($0)) }
                files.append(File(id: id, rendering: rendering, fingerprint: fingerprint))
            }
        }
        self.files = files
    }

    private static let loaded = Result { try RenderedCorpus(corpus: DevCorpus()) }

    /// The corpus read once per process.
    public static func shared() throws -> RenderedCorpus { try loaded.get() }

    /// An order in which the files arrive.
    public struct Order: Sendable {
        public let name: String
        private let arrange: @Sendable ([File]) -> [Int]

        /// File numbers in arrival order.
        public func arrival(of files: [File]) -> [Int] { arrange(files) }

        /// Every rendering of a page before the next page.
        public static let pageByPage = Order(name: "page by page") { Array($0.indices) }
        public static let reversed = Order(name: "page by page, last page first") { Array($0.indices.reversed()) }
        public static let htmlFirst = renderingsInTurn("all HTML first", [.html, .w3m, .lynx])
        public static let textFirst = renderingsInTurn("all text first", [.w3m, .lynx, .html])
        public static let lynxFirst = renderingsInTurn("all lynx first", [.lynx, .html, .w3m])

        /// All files of one rendering, then all of the next.
        static func renderingsInTurn(_ name: String, _ renderings: [DevCorpus.Rendering]) -> Order {
            Order(name: name) { files in
                renderings.flatMap { rendering in files.indices.filter { files[$0].rendering == rendering } }
            }
        }

        /// A random order drawn from a generator seeded with `seed`.
        public static func shuffled(seed: UInt64) -> Order {
            Order(name: "shuffled (seed \(seed))") { files in
                var generator = SeededGenerator(state: seed)
                return Array(files.indices).shuffled(using: &generator)
            }
        }

        /// The orders the story tests and the benchmark try.
        public static let all: [Order] =
            [.pageByPage, .reversed, .htmlFirst, .textFirst, .lynxFirst] + (1...5).map { shuffled(seed: $0) }
    }

    /// How the index grouped the files when they came in `order`.
    public struct Grouping: Sendable {
        /// For each file (in file order), the story it was put in.
        public let stories: [UInt64]
        public let score: PairwiseScore

        /// For each file, the first file of its story.
        public var partition: [Int] { RenderedCorpus.partition(stories) }
    }

    /// For each file, the first file of its story (`stories` gives each file's story): equal
    /// for two groupings that form the same stories, whatever the story ids.
    public static func partition<Story: Hashable>(_ stories: [Story]) -> [Int] {
        var first: [Story: Int] = [:]
        return stories.enumerated().map { file, story in
            if let known = first[story] { return known }
            first[story] = file
            return file
        }
    }

    /// Records the files in `order` as the daemon's story desk does, in an index sized for
    /// `expectedCount` pages that already remembers the `remembered` pages.
    public func grouping(
        in order: Order, configuration: DedupConfiguration = .init(), expectedCount: Int = 0,
        remembered: [PageFingerprint] = []
    ) -> Grouping {
        var index = StoryIndex(configuration: configuration, expectedCount: expectedCount)
        var signatures = RememberedPreciseSignatures()
        for (number, fingerprint) in remembered.enumerated() {
            _ = index.record(fingerprint, seenAt: 1_600_000_000 + Int64(number), remembering: &signatures)
        }
        var stories = [UInt64](repeating: 0, count: files.count)
        for (position, file) in order.arrival(of: files).enumerated() {
            guard let fingerprint = files[file].fingerprint else {
                // No article: the daemon fails the file, which joins no story.
                stories[file] = UInt64.max - UInt64(file)
                continue
            }
            let verdict = index.record(fingerprint, seenAt: 1_700_000_000 + Int64(position), remembering: &signatures)
            stories[file] = verdict.story(of: fingerprint)
        }
        return Grouping(stories: stories, score: PairwiseScore(assigned: stories, truth: files.map(\.id)))
    }
}

/// Pairwise agreement of grouped items with their true groups: precision is the share of
/// pairs put together that truly belong together, recall the share of true pairs put together.
public struct PairwiseScore: Sendable, CustomStringConvertible {
    public var precision: Double
    public var recall: Double

    /// Scores `assigned` (item → group) against `truth` (item → true group).
    public init<Group: Equatable>(assigned: [Group], truth: [String]) {
        var together = 0
        var correct = 0
        var actual = 0
        for first in 0..<assigned.count {
            for second in (first + 1)..<assigned.count {
                let same = truth[first] == truth[second]
                let joined = assigned[first] == assigned[second]
                if joined { together += 1 }
                if same { actual += 1 }
                if same && joined { correct += 1 }
            }
        }
        precision = together == 0 ? 1 : Double(correct) / Double(together)
        recall = actual == 0 ? 1 : Double(correct) / Double(actual)
    }

    public var description: String { String(format: "precision %.4f recall %.4f", precision, recall) }
}
