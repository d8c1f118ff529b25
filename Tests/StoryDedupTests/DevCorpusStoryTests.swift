import Foundation
import NewswatchCore
import NewswatchTestSupport
import PageParsing
import StoryDedup
import Testing

/// Pairwise agreement of the stories the index forms with the true stories.
struct PairwiseScore: CustomStringConvertible {
    var precision: Double
    var recall: Double

    /// Scores `assigned` (page → story id) against `truth` (page → true story).
    init(assigned: [UInt64], truth: [String]) {
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

    var description: String { "precision \(precision) recall \(recall)" }
}

@Suite("Stories of the dev corpus")
struct DevCorpusStoryTests {
    /// Runs bodies through fingerprinting and the index in order; returns each page's story.
    /// A page the reader found no article in (nil) never reaches the index, as in the
    /// daemon, and stays a story of its own.
    static func stories(of bodies: [String?]) -> [UInt64] {
        var index = StoryIndex()
        let fingerprinter = PageFingerprinter()
        return bodies.enumerated().map { offset, body in
            guard let body else { return UInt64.max - UInt64(offset) }
            let fingerprint = fingerprinter.fingerprint(body: Tokenizer().tokenize(body))
            return index.record(fingerprint, seenAt: 1_700_000_000 + Int64(offset)).story(of: fingerprint)
        }
    }

    @Test("All three renderings read by PageReader join one story and different pages never do")
    func renderingsReadByPageReaderFormOneStoryEach() throws {
        let corpus = try DevCorpus()
        var bodies: [String?] = []
        var truth: [String] = []
        // Renderings interleaved page by page, as scrapers would drop them.
        for id in corpus.ids {
            for rendering in DevCorpus.Rendering.allCases {
                let bytes = try corpus.bytes(of: id, in: rendering)
                bodies.append(try? PageReader().read(bytes, fileName: rendering.fileName(for: id)).first?.body)
                truth.append(id)
            }
        }
        let score = PairwiseScore(assigned: Self.stories(of: bodies), truth: truth)
        #expect(score.precision >= 0.99, "\(score)")
        #expect(score.recall >= 0.95, "\(score)")
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
        let score = PairwiseScore(assigned: Self.stories(of: bodies), truth: truth)
        #expect(score.precision >= 0.99, "\(score)")
        #expect(score.recall >= 0.95, "\(score)")
    }
}
