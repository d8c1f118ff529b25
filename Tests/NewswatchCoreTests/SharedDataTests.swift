import Foundation
import NewswatchTestSupport
import Testing

@Suite("Shared data")
struct SharedDataTests {
    @Test func seedsAreFoundBesideTheRepository() throws {
        let text = try SharedData.text(of: SharedData.seed001)
        #expect(text.hasPrefix("Russia, Belarus discuss NATO expansion threats"))
    }

    @Test func scorerGivesFullMarksToTheTruthAndNoneToNothing() throws {
        let corpus = try DevCorpus()
        #expect(corpus.ids.count == 88)
        let perfect = try corpus.score(bodies: corpus.truth)
        #expect(perfect.f1 > 0.99)
        let empty = try corpus.score(bodies: [:])
        #expect(empty.f1 < 0.01)
    }
}
