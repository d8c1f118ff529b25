import NewswatchCore

extension TextDumpExtractor {
    /// What share of the best run's score the run under the page's headline needs to be taken
    /// instead: a short article under its headline beats a longer thread of comments or teasers.
    static let headlineRunShare = 0.25
    /// The share when the best run holds dates over its items: a thread of comments or a list
    /// of teasers, however long, is no article.
    static let itemsRunShare = 0.1
    /// How far below a headline its date line and then its lead may stand, in units.
    static let headlineDateReach = 3
    static let headlineLeadReach = 6
    /// The most words of a date line under a headline looked for over the whole page.
    static let shortDateLine = 12
    /// How many possible date lines are parsed at most to tell a dated list.
    static let listDateLines = 16
    /// How many possible date lines under headlines are parsed at most.
    static let headlineDateLines = 12

    /// The article's run: the best-scoring run, unless it stands apart from every headline
    /// (a line over a date line whose words the next paragraph repeats) while a run opening
    /// under one scores at least `headlineRunShare` of it. Reader comments and teaser lists
    /// outscore a short article but seldom sit under a headline that their text repeats.
    static func headlineRegion(
        of units: [DumpUnit], best: Range<Int>, lines: [DumpLine], bytes: UnsafeBufferPointer<UInt8>,
        dates: inout DumpDates
    ) -> Range<Int> {
        func isDateLine(_ index: Int) -> Bool {
            dates.isDateLine(index, units: units, lines: lines, bytes: bytes)
        }
        // Most often the best run opens under its headline and date line and holds no dates
        // itself: it is the article. A run of comments or teasers has a date over every item,
        // and then even a much shorter article under its headline is taken instead.
        let isList = isDatedList(best, units: units, lines: lines, bytes: bytes, dates: &dates)
        let above = max(0, best.lowerBound - TextDump.headerReach)..<best.lowerBound
        let isUnderHeadline = above.contains { date in
            isDateLine(date)
                && (max(0, date - headlineDateReach)..<date).contains { headline in
                    isHeadlineShaped(units[headline], lines: lines, bytes: bytes)
                        && sharesWords(units[headline], units[best.lowerBound], lines: lines, bytes: bytes)
                }
        }
        if !isList && isUnderHeadline { return best }
        let share = isList ? itemsRunShare : headlineRunShare
        let bestScore = units[best].reduce(0) { $0 + $1.score }
        var choice: (range: Range<Int>, score: Double)?
        var parsed = 0
        // The cheap tests first: most short lines hold no year or time, and the lead is read
        // word by word only under a line that may be a date.
        for date in units.indices where units[date].words <= shortDateLine {
            guard mayHoldDate(units[date], lines: lines, bytes: bytes) else { continue }
            let headlines = max(0, date - headlineDateReach)..<date
            let leadReach = (date + 1)..<min(units.count, date + 1 + headlineLeadReach)
            guard let headline = headlines.last(where: { isHeadlineShaped(units[$0], lines: lines, bytes: bytes) }),
                let lead = leadReach.first(where: { units[$0].role == .prose }), lead != best.lowerBound,
                sharesWords(units[headline], units[lead], lines: lines, bytes: bytes)
            else { continue }
            // A page of dated teasers has dates by the dozen: the parser reads a few only.
            parsed += 1
            guard parsed <= headlineDateLines else { break }
            guard isDateLine(date) else { continue }
            // A run under a headline inside the best run cuts off what comes before it, when
            // that is a list of dated items. A headline above the best run whose lead is inside
            // it cuts off nothing before it: the range is empty (a fuzzed page had one).
            if best.contains(lead),
                !isDatedList(
                    best.lowerBound..<max(best.lowerBound, headline), units: units, lines: lines, bytes: bytes,
                    dates: &dates)
            {
                continue
            }
            let run = bestRun(startingAt: lead, in: units) { index in
                mayHoldDate(units[index], lines: lines, bytes: bytes) && isDateLine(index)
            }
            if run.score >= share * bestScore, run.score > choice?.score ?? 0 { choice = run }
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

    /// Whether `region` is a list of dated items (comments, teasers): two dated lines at
    /// least, and one for every four paragraphs or fewer. An article's few dates do not make
    /// it one.
    private static func isDatedList(
        _ region: Range<Int>, units: [DumpUnit], lines: [DumpLine], bytes: UnsafeBufferPointer<UInt8>,
        dates: inout DumpDates
    ) -> Bool {
        let paragraphs = units[region].reduce(0) { $0 + ($1.role == .prose ? 1 : 0) }
        let needed = max(2, (paragraphs + 3) / 4)
        var found = 0
        var parsed = 0
        for index in region where units[index].words <= shortDateLine && units[index].role != .prose {
            guard mayHoldDate(units[index], lines: lines, bytes: bytes) else { continue }
            parsed += 1
            guard parsed <= listDateLines else { break }
            if dates.isDateLine(index, units: units, lines: lines, bytes: bytes) { found += 1 }
            if found >= needed { return true }
        }
        return false
    }

    /// Whether a unit holds a year (four digits from 1900 to 2099) or a time of day (`9:41`),
    /// as the date line under a headline does: the cheap test before the date parser.
    private static func mayHoldDate(_ unit: DumpUnit, lines: [DumpLine], bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        for index in unit.lines {
            var digits = 0
            var first: UInt8 = 0
            var second: UInt8 = 0
            var afterColon = false
            for position in lines[index].start..<lines[index].end {
                let byte = bytes[position]
                guard byte >= 0x30 && byte <= 0x39 else {
                    afterColon = byte == 0x3A && digits > 0
                    digits = 0
                    continue
                }
                if digits == 0 { first = byte } else if digits == 1 { second = byte }
                digits += 1
                if digits == 2 && afterColon { return true }
                if digits == 4 && ((first == 0x31 && second == 0x39) || (first == 0x32 && second == 0x30)) { return true }
            }
        }
        return false
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

    /// The run that opens with unit `start` and goes on while its score holds at half its
    /// best or more, to its last paragraph or table row, and stops at the next date line,
    /// which opens another item: the short lines, tables and images under a headline are its
    /// article's.
    static func bestRun(
        startingAt start: Int, in units: [DumpUnit], stoppingAt isDateLine: (Int) -> Bool
    ) -> (range: Range<Int>, score: Double) {
        var best = 0.0
        var end = start + 1
        var running = 0.0
        for index in start..<units.count {
            if index > start, units[index].words <= shortDateLine, units[index].role != .prose, isDateLine(index) {
                break
            }
            running += units[index].score
            best = max(best, running)
            if running < 0.5 * best { break }
            if units[index].score > 0 || units[index].role == .tableRow { end = index + 1 }
        }
        return (start..<end, best)
    }

    /// Whether the lead repeats words of the headline: two of its words of four letters or
    /// more, or one when the headline has no more than two such words. Words are compared
    /// lower-cased, so this holds for scripts with spaces between words. The lead is read
    /// only until enough words are found.
    private static func sharesWords(
        _ headline: DumpUnit, _ lead: DumpUnit, lines: [DumpLine], bytes: UnsafeBufferPointer<UInt8>
    ) -> Bool {
        var text: [UInt8] = []
        append(headline, lines: lines, from: bytes, to: &text)
        var headlineWords: [UInt64] = []
        forEachLongWord(in: &text) { hash in
            if !headlineWords.contains(hash) { headlineWords.append(hash) }
            return true
        }
        guard !headlineWords.isEmpty else { return false }
        let needed = min(2, headlineWords.count)
        text.removeAll(keepingCapacity: true)
        append(lead, lines: lines, from: bytes, to: &text)
        var shared = 0
        forEachLongWord(in: &text) { hash in
            // A headline word found is taken out, so a word the lead repeats counts once.
            if let found = headlineWords.firstIndex(of: hash) {
                headlineWords.swapAt(found, headlineWords.count - 1)
                headlineWords.removeLast()
                shared += 1
            }
            return shared < needed
        }
        return shared >= needed
    }

    /// Calls `body` with the hash of each word of four scalars or more in `text`, lower-cased,
    /// until it returns false.
    private static func forEachLongWord(in text: inout [UInt8], _ body: (UInt64) -> Bool) {
        text.withUnsafeMutableBufferPointer { TextDumpPhrases.fold($0) }
        var hash = StableHash()
        var scalars = 0
        for position in 0...text.count {
            let byte = position < text.count ? text[position] : 0x20
            if TextDumpPhrases.isWordByte(byte) {
                hash.combine(byte: byte)
                if byte & 0xC0 != 0x80 { scalars += 1 }
            } else {
                if scalars >= 4 && !body(hash.value) { return }
                hash = StableHash()
                scalars = 0
            }
        }
    }
}
