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
        #expect(tokenizer.tokenize(text).terms == terms)
    }

    @Test func offsetsPointBackIntoTheText() {
        let text = "Minsk – Расширение NATO"
        let utf8 = Array(text.utf8)
        let tokens = tokenizer.tokenize(text).tokens
        let words = tokens.map { String(decoding: utf8[Int($0.start)..<Int($0.end)], as: UTF8.self) }
        #expect(words == ["Minsk", "Расширение", "NATO"])
    }

    @Test func countsSentences() {
        let tokens = tokenizer.tokenize("One two. Three!\n\nFour\n\nFive").tokens
        #expect(tokens.map(\.sentence) == [0, 0, 1, 2, 3])
    }

    @Test func wordsLongerThanTheFoldingBufferAreFoldedWhole() {
        let long = String(repeating: "Ab", count: 300) + "ДА"
        let text = tokenizer.tokenize("NATO \(long) NATO")
        #expect(text.terms == ["nato", long.lowercased(), "nato"])
    }

    @Test func repeatedWordsShareOneKeyAndTheirTokensCarryIt() {
        let text = tokenizer.tokenize("НАТО nato NATO’s Нато")
        let tokens = text.tokens
        #expect(Set(tokens.map(\.key)).count == 2)
        #expect(tokens[0].key == tokens[3].key && tokens[1].key == tokens[2].key)
        #expect(tokens.allSatisfy { $0.key == WordKey.exact(text.term(of: $0)) })
        // One stored word per distinct word, numbered in order of first occurrence.
        #expect(text.words.count == 2)
        #expect(tokens.map(\.word) == [0, 1, 1, 0])
    }

    @Test func stableHashIsTheSameEveryRun() {
        #expect(StableHash.hex(StableHash.of("nato")) == StableHash.hex(StableHash.of("nato")))
        #expect(StableHash.of("nato") != StableHash.of("natO"))
        #expect(StableHash.hex(1).count == 16)
    }
}
