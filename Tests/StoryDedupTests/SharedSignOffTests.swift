import NewswatchCore
import NewswatchTestSupport
import StoryDedup
import Testing

/// Pages of one site share a sign-off: a sentence that makes every pair of them a little
/// alike (true word 4-gram overlap about 0.03) and, when one of its 4-grams hashes low, puts
/// every page in every other page's candidates. None of them may become an update.
@Suite("Pages sharing a sign-off")
struct SharedSignOffTests {
    static let pageCount = 5_000

    /// `count` random words from a 50,000-word vocabulary.
    static func words(_ count: Int, using generator: inout SeededGenerator) -> [String] {
        (0..<count).map { _ in "w" + String(generator.next() % 50_000, radix: 36) }
    }

    static func fingerprint(_ words: [String]) -> PageFingerprint {
        PageFingerprinter().fingerprint(body: Tokenizer().tokenize(words.joined(separator: " ")))
    }

    /// A 20-word sign-off one of whose 4-grams is among the four lookup keys of nearly every
    /// page that ends with it: the worst case, where every page is a candidate of the next.
    static func signOff(bodies: [[String]]) -> [String] {
        var generator = SeededGenerator(state: 99)
        while true {
            let signOff = words(20, using: &generator)
            var keyCounts: [UInt64: Int] = [:]
            for body in bodies.prefix(20) {
                let keys = fingerprint(body + signOff).keys
                for lane in 0..<4 { keyCounts[keys[lane], default: 0] += 1 }
            }
            if keyCounts.values.max() ?? 0 >= 18 { return signOff }
        }
    }

    /// The site's pages: distinct 280–320-word bodies ending in the sign-off, and every 50th
    /// page a corrected copy of the page 25 before it (a 40-word paragraph rewritten).
    static let pages: (fingerprints: [PageFingerprint], correctedFrom: [Int: Int]) = {
        var generator = SeededGenerator(state: 2024)
        let bodies = (0..<pageCount).map { _ in words(280 + Int(generator.next() % 41), using: &generator) }
        let signOff = Self.signOff(bodies: bodies)
        var fingerprints: [PageFingerprint] = []
        var correctedFrom: [Int: Int] = [:]
        for (number, body) in bodies.enumerated() {
            var text = body
            if number % 50 == 49 {
                text = bodies[number - 25]
                text.replaceSubrange(100..<140, with: words(40, using: &generator))
                correctedFrom[number] = number - 25
            }
            fingerprints.append(fingerprint(text + signOff))
        }
        return (fingerprints, correctedFrom)
    }()

    /// Records the pages; returns the pages judged an update or duplicate of another page
    /// though they are not copies of it.
    static func wrongMatches(confirming: Bool) -> (wrong: [Int], corrections: [Int: DedupVerdict]) {
        var index = StoryIndex()
        var signatures = RememberedPreciseSignatures()
        var wrong: [Int] = []
        var corrections: [Int: DedupVerdict] = [:]
        for (number, fingerprint) in pages.fingerprints.enumerated() {
            let time = 1_700_000_000 + Int64(number)
            let verdict =
                confirming
                ? index.record(fingerprint, seenAt: time, remembering: &signatures)
                : index.record(fingerprint, seenAt: time, confirmingWith: NoPreciseSignatures())
            if pages.correctedFrom[number] != nil {
                corrections[number] = verdict
            } else if verdict != .new {
                wrong.append(number)
            }
        }
        return (wrong, corrections)
    }

    @Test("Thousands of pages sharing only a sign-off are each a new story; their corrections are updates")
    func signOffMakesNoUpdate() {
        let (wrong, corrections) = Self.wrongMatches(confirming: true)
        let unconfirmed = Self.wrongMatches(confirming: false).wrong
        print(
            "pages sharing a sign-off: \(wrong.count) of \(Self.pageCount) wrongly matched with precise confirmation, "
                + "\(unconfirmed.count) on the 64-bin estimate alone")
        #expect(wrong.isEmpty, "wrongly matched: \(wrong)")
        // A correction is found through the lookup keys it shares with its original. The
        // sign-off's key finds only the newest pages, so the other three keys must meet:
        // for a 0.7 similar copy they miss about once in 40.
        var found = 0
        for (number, verdict) in corrections {
            let original = Self.pages.fingerprints[Self.pages.correctedFrom[number]!]
            switch verdict {
            case .update(let match), .duplicate(let match):
                #expect(match.document == original.contentID, "page \(number), a corrected copy, matched another page")
                found += 1
            case .new:
                continue
            }
        }
        print("corrected copies found: \(found) of \(corrections.count)")
        #expect(Double(found) >= 0.95 * Double(corrections.count))
    }
}
