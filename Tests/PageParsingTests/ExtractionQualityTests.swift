import NewswatchCore
import NewswatchTestSupport
import PageParsing
import Testing

@Suite("Extraction quality on the dev corpus")
struct ExtractionQualityTests {
    @Test("HTML pages give their article bodies with shingle F1 of at least 0.96")
    func htmlF1() throws {
        let corpus = try DevCorpus()
        let reader = PageReader()
        var bodies: [String: String] = [:]
        for id in corpus.ids {
            let bytes = try corpus.bytes(of: id, in: .html)
            bodies[id] = (try? reader.read(bytes, fileName: DevCorpus.Rendering.html.fileName(for: id)))?.first?.body ?? ""
        }
        let score = try corpus.score(bodies: bodies)
        #expect(score.f1 >= 0.96, "\(score)")
        #expect(score.precision >= 0.955, "\(score)")
        #expect(score.recall >= 0.96, "\(score)")
    }
}
