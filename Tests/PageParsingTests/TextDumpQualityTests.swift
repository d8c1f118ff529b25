import NewswatchCore
import NewswatchTestSupport
import PageParsing
import Testing

@Suite("Text dump extraction quality on the dev corpus")
struct TextDumpQualityTests {
    @Test(
        "w3m and lynx dumps give their article bodies with shingle F1 of at least 0.85",
        arguments: [DevCorpus.Rendering.w3m, .lynx]
    )
    func dumpF1(rendering: DevCorpus.Rendering) throws {
        let corpus = try DevCorpus()
        let extractor = TextDumpExtractor()
        var bodies: [String: String] = [:]
        for id in corpus.ids {
            let text = String(decoding: try corpus.bytes(of: id, in: rendering), as: UTF8.self)
            bodies[id] = extractor.extract(text)?.paragraphs.joined(separator: "\n\n") ?? ""
        }
        let score = try corpus.score(bodies: bodies)
        #expect(score.f1 >= 0.85, "\(rendering.rawValue): \(score)")
        #expect(score.precision >= 0.85, "\(rendering.rawValue): \(score)")
        #expect(score.recall >= 0.85, "\(rendering.rawValue): \(score)")
    }

    @Test("every dev page in both renderings is read as an article", arguments: [DevCorpus.Rendering.w3m, .lynx])
    func everyPageHasAnArticle(rendering: DevCorpus.Rendering) throws {
        let corpus = try DevCorpus()
        let extractor = TextDumpExtractor()
        var missing: [String] = []
        for id in corpus.ids {
            let text = String(decoding: try corpus.bytes(of: id, in: rendering), as: UTF8.self)
            if extractor.extract(text) == nil { missing.append(id) }
        }
        #expect(missing.isEmpty, "no article found in \(missing)")
    }
}
