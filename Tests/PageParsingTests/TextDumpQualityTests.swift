import Foundation
import NewswatchCore
import NewswatchTestSupport
import PageParsing
import Testing

@Suite("Text dump extraction quality on the dev corpora")
struct TextDumpQualityTests {
    /// Each dump's body as the daemon reads it (`PageReader`, format detection included; empty
    /// when the page failed) and the ids that failed.
    static func read(_ dumps: [(id: String, bytes: [UInt8])]) -> (bodies: [String: String], failed: Set<String>) {
        let reader = PageReader()
        var bodies: [String: String] = [:]
        var failed: Set<String> = []
        for (id, bytes) in dumps {
            let page = (try? reader.read(bytes, fileName: "\(id).txt"))?.first
            bodies[id] = page?.body ?? ""
            if page == nil { failed.insert(id) }
        }
        return (bodies, failed)
    }

    @Test(
        "w3m and lynx dumps of the extraction dev corpus give their bodies with shingle F1 of at least 0.93, every page read",
        arguments: [DevCorpus.Rendering.w3m, .lynx]
    )
    func dumpF1(rendering: DevCorpus.Rendering) throws {
        let corpus = try DevCorpus()
        let dumps = try corpus.ids.map { ($0, try corpus.bytes(of: $0, in: rendering)) }
        let (bodies, failed) = Self.read(dumps)
        let score = try corpus.score(bodies: bodies)
        #expect(failed.isEmpty, "\(rendering.rawValue): no article found in \(failed.sorted())")
        #expect(score.f1 >= 0.93, "\(rendering.rawValue): \(score)")
        #expect(score.precision >= 0.90, "\(rendering.rawValue): \(score)")
        #expect(score.recall >= 0.95, "\(rendering.rawValue): \(score)")
    }

    @Test(
        "Reader View's test pages rendered by w3m and lynx give its text with shingle F1 of at least 0.80",
        arguments: [DevCorpus.Rendering.w3m, .lynx]
    )
    func readerViewDumpF1(rendering: DevCorpus.Rendering) throws {
        let corpus = try DevCorpus.readerView().renderedAsText([rendering])
        defer { try? FileManager.default.removeItem(at: corpus.folder) }
        let metadata = try ReaderViewMetadata.load()
        let dumps = try corpus.ids.map { ($0, try corpus.bytes(of: $0, in: rendering)) }
        let (bodies, failed) = Self.read(dumps)
        let score = try corpus.score(bodies: bodies)
        #expect(score.f1 >= 0.80, "\(rendering.rawValue): \(score)")
        // lynx reads the pages in GBK and Big5 (gmw, qq, pixnet) as another charset: their
        // dumps hold no readable text. Every other article is read.
        let articlesFailed = failed.filter { metadata[$0]?.readerable ?? true }
        #expect(articlesFailed.count <= (rendering == .lynx ? 3 : 0), "\(rendering.rawValue): no article in \(articlesFailed.sorted())")
    }
}
