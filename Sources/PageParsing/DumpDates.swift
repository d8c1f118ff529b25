/// Which short units of a text dump are date lines, each parsed at most once: the headline
/// search and the field readers ask about the same units around the article.
struct DumpDates {
    typealias DumpLine = TextDumpExtractor.DumpLine
    typealias DumpUnit = TextDumpExtractor.DumpUnit

    /// The most words a date line has (a byline with its date included).
    static let longestLine = 20

    let parser = PublishedDateParser()
    private var known: [Int: Bool] = [:]

    /// Whether unit `index` is a short line carrying a date, with or without its year.
    mutating func isDateLine(
        _ index: Int, units: [DumpUnit], lines: [DumpLine], bytes: UnsafeBufferPointer<UInt8>
    ) -> Bool {
        guard units[index].words <= Self.longestLine else { return false }
        if let answer = known[index] { return answer }
        var answer = false
        // Dates always have a digit: the cheap test that spares most lines the parser.
        if units[index].lines.contains(where: { Self.hasDigit(lines[$0], bytes) }) {
            var buffer: [UInt8] = []
            TextDumpExtractor.append(units[index], lines: lines, from: bytes, to: &buffer)
            TextDumpExtractor.decodeReferences(&buffer)
            answer = parser.parse(String(decoding: buffer, as: UTF8.self), yearHint: 2000) != nil
        }
        known[index] = answer
        return answer
    }

    private static func hasDigit(_ line: DumpLine, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        UnsafeBufferPointer(rebasing: bytes[line.start..<line.end]).contains(where: { $0 >= 0x30 && $0 <= 0x39 })
    }
}
