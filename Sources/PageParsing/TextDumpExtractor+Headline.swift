import NewswatchCore

extension TextDumpExtractor {
    /// What share of the best run's score the run under the page's headline needs to be taken
    /// instead: a short article under its headline beats a longer thread of comments or teasers.
    static let headlineRunShare = 0.25
    /// How far below a headline its date line and then its lead may stand, in units.
    static let headlineDateReach = 3
    static let headlineLeadReach = 6

    /// The article's run: the best-scoring run, unless it stands apart from every headline
    /// (a line over a date line whose words the next paragraph repeats) while a run opening
    /// under one scores at least `headlineRunShare` of it. Reader comments and teaser lists
    /// outscore a short article but seldom sit under a headline that their text repeats.
    static func headlineRegion(
        of units: [DumpUnit], best: Range<Int>, lines: [DumpLine], bytes: UnsafeBufferPointer<UInt8>
    ) -> Range<Int> {
        let bestScore = units[best].reduce(0) { $0 + $1.score }
        let dates = PublishedDateParser()
        var buffer: [UInt8] = []
        var choice: (range: Range<Int>, score: Double)?
        var index = 0
        while index < units.count {
            defer { index += 1 }
            guard isHeadlineShaped(units[index], lines: lines, bytes: bytes) else { continue }
            let dateReach = (index + 1)..<min(units.count, index + 1 + headlineDateReach)
            guard let date = dateReach.first(where: { isDateLine($0, units: units, lines: lines, bytes: bytes, dates: dates, buffer: &buffer) })
            else { continue }
            let leadReach = (date + 1)..<min(units.count, date + 1 + headlineLeadReach)
            guard let lead = leadReach.first(where: { units[$0].role == .prose }) else { continue }
            // The best run opens under this headline: it is the article.
            if lead >= best.lowerBound - 1 && lead < best.upperBound { return best }
            guard sharesWords(units[index], units[lead], lines: lines, bytes: bytes) else { continue }
            let run = bestRun(startingAt: lead, in: units)
            if run.score >= headlineRunShare * bestScore, run.score > choice?.score ?? 0 { choice = run }
            index = date
        }
        guard let chosen = choice?.range else { return best }
        // Between a run under the headline and a better run further down stand only short
        // lines, lists and images: both are the article, its structure split the score.
        if chosen.upperBound <= best.lowerBound,
            units[chosen.upperBound..<best.lowerBound].allSatisfy({ $0.role.isArticleText || $0.role == .image })
        {
            return chosen.lowerBound..<best.upperBound
        }
        return chosen
    }

    /// A line a headline could be: two to thirty words, no list item, no sentence ending
    /// in a full stop, not furniture.
    private static func isHeadlineShaped(_ unit: DumpUnit, lines: [DumpLine], bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard unit.words >= 2, unit.words <= 30, !unit.isBullet, unit.role == .line || unit.role == .prose,
            unit.score < 3
        else { return false }
        let last = lines[unit.lines.upperBound - 1]
        return bytes[last.end - 1] != 0x2E
    }

    /// Whether unit `index` is a short line holding a date.
    private static func isDateLine(
        _ index: Int, units: [DumpUnit], lines: [DumpLine], bytes: UnsafeBufferPointer<UInt8>,
        dates: PublishedDateParser, buffer: inout [UInt8]
    ) -> Bool {
        guard units[index].words <= 12 else { return false }
        buffer.removeAll(keepingCapacity: true)
        append(units[index], lines: lines, from: bytes, to: &buffer)
        guard buffer.contains(where: { $0 >= 0x30 && $0 <= 0x39 }) else { return false }
        return dates.parse(String(decoding: buffer, as: UTF8.self), yearHint: 2000) != nil
    }

    /// The run that opens with unit `start` and goes on while its score holds at half its
    /// best or more, to its last paragraph or table row: the short lines, tables and images
    /// under a headline are its article's.
    static func bestRun(startingAt start: Int, in units: [DumpUnit]) -> (range: Range<Int>, score: Double) {
        var best = 0.0
        var end = start + 1
        var running = 0.0
        for index in start..<units.count {
            running += units[index].score
            best = max(best, running)
            if running < 0.5 * best { break }
            if units[index].score > 0 || units[index].role == .tableRow { end = index + 1 }
        }
        return (start..<end, best)
    }

    /// Whether the lead repeats words of the headline: two of its words of four letters or
    /// more, or one when the headline has no more than two such words. Words are compared
    /// lower-cased, so this holds for scripts with spaces between words.
    private static func sharesWords(
        _ headline: DumpUnit, _ lead: DumpUnit, lines: [DumpLine], bytes: UnsafeBufferPointer<UInt8>
    ) -> Bool {
        var headlineText: [UInt8] = []
        append(headline, lines: lines, from: bytes, to: &headlineText)
        var leadText: [UInt8] = []
        append(lead, lines: lines, from: bytes, to: &leadText)
        let headlineWords = Set(longWords(in: &headlineText))
        guard !headlineWords.isEmpty else { return false }
        let shared = Set(longWords(in: &leadText)).intersection(headlineWords).count
        return shared >= min(2, headlineWords.count)
    }

    /// Hashes of the words of four scalars or more in `text`, lower-cased.
    private static func longWords(in text: inout [UInt8]) -> [UInt64] {
        text.withUnsafeMutableBufferPointer { TextDumpPhrases.fold($0) }
        var hashes: [UInt64] = []
        var hash = StableHash()
        var scalars = 0
        for byte in text + [0x20] {
            if TextDumpPhrases.isWordByte(byte) {
                hash.combine(byte: byte)
                if byte & 0xC0 != 0x80 { scalars += 1 }
            } else {
                if scalars >= 4 { hashes.append(hash.value) }
                hash = StableHash()
                scalars = 0
            }
        }
        return hashes
    }
}
