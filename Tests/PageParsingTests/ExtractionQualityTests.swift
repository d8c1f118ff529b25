import NewswatchCore
import NewswatchTestSupport
import PageParsing
import Testing

@Suite("Extraction quality on the dev corpora")
struct ExtractionQualityTests {
    /// Each page's body (empty when it failed) and the ids that failed.
    static func read(_ corpus: DevCorpus) throws -> (bodies: [String: String], failed: Set<String>) {
        let reader = PageReader()
        var bodies: [String: String] = [:]
        var failed: Set<String> = []
        for id in corpus.ids {
            let bytes = try corpus.bytes(of: id, in: .html)
            let page = (try? reader.read(bytes, fileName: DevCorpus.Rendering.html.fileName(for: id)))?.first
            bodies[id] = page?.body ?? ""
            if page == nil { failed.insert(id) }
        }
        return (bodies, failed)
    }

    @Test("HTML pages of the extraction dev corpus give their bodies with shingle F1 of at least 0.975")
    func htmlF1() throws {
        let corpus = try DevCorpus()
        let (bodies, failed) = try Self.read(corpus)
        let score = try corpus.score(bodies: bodies)
        #expect(failed.isEmpty, "no article found in \(failed.sorted())")
        #expect(score.f1 >= 0.975, "\(score)")
        #expect(score.precision >= 0.97, "\(score)")
        #expect(score.recall >= 0.98, "\(score)")
    }

    @Test("Reader View's test pages give its text with shingle F1 of at least 0.94, and every article is read")
    func readerViewF1() throws {
        let corpus = try DevCorpus.readerView()
        let metadata = try ReaderViewMetadata.load()
        let (bodies, failed) = try Self.read(corpus)
        let score = try corpus.score(bodies: bodies)
        #expect(score.f1 >= 0.94, "\(score)")
        let articlesFailed = failed.filter { metadata[$0]?.readerable ?? true }
        #expect(articlesFailed.isEmpty, "Reader View articles failed as no article: \(articlesFailed.sorted())")
    }

    @Test("Title, date and byline agree with Reader View's metadata on its test pages")
    func readerViewMetadata() throws {
        let corpus = try DevCorpus.readerView()
        let metadata = try ReaderViewMetadata.load()
        let reader = PageReader()
        var agreement = ReaderViewMetadata.Agreement()
        for id in corpus.ids {
            guard let expected = metadata[id] else { continue }
            let page = (try? reader.read(try corpus.bytes(of: id, in: .html), fileName: "\(id).html.gz"))?.first
            agreement.add(expected, title: page?.title, published: page?.published, author: page?.author)
        }
        // Most of the rest is where Reader View keeps a site name in the title or a date
        // in the byline (`By Nathan Willis March 25, 2015`).
        #expect(agreement.titles >= 112, "\(agreement)\n\(agreement.disagreements.joined(separator: "\n"))")
        #expect(agreement.dates >= 33, "\(agreement)\n\(agreement.disagreements.joined(separator: "\n"))")
        #expect(agreement.bylines >= 60, "\(agreement)\n\(agreement.disagreements.joined(separator: "\n"))")
    }
}
