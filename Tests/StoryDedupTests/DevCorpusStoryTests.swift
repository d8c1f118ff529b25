import Foundation
import NewswatchCore
import NewswatchTestSupport
import PageParsing
import StoryDedup
import Testing

@Suite("Stories of the dev corpus")
struct DevCorpusStoryTests {
    /// Runs fingerprints through the index in order, as the daemon's story desk does, and
    /// returns each page's story. A page the reader found no article in (nil) never reaches
    /// the index, as in the daemon, and stays a story of its own.
    static func stories(of fingerprints: [PageFingerprint?]) -> [UInt64] {
        var index = StoryIndex()
        var signatures = RememberedPreciseSignatures()
        return fingerprints.enumerated().map { offset, fingerprint in
            guard let fingerprint else { return UInt64.max - UInt64(offset) }
            let verdict = index.record(fingerprint, seenAt: 1_700_000_000 + Int64(offset), remembering: &signatures)
            return verdict.story(of: fingerprint)
        }
    }

    static func fingerprint(_ body: String) -> PageFingerprint {
        PageFingerprinter().fingerprint(body: Tokenizer().tokenize(body))
    }

    @Test("Every arrival order of the 264 renderings groups them into the same stories, precisely")
    func everyArrivalOrderGivesTheSameStories() throws {
        let corpus = try RenderedCorpus.shared()
        var first: (order: String, partition: [Int])?
        for order in RenderedCorpus.Order.all {
            let grouping = corpus.grouping(in: order)
            print("stories, \(order.name): \(grouping.score)")
            #expect(grouping.score.precision >= 0.99, "\(order.name): \(grouping.score)")
            #expect(grouping.score.recall >= 0.95, "\(order.name): \(grouping.score)")
            let partition = grouping.partition
            guard let first else {
                first = (order.name, partition)
                continue
            }
            let moved = partition.indices.filter { partition[$0] != first.partition[$0] }
            let names = moved.map { corpus.files[$0].name }
            #expect(moved.isEmpty, "\(order.name) groups these files unlike \(first.order): \(names)")
        }
    }

    @Test("The stories do not depend on how large the index was made or how full it already is")
    func storiesDoNotDependOnTableSizeOrFill() throws {
        let corpus = try RenderedCorpus.shared()
        let fresh = corpus.grouping(in: .pageByPage)
        let sized = corpus.grouping(in: .pageByPage, expectedCount: 200_000)
        #expect(sized.partition == fresh.partition)
        // 30,000 unrelated pages remembered first: the table grows while the corpus comes in,
        // and every corpus page shares bucket and tag bits with some of them.
        var generator = SeededGenerator(state: 17)
        let unrelated = (0..<30_000).map { _ in
            let codes = (0..<PreciseSignature.binCount).map { _ in UInt8.random(in: 0...255, using: &generator) }
            return PageFingerprint(
                contentID: generator.next(), signature: SIMD2(generator.next(), generator.next()),
                keys: SIMD4(generator.next(), generator.next(), generator.next(), generator.next()),
                precise: PreciseSignature(codes: codes))
        }
        let crowded = corpus.grouping(in: .pageByPage, remembered: unrelated)
        #expect(crowded.partition == fresh.partition)
        let unrelatedStories = Set(unrelated.map(\.contentID))
        #expect(crowded.stories.allSatisfy { !unrelatedStories.contains($0) })
    }

    @Test("True bodies with extraction-like damage form one story per page")
    func damagedTrueBodiesFormOneStoryEach() throws {
        let corpus = try DevCorpus()
        var bodies: [String] = []
        var truth: [String] = []
        for id in corpus.ids {
            let body = corpus.truth[id] ?? ""
            let paragraphs = body.split(separator: "\n").map(String.init)
            bodies.append(body)
            // A rendering whose extractor kept a caption and a share line.
            bodies.append((["Photo: Reuters", "Share this article"] + paragraphs).joined(separator: "\n"))
            // A rendering whose extractor lost the last paragraph of a long article.
            bodies.append((paragraphs.count > 6 ? paragraphs.dropLast() : paragraphs[...]).joined(separator: "\n\n"))
            truth += [id, id, id]
        }
        let score = PairwiseScore(assigned: Self.stories(of: bodies.map(Self.fingerprint)), truth: truth)
        #expect(score.precision >= 0.99, "\(score)")
        #expect(score.recall >= 0.95, "\(score)")
    }
}
