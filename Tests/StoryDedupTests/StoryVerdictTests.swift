import Foundation
import NewswatchCore
import NewswatchTestSupport
import PageParsing
import StoryDedup
import Testing

@Suite("Verdicts on hand-made cases")
struct StoryVerdictTests {
    static let start: Int64 = 1_700_000_000

    static func fingerprint(_ body: String) -> PageFingerprint {
        PageFingerprinter().fingerprint(body: Tokenizer().tokenize(body))
    }

    /// The body PageReader extracts from `text` saved as a text dump.
    static func readBody(_ text: String) throws -> String {
        try PageReader().read(Array(text.utf8), fileName: "page.txt").first?.body ?? ""
    }

    /// True bodies of dev-corpus articles with 5 to 12 paragraphs and 300 to 1,000 words.
    static let articles: [String] = {
        guard let corpus = try? DevCorpus() else { return [] }
        return corpus.ids.compactMap { corpus.truth[$0] }.filter { body in
            let paragraphs = body.split(separator: "\n").count
            let words = body.split(separator: " ").count
            return (5...12).contains(paragraphs) && (300...1000).contains(words)
        }
    }()

    static func paragraphs(_ body: String) -> [String] {
        body.split(separator: "\n").map(String.init)
    }

    @Test("An exact copy is an exact duplicate of the first page, in its story")
    func exactCopyIsDuplicate() throws {
        let body = try #require(Self.articles.first)
        var index = StoryIndex()
        var signatures = RememberedPreciseSignatures()
        let first = Self.fingerprint(body)
        #expect(index.record(first, seenAt: Self.start, remembering: &signatures) == .new)
        let copy = Self.fingerprint("  " + body.uppercased() + "\n")
        let verdict = index.record(copy, seenAt: Self.start + 60, remembering: &signatures)
        #expect(verdict == .duplicate(DedupMatch(document: first.contentID, story: first.contentID, similarity: 1, exact: true)))
        #expect(index.count == 1)
    }

    @Test("A seed page with a different Most read list is a duplicate")
    func seedWithDifferentFurnitureIsDuplicate() throws {
        let seed = try SharedData.text(of: SharedData.seed000)
        let mostRead = try #require(seed.range(of: "Most read"))
        let otherList = "Most read\nNow\n1\nPutin meets Xi in Beijing\n2\nOil prices rise again\n3\nNew metro line opens"
        let refurnished = String(seed[..<mostRead.lowerBound]) + otherList
        var index = StoryIndex()
        var signatures = RememberedPreciseSignatures()
        let original = Self.fingerprint(try Self.readBody(seed))
        #expect(index.record(original, seenAt: Self.start, remembering: &signatures) == .new)
        let verdict = index.record(
            Self.fingerprint(try Self.readBody(refurnished)), seenAt: Self.start + 60, remembering: &signatures)
        guard case .duplicate = verdict else {
            Issue.record("expected a duplicate, got \(verdict)")
            return
        }
    }

    @Test("The two seed stories are two new stories")
    func twoSeedsAreTwoStories() throws {
        var index = StoryIndex()
        var signatures = RememberedPreciseSignatures()
        for seed in [SharedData.seed000, SharedData.seed001] {
            let body = try Self.readBody(try SharedData.text(of: seed))
            #expect(index.record(Self.fingerprint(body), seenAt: Self.start, remembering: &signatures) == .new)
        }
    }

    @Test("A rewritten paragraph makes an update in the same story", arguments: 0..<5)
    func correctedParagraphIsUpdate(article: Int) throws {
        try #require(article < Self.articles.count)
        var paragraphs = Self.paragraphs(Self.articles[article])
        let middle = paragraphs.count / 2
        // A correction rewords the paragraph: every third word changes.
        paragraphs[middle] = paragraphs[middle].split(separator: " ").enumerated()
            .map { $0.offset % 3 == 1 ? "corrected" : String($0.element) }.joined(separator: " ")
        try expectUpdate(of: Self.articles[article], by: paragraphs.joined(separator: "\n"))
    }

    @Test("An article extended by half its length is an update in the same story", arguments: 0..<5)
    func extendedArticleIsUpdate(article: Int) throws {
        try #require(article + 1 < Self.articles.count)
        let original = Self.articles[article]
        let addition = Self.articles[article + 1].prefix(original.count / 2)
        try expectUpdate(of: original, by: original + "\n" + addition)
    }

    func expectUpdate(of original: String, by changed: String) throws {
        var index = StoryIndex()
        var signatures = RememberedPreciseSignatures()
        let first = Self.fingerprint(original)
        _ = index.record(first, seenAt: Self.start, remembering: &signatures)
        let verdict = index.record(Self.fingerprint(changed), seenAt: Self.start + 3600, remembering: &signatures)
        guard case .update(let match) = verdict else {
            Issue.record("expected an update, got \(verdict)")
            return
        }
        #expect(match.story == first.contentID)
    }

    @Test("Two articles of one site with the same furniture left in are two new stories")
    func sameFurnitureDifferentArticlesAreNew() throws {
        try #require(Self.articles.count >= 6)
        let header = "Home | World | Business | Tech | Sport | Opinion | Subscribe to our newsletter"
        let footer =
            "Most read: 1 Markets slide as rates rise 2 Storm hits the coast 3 Five apps to try. "
            + "Share this article. Follow us on Facebook and Twitter. © 2024 Daily Courier. All rights reserved."
        var index = StoryIndex()
        var signatures = RememberedPreciseSignatures()
        for article in Self.articles.prefix(6) {
            let page = [header, article, footer].joined(separator: "\n\n")
            #expect(index.record(Self.fingerprint(page), seenAt: Self.start, remembering: &signatures) == .new)
        }
    }

    @Test("An update of an update stays in the first page's story")
    func storiesChainThroughUpdates() throws {
        let original = try #require(Self.articles.first)
        let second = original + "\n" + "The ministry later confirmed the figures in a statement on Friday evening."
        let third = second + "\n" + String(Self.articles[1].prefix(original.count / 3))
        var index = StoryIndex()
        var signatures = RememberedPreciseSignatures()
        let first = Self.fingerprint(original)
        _ = index.record(first, seenAt: Self.start, remembering: &signatures)
        _ = index.record(Self.fingerprint(second), seenAt: Self.start + 10, remembering: &signatures)
        let verdict = index.record(Self.fingerprint(third), seenAt: Self.start + 20, remembering: &signatures)
        #expect(verdict.match?.story == first.contentID)
    }

    @Test("Pruning forgets pages older than the window", arguments: [(0, 0), (1, 1), (2, 2), (4, 3)])
    func pruningForgetsOldPages(days: Int64, expectedLeft: Int) {
        var index = StoryIndex()
        var signatures = RememberedPreciseSignatures()
        let bodies = Self.articles.prefix(3)
        for (day, body) in bodies.enumerated() {
            _ = index.record(Self.fingerprint(body), seenAt: Self.start + Int64(day) * 86_400, remembering: &signatures)
        }
        let now = Self.start + 3 * 86_400
        let removed = index.prune(olderThan: now - days * 86_400)
        #expect(index.count == expectedLeft)
        #expect(removed == bodies.count - expectedLeft)
        for (day, body) in bodies.enumerated() {
            let remembered = Self.start + Int64(day) * 86_400 >= now - days * 86_400
            #expect((index.classify(Self.fingerprint(body), confirmingWith: signatures) != .new) == remembered)
        }
    }
}
