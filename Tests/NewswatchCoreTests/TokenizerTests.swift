import NewswatchCore
import Testing

@Suite("Tokenizer")
struct TokenizerTests {
    let tokenizer = Tokenizer()

    @Test(
        "folds words as a reader sees them",
        arguments: [
            ("NATO’s build-up", ["nato", "build", "up"]),
            ("NATO's NATO", ["nato", "nato"]),
            ("Расширение НАТО", ["расширение", "нато"]),
            ("crisis, ISIS.", ["crisis", "isis"]),
            ("Émile don't 2016", ["émile", "don't", "2016"]),
        ]
    )
    func foldsWords(text: String, terms: [String]) {
        #expect(tokenizer.tokens(of: text).map(\.term) == terms)
    }

    @Test func offsetsPointBackIntoTheText() {
        let text = "Minsk – Расширение NATO"
        let utf8 = Array(text.utf8)
        let tokens = tokenizer.tokens(of: text)
        let words = tokens.map { String(decoding: utf8[Int($0.start)..<Int($0.end)], as: UTF8.self) }
        #expect(words == ["Minsk", "Расширение", "NATO"])
    }

    @Test func countsSentences() {
        let tokens = tokenizer.tokens(of: "One two. Three!\n\nFour\n\nFive")
        #expect(tokens.map(\.sentence) == [0, 0, 1, 2, 3])
    }

    @Test func wordsLongerThanTheFoldingBufferAreFoldedWhole() {
        let long = String(repeating: "Ab", count: 300) + "ДА"
        let tokens = tokenizer.tokens(of: "NATO \(long) NATO")
        #expect(tokens.map(\.term) == ["nato", long.lowercased(), "nato"])
    }

    @Test func repeatedWordsShareOneKeyAndTheirTokensCarryIt() {
        let tokens = tokenizer.tokens(of: "НАТО nato NATO’s Нато")
        #expect(Set(tokens.map(\.key)).count == 2)
        #expect(tokens[0].key == tokens[3].key && tokens[1].key == tokens[2].key)
        #expect(tokens.allSatisfy { $0.key == WordKey.exact($0.term) })
    }

    @Test func stableHashIsTheSameEveryRun() {
        #expect(StableHash.hex(StableHash.of("nato")) == StableHash.hex(StableHash.of("nato")))
        #expect(StableHash.of("nato") != StableHash.of("natO"))
        #expect(StableHash.hex(1).count == 16)
    }
}
