import Testing

@testable import PageParsing

/// The word-at-a-time counts and filters of the text-dump hot paths agree with plain
/// byte-by-byte answers, whatever the bytes.
@Suite("Byte counting")
struct ByteCountingTests {
    @Test("A tally of high bits equals nonzeroBitCount, across the lane flush at 255 words", arguments: [0, 1, 254, 255, 256, 1_000])
    func highBitTallyCountsEveryBit(words: Int) {
        var generator = SystemRandomNumberGenerator()
        var tally = HighBitTally()
        var expected = 0
        for index in 0..<words {
            let marks = (index % 3 == 0 ? UInt64.max : generator.next()) & 0x8080_8080_8080_8080
            tally.add(marks)
            expected += marks.nonzeroBitCount
        }
        #expect(tally.count() == expected)
    }

    @Test("Scalar counts eight bytes at a time equal a count of lead bytes")
    func scalarCountMatchesLeadBytes() {
        let text = Array("Le café «Nord» — 東京 2024, naïve ёлка: 한국어 text that runs on past a word or two.".utf8)
        text.withUnsafeBufferPointer { bytes in
            for start in 0..<20 {
                for end in start...bytes.count {
                    let counted = ByteScan.scalarCount(in: bytes, start..<end, countingWide: false)
                    #expect(counted.scalars == bytes[start..<end].count(where: { $0 & 0xC0 != 0x80 }))
                }
            }
        }
    }

    @Test("Furniture phrases are found at word starts anywhere in a line, and not inside words")
    func phrasesAreFoundAtWordStarts() {
        let phrases = TextDumpExtractor.shortLinePhrases
        func kinds(_ text: String) -> UInt8 {
            var bytes = Array(text.utf8)
            return bytes.withUnsafeMutableBufferPointer { buffer in
                TextDumpPhrases.fold(buffer)
                return phrases.kinds(in: UnsafeBufferPointer(buffer))
            }
        }
        let kind = TextDumpExtractor.PhraseKind.self
        #expect(kinds("Share") == kind.social)
        #expect(kinds("Shareholders met today") == 0)
        #expect(kinds("The minister said, read more about it here, and then left") & kind.furniture != 0)
        #expect(kinds("© 2024 Example Media") & kind.legal != 0)
        #expect(kinds("(AP Photo/Jane Doe)") & kind.credit != 0)
        #expect(kinds("A long line of ordinary words without any furniture in it at all") == 0)
        // The same phrase at every offset, so it falls in the eight-byte part and in the tail.
        for padding in 0..<17 {
            let text = String(repeating: "x ", count: padding) + "subscribe"
            #expect(kinds(text) & kind.furniture != 0, "\(text)")
        }
    }
}
