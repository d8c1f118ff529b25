import NewswatchCore
import StoryDedup
import Testing

@Suite("Page fingerprints")
struct PageFingerprinterTests {
    let fingerprinter = PageFingerprinter()

    func fingerprint(_ text: String) -> PageFingerprint {
        fingerprinter.fingerprint(body: Tokenizer().tokenize(text))
    }

    @Test(
        "Case, whitespace and punctuation do not change the content id",
        arguments: [
            ("NATO expands east.  Allies worry!", "nato expands east\n\nallies worry"),
            ("The build-up continues", "the build up continues"),
        ]
    )
    func normalisationIgnoresLayout(first: String, second: String) {
        #expect(fingerprint(first) == fingerprint(second))
    }

    @Test("The content id is the stable hash of the folded terms joined by spaces")
    func contentIDIsStableHashOfNormalisedBody() {
        #expect(fingerprint("Lavrov met Makei, in Minsk.").contentID == StableHash.of("lavrov met makei in minsk"))
    }

    @Test("Different words give different content ids and low similarity")
    func differentTextsDiffer() {
        let first = fingerprint(String(repeating: "alpha beta gamma delta epsilon ", count: 3) + "one two three four five six")
        let second = fingerprint("seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen")
        #expect(first.contentID != second.contentID)
        #expect(first.similarity(to: second) < 0.3)
    }
}
