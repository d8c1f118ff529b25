/// A text dump split into scored units with its article region found: the view the field
/// readers (title, date, section, dateline, tags) look around the article in.
///
/// Borrows the page's bytes, so it lives only inside one `TextDumpExtractor.extract` call.
struct TextDump {
    typealias DumpLine = TextDumpExtractor.DumpLine
    typealias DumpUnit = TextDumpExtractor.DumpUnit

    /// How many units before the article are searched for its headline.
    static let headerReach = 15

    let bytes: UnsafeBufferPointer<UInt8>
    let lines: [DumpLine]
    let units: [DumpUnit]
    let region: Range<Int>
    let dates: PublishedDateParser
    /// Short units around the headline that carry a date, found once for every field reader.
    private var datedUnits: Set<Int> = []

    init(
        bytes: UnsafeBufferPointer<UInt8>, lines: [DumpLine], units: [DumpUnit], region: Range<Int>,
        dates dumpDates: inout DumpDates
    ) {
        self.bytes = bytes
        self.lines = lines
        self.units = units
        self.region = region
        self.dates = dumpDates.parser
        let window = max(0, region.lowerBound - Self.headerReach)..<min(units.count, region.lowerBound + 4)
        for index in window where dumpDates.isDateLine(index, units: units, lines: lines, bytes: bytes) {
            datedUnits.insert(index)
        }
    }

    /// The text of unit `index`, wrapped lines joined.
    func text(of index: Int) -> String {
        var buffer: [UInt8] = []
        TextDumpExtractor.append(units[index], lines: lines, from: bytes, to: &buffer)
        TextDumpExtractor.decodeReferences(&buffer)
        return String(decoding: buffer, as: UTF8.self)
    }

    /// Whether unit `index` is a short line carrying a date, with or without its year: a
    /// byline or a date stamp, which headlines sit right above.
    func isDateLine(_ index: Int) -> Bool {
        datedUnits.contains(index)
    }

    /// The headline: the heading-like line before the article that a date or byline follows,
    /// preferring longer lines and those standing alone in their block.
    func heading() -> (title: String?, index: Int?) {
        let start = max(0, region.lowerBound - Self.headerReach)
        var best: (rank: Double, index: Int)?
        for index in start..<region.lowerBound {
            let unit = units[index]
            guard unit.words >= 3, unit.words <= 30, !unit.isBullet, unit.role != .image else { continue }
            let text = text(of: index)
            if isDateLine(index) { continue }
            var rank = Double(min(unit.words, 12)) / 12
            if unit.opensBlock { rank += 1 }
            if (1...3).contains(where: { isDateLine(index + $0) }) { rank += 3 }
            if text.hasSuffix(".") { rank -= 3 }
            if best == nil || rank >= best!.rank { best = (rank, index) }
        }
        guard let best else { return (nil, nil) }
        return (text(of: best.index), best.index)
    }

    /// The publication date written between the headline and the article (or, failing that,
    /// just above the headline); a date without its year takes the year of the page's first
    /// full date.
    func published(near heading: Int?) -> String? {
        let top = max(0, region.lowerBound - Self.headerReach)
        let first = heading ?? top
        let order = Array(first...min(region.lowerBound, units.count - 1)) + (top..<first).reversed()
        var yearHint: Int??
        for index in order where isDateLine(index) {
            let text = text(of: index)
            if let date = dates.parse(text) { return date }
            if yearHint == nil { yearHint = .some(pageYear()) }
            if let hint = yearHint ?? nil, let date = dates.parse(text, yearHint: hint) { return date }
        }
        return nil
    }

    /// The year of the first full date on a short line of the page, for dates written
    /// without one ("May 29, 13:10").
    func pageYear() -> Int? {
        for index in units.indices where units[index].words <= 12 && mayMentionYear(index) {
            let text = text(of: index)
            guard Self.mentionsYear(text) else { continue }
            if let year = dates.year(in: text) { return year }
        }
        return nil
    }

    /// Whether `text` holds four digits starting 19 or 20, cheaply, before the parser runs.
    private static func mentionsYear(_ text: String) -> Bool {
        mentionsYear(text.utf8)
    }

    private static func mentionsYear<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> Bool {
        var run = 0
        var first: UInt8 = 0
        var second: UInt8 = 0
        for byte in bytes {
            if byte >= 0x30 && byte <= 0x39 {
                if run == 0 { first = byte } else if run == 1 { second = byte }
                run += 1
                if run == 4 && ((first == 0x31 && second == 0x39) || (first == 0x32 && second == 0x30)) { return true }
            } else {
                run = 0
            }
        }
        return false
    }

    /// Whether unit `index` may mention a year, read from the page's bytes without making its
    /// text: a line holds one, or a character reference that may decode to a digit. (Lines
    /// join at a space or between CJK characters, so no run of digits spans two.)
    private func mayMentionYear(_ index: Int) -> Bool {
        units[index].lines.contains { line in
            let text = UnsafeBufferPointer(rebasing: bytes[lines[line].start..<lines[line].end])
            return Self.mentionsYear(text) || text.contains(0x26)
        }
    }

    /// The section name: a short capitalised line right after the headline, or the words
    /// before the date on the date line ("Russian Politics & Diplomacy August 23, 2016").
    func section(near heading: Int?) -> String? {
        guard let heading else { return nil }
        for index in (heading + 1)..<min(heading + 4, region.lowerBound) {
            let text = text(of: index)
            // A name opens with a capital that opens no byline: any other line is passed over
            // before its words are lower-cased one by one.
            guard let opening = text.split(separator: " ", maxSplits: 1).first, opening.first?.isUppercase == true,
                !Self.nameBylines.contains(opening.lowercased())
            else { continue }
            // A name has five words at most: a paragraph's further words are not split off
            // (the seventh piece, its rest, is never read as a word of the name).
            let words = text.split(separator: " ", maxSplits: 6)
            var name: [Substring] = []
            for word in words where name.count <= 5 {
                let folded = word.lowercased().trimmingEdges(".,")
                if PublishedDateParser.monthNumbers[folded] != nil || word.first?.isNumber == true { break }
                name.append(word)
            }
            guard !name.isEmpty, name.count <= 5, Self.isName(name) else { continue }
            if name.count == words.count && isDateLine(index) { continue }
            return name.joined(separator: " ")
        }
        return nil
    }

    /// Words that may join the capitalised words of a name.
    private static let nameJoiners: Set<Substring> = ["&", "and", "of", "und", "et", "y", "e", "и"]
    /// First words of bylines and date lines, which are no names.
    private static let nameBylines: Set<String> = [
        "by", "published", "updated", "posted", "date", "von", "par", "por", "автор",
    ]

    /// Words that each start with a capital letter, joined only by `&`, `and` or `of`.
    static func isName(_ words: [Substring]) -> Bool {
        guard let first = words.first?.first, first.isUppercase else { return false }
        if nameBylines.contains(words[0].lowercased()) { return false }
        return words.allSatisfy { word in
            nameJoiners.contains(word) || (word.first!.isUppercase && !word.contains(where: { ".!?:".contains($0) }))
        }
    }
}

extension StringProtocol {
    /// The text without the given characters at either end.
    func trimmingEdges(_ characters: String) -> String {
        var slice = Substring(self)
        while let first = slice.first, characters.contains(first) { slice = slice.dropFirst() }
        while let last = slice.last, characters.contains(last) { slice = slice.dropLast() }
        return String(slice)
    }
}
