public import NewswatchCore

/// Reads a rendered page saved as text (`w3m -dump`, `lynx -dump`, a browser's "save as
/// text") into a page: the article paragraphs without menus, lists, captions, sharing and
/// comment furniture, and the title, date, section, source, dateline and tags around them.
///
/// The dump has no markup, so the article is found by its shape: wrapped lines are joined
/// back into paragraphs, every paragraph is scored by how much it reads like prose, and the
/// densest run of prose is the article. Nothing depends on a site or a language's grammar.
public struct TextDumpExtractor: Sendable {
    /// The least prose a page needs to count as an article, in words.
    static let minimumArticleWords = 30
    /// The score of a "Read also" line and its link: slightly negative, so they never end up
    /// at the edge of an article but do not split it.
    static let asideScore = -0.5
    /// How far into a long unit legal furniture is looked for, in bytes.
    static let legalReach = 200
    /// How far from the end of a long unit a photo credit is looked for, in bytes.
    static let creditReach = 100
    /// What a short list item costs when a sentence ending in a colon introduced its list.
    static let introducedItemScore = -0.2
    /// What an image marker costs, and a block of images and captions together.
    static let imageScore = -0.5
    static let mediaBlockScore = -1.0
    /// How many units apart two cut-off excerpts make a list of teasers.
    static let teaserReach = 8
    /// The fewest words a single repeated paragraph has to be a copy of the body rather than
    /// a quote repeated.
    static let copyWords = 100
    /// The fewest words of a paragraph that may be the body run together.
    static let runTogetherWords = 250
    /// How many opening bytes two paragraphs share when one may be a copy of the other.
    static let copyOpening = 32
    /// The fewest words of a paragraph whose opening is compared: lists and tables repeat
    /// their openings.
    static let copyOpeningWords = 20

    public init() {}

    /// The article in `text`, or nil when the page has none (an index, an error or captcha
    /// page, a page of menus).
    public func extract(_ text: String) -> Page? {
        var text = text
        return text.withUTF8 { extract(utf8: $0) }
    }

    /// The article in UTF-8 `bytes`.
    func extract(utf8 bytes: UnsafeBufferPointer<UInt8>) -> Page? {
        var lines = Self.lines(of: bytes)
        var units = Self.units(of: &lines, in: bytes)
        guard !units.isEmpty else { return nil }
        Self.score(&units, lines: lines, in: bytes)
        guard let best = Self.articleRegion(of: units) else { return nil }
        var dates = DumpDates()
        let region = Self.headlineRegion(of: units, best: best, lines: lines, bytes: bytes, dates: &dates)
        let body = Self.paragraphs(of: units, in: region, lines: lines, bytes: bytes)
        guard body.words >= Self.minimumArticleWords else { return nil }

        let dump = TextDump(bytes: bytes, lines: lines, units: units, region: region, dates: &dates)
        var page = Page(format: .text, paragraphs: body.paragraphs)
        let heading = dump.heading()
        page.title = heading.title
        page.published = dump.published(near: heading.index)
        page.section = dump.section(near: heading.index)
        let lead = dump.dateline(in: body.paragraphs)
        page.dateline = lead.dateline
        page.source = lead.source
        page.tags = dump.tags()
        return page
    }

    /// Scores every unit, then lets furniture spread where it is known to: to the link line
    /// after "Read also", and over a comments section that follows an article.
    static func score(_ units: inout [DumpUnit], lines: [DumpLine], in bytes: UnsafeBufferPointer<UInt8>) {
        var joined: [UInt8] = []
        var paragraphsSeen = 0
        var inComments = false
        var pointsToNext = false
        var listIntroduced = false
        var cutOff: [Int] = []
        for index in units.indices {
            let measured = measure(units[index], lines: lines, in: bytes)
            var kinds: UInt8 = 0
            // Short list items and image markers score the same whatever they say.
            if !measured.isBracketed && !(units[index].isBullet && measured.words < 15) {
                kinds = phraseKinds(
                    of: units[index], words: measured.words, endsSentence: measured.endsSentence, lines: lines, in: bytes,
                    buffer: &joined)
            }
            let isCommentHeading = measured.words <= 6 && kinds & PhraseKind.comments != 0
            let isPointer = measured.words <= 4 && kinds & PhraseKind.pointer != 0
            var (score, role) = score(measured, isBullet: units[index].isBullet, kinds: kinds)
            if role == .line, units[index].lines.count == 1 {
                let line = lines[units[index].lines.lowerBound]
                if measured.words >= 3, isTableRow(line, in: bytes) {
                    (score, role) = (0, .tableRow)
                } else if measured.words <= 4, isGalleryCounter(line, in: bytes) {
                    (score, role) = (imageScore, .image)
                }
            }
            if isPointer || (pointsToNext && measured.words < 25) {
                score = asideScore
                role = .aside
            }
            pointsToNext = isPointer
            // A list a sentence introduces ("… three things:") is the article's, not a menu.
            if role == .listItem && listIntroduced {
                score = introducedItemScore
            } else {
                listIntroduced = measured.endsWithColon && role != .listItem
            }
            if inComments && score > 0 { score *= 0.2 }
            if score >= 2 { paragraphsSeen += 1 }
            if paragraphsSeen >= 3 && isCommentHeading { inComments = true }
            units[index].score = score
            units[index].role = role
            units[index].words = measured.words
            if measured.isCutOff { cutOff.append(index) }
        }
        markTeasers(&units, cutOff: cutOff)
        capMediaBlocks(&units)
    }

    /// Images, gallery counters and captions in a row are one embedded photo or gallery: they
    /// cost `mediaBlockScore` together however many slides it has, so a gallery does not split
    /// the article around it.
    static func capMediaBlocks(_ units: inout [DumpUnit]) {
        // A short line between an image and its credit is the image's caption.
        for index in units.indices.dropFirst(2)
        where units[index].role == .caption && units[index - 1].role == .line && units[index - 1].words <= 15
            && units[index - 2].role == .image
        {
            units[index - 1].role = .caption
            units[index - 1].score = min(units[index - 1].score, imageScore)
        }
        var start = 0
        for end in 0...units.count where end == units.count || !units[end].role.isMedia {
            let block = start..<end
            let total = units[block].reduce(0) { $0 + $1.score }
            if block.count >= 2, total < mediaBlockScore {
                for index in block { units[index].score = mediaBlockScore / Double(block.count) }
            }
            start = end + 1
        }
    }

    /// Whether `line` is a row of a table of figures: cells apart by two spaces or more, three
    /// cells at least, and a digit. Rows cost nothing, so a table inside an article does not
    /// split it, and they are article text there.
    static func isTableRow(_ line: DumpLine, in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let text = UnsafeBufferPointer(rebasing: bytes[line.start..<line.end])
        // Most lines have no two spaces in a row: one look for them first.
        var gap = ByteScan.index(of: 0x20, in: text, from: 0)
        var gaps = 0
        while gap + 1 < text.count {
            if text[gap + 1] == 0x20 {
                gaps += 1
                var next = gap + 2
                while next < text.count && text[next] == 0x20 { next += 1 }
                gap = next
            }
            gap = ByteScan.index(of: 0x20, in: text, from: gap + 1)
        }
        return gaps >= 2 && text.contains(where: { $0 >= 0x30 && $0 <= 0x39 })
    }

    /// Excerpts cut off with an ellipsis are teasers for other pages when another one stands
    /// near: a list of them. One alone may be the article's own last paragraph behind a paywall.
    static func markTeasers(_ units: inout [DumpUnit], cutOff: [Int]) {
        for (position, index) in cutOff.enumerated() {
            let hasNeighbour =
                (position > 0 && index - cutOff[position - 1] <= teaserReach)
                || (position + 1 < cutOff.count && cutOff[position + 1] - index <= teaserReach)
            guard hasNeighbour, units[index].role != .furniture else { continue }
            units[index].score = min(units[index].score, 0) - 1
            units[index].role = .teaser
        }
    }

    /// The furniture phrases in a unit. A short unit is searched whole; cookie and copyright
    /// notices say so up front and credits come last, so only the ends of a long unit are.
    static func phraseKinds(
        of unit: DumpUnit, words: Int, endsSentence: Bool, lines: [DumpLine], in bytes: UnsafeBufferPointer<UInt8>,
        buffer: inout [UInt8]
    ) -> UInt8 {
        let isLong = words >= 25
        buffer.removeAll(keepingCapacity: true)
        append(unit, lines: lines, from: bytes, to: &buffer, limit: isLong && words >= 40 ? legalReach : Int.max)
        return buffer.withUnsafeMutableBufferPointer { text in
            TextDumpPhrases.fold(text)
            guard isLong else { return shortLinePhrases.kinds(in: UnsafeBufferPointer(text)) }
            let count = text.count
            var kinds = legalPhrases.kinds(in: UnsafeBufferPointer(rebasing: text[0..<min(count, legalReach)]))
            // A long caption ends with its credit, bare or in brackets: "Photo: Getty Images",
            // "(AP Photo/…)", where prose ends a sentence.
            if words < 40, let last = text.last, !endsSentence || last == 0x29 || last == 0x5D {
                kinds |= creditPhrases.kinds(in: UnsafeBufferPointer(rebasing: text[max(0, count - creditReach)..<count]))
            }
            return kinds
        }
    }

    /// The run of units with the greatest total score (Kadane's maximum subarray): prose
    /// adds, furniture subtracts, so the run spans the article and stops at long menus.
    static func articleRegion(of units: [DumpUnit]) -> Range<Int>? {
        var best = 0.0
        var bestRange: Range<Int>?
        var running = 0.0
        var runStart = 0
        for index in units.indices {
            if running <= 0 {
                running = units[index].score
                runStart = index
            } else {
                running += units[index].score
            }
            if running > best {
                best = running
                bestRange = runStart..<(index + 1)
            }
        }
        return bestRange
    }

    /// The article's paragraphs: the prose, short lines and list items of the region. A
    /// paragraph is taken once, and text the body holds already is left out when it is a copy
    /// of the body (two paragraphs or more in a row, or a long one), not a sentence quoted
    /// again. A copy shows by a very long paragraph (the body run together) or a paragraph
    /// opening as an earlier one does; only then is the body compared by 4-grams.
    static func paragraphs(
        of units: [DumpUnit], in region: Range<Int>, lines: [DumpLine], bytes: UnsafeBufferPointer<UInt8>
    ) -> (paragraphs: [String], words: Int) {
        var paragraphs: [String] = []
        var words: [Int] = []
        var fingerprints = BodyEcho.Fingerprints(capacity: region.count)
        var openings = BodyEcho.Fingerprints(capacity: region.count)
        var mayHoldCopy = false
        var buffer: [UInt8] = []
        // The region starts and ends with prose, so every short line in it stands between
        // the article's paragraphs: a subheading, a list, a table.
        for index in region where units[index].role.isArticleText {
            buffer.removeAll(keepingCapacity: true)
            append(units[index], lines: lines, from: bytes, to: &buffer)
            decodeReferences(&buffer)
            guard !buffer.isEmpty else { continue }
            let (fingerprint, opening) = buffer.withUnsafeBufferPointer {
                (BodyEcho.fingerprint($0), BodyEcho.fingerprint(UnsafeBufferPointer(rebasing: $0.prefix(copyOpening))))
            }
            guard fingerprints.insert(fingerprint) else { continue }
            if units[index].words >= copyOpeningWords, !openings.insert(opening) { mayHoldCopy = true }
            mayHoldCopy = mayHoldCopy || units[index].words >= runTogetherWords
            paragraphs.append(String(decoding: buffer, as: UTF8.self))
            words.append(units[index].words)
        }
        if mayHoldCopy { dropCopies(&paragraphs, words: &words) }
        return (paragraphs, words.reduce(0, +))
    }

    /// Leaves out the paragraphs that repeat text the body holds already when they are a copy
    /// of it: two or more in a row, or one of `copyWords` or more.
    static func dropCopies(_ paragraphs: inout [String], words: inout [Int]) {
        var echo = BodyEcho()
        var isRepeat = paragraphs.indices.map { index in
            var text = paragraphs[index]
            return text.withUTF8 { echo.repeats($0) }
        }
        var runStart = 0
        for end in 0...paragraphs.count where end == paragraphs.count || !isRepeat[end] {
            if end - runStart < 2 && words[runStart..<end].reduce(0, +) < copyWords {
                for index in runStart..<end { isRepeat[index] = false }
            }
            runStart = end + 1
        }
        paragraphs = paragraphs.indices.filter { !isRepeat[$0] }.map { paragraphs[$0] }
        words = words.indices.filter { !isRepeat[$0] }.map { words[$0] }
    }

    /// The measures of a unit, read line by line from the page without copying it.
    static func measure(_ unit: DumpUnit, lines: [DumpLine], in bytes: UnsafeBufferPointer<UInt8>) -> UnitText {
        var measured = UnitText()
        var first: UInt8?
        var last: UInt8 = 0
        for index in unit.lines {
            let line = lines[index]
            let start = index == unit.lines.lowerBound ? line.start + unit.markerLength : line.start
            guard start < line.end else { continue }
            first = first ?? bytes[start]
            last = bytes[line.end - 1]
            measure(UnsafeBufferPointer(rebasing: bytes[start..<line.end]), into: &measured)
        }
        measured.isBracketed = first == 0x5B && last == 0x5D
        return measured
    }

    /// Decodes the HTML character references a page escaped twice (`&#39;`, `&amp;`).
    static func decodeReferences(_ buffer: inout [UInt8]) {
        guard buffer.withUnsafeBufferPointer({ CharacterReferences.mayHold($0) }) else { return }
        buffer = buffer.withUnsafeBufferPointer { CharacterReferences.decode($0) }
    }

    /// Appends a unit's text to `buffer`: its lines joined by spaces, without the list marker,
    /// up to about `limit` bytes.
    static func append(
        _ unit: DumpUnit, lines: [DumpLine], from bytes: UnsafeBufferPointer<UInt8>, to buffer: inout [UInt8],
        limit: Int = Int.max
    ) {
        for index in unit.lines where buffer.count < limit {
            let line = lines[index]
            let start = index == unit.lines.lowerBound ? line.start + unit.markerLength : line.start
            guard start < line.end else { continue }
            if !buffer.isEmpty && !line.continuesWord { buffer.append(0x20) }
            let room = limit - buffer.count
            let end = room >= line.end - start ? line.end : start + max(0, room)
            buffer.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<end]))
        }
    }
}
