extension TextDumpExtractor {
    /// One line of the dump: the byte range of its text without surrounding blanks.
    struct DumpLine: Sendable {
        var start: Int
        var end: Int
        /// Width in scalars up to the end of the text, indent included.
        var width: Int
        /// How many of those scalars are wide (CJK): a renderer may count them as two columns.
        var wide: Int
        /// Whether the text has an inner space or a wide scalar, so a wrapper could have broken it.
        var isBreakable: Bool
        /// Whether three blanks or more come before the text, as lynx sets its text in.
        var isIndented: Bool
        /// Whether the line continues the word or the unspaced sentence the line above ends:
        /// the renderer broke it between two CJK characters.
        var continuesWord = false
        var isBlank: Bool { start == end }
    }

    /// A paragraph candidate: one line, or several lines a renderer wrapped, or a list item.
    struct DumpUnit: Sendable {
        var lines: Range<Int>
        /// Whether a blank line (or the top of the page) comes right before it.
        var opensBlock: Bool
        var isBullet: Bool
        /// Bytes to skip at the start of the first line: the bullet marker and its space.
        var markerLength: Int
        var words = 0
        var score = 0.0
        var role = UnitRole.line
    }

    /// What a unit is to a reader, which decides whether it can be article text.
    enum UnitRole: Sendable {
        /// Sentences: article text wherever the article is.
        case prose
        /// A short line: a subheading, a label, a table row, a line of code; article text
        /// only between the article's prose.
        case line
        /// A short list item, article text only between the article's prose.
        case listItem
        /// A row of a table of figures, article text only between the article's prose.
        case tableRow
        /// An image or embed marker, or a gallery's slide counter ("Image 3 of 12").
        case image
        /// A photo, gallery or video caption or credit.
        case caption
        /// An excerpt of another story, cut off with an ellipsis.
        case teaser
        /// Sharing, sign-up, legal and template text.
        case furniture
        /// Inline furniture ("Read also" and its link): kept out of the body, but too light to
        /// split the article around it.
        case aside

        /// Whether the role is part of an embedded photo, video or gallery.
        var isMedia: Bool { self == .image || self == .caption }

        /// Whether a unit of this role belongs to the article when it stands inside it.
        var isArticleText: Bool { self == .prose || self == .line || self == .listItem || self == .tableRow }
    }

    /// The lines of `bytes`, trimmed, with their rendered widths.
    static func lines(of bytes: UnsafeBufferPointer<UInt8>) -> [DumpLine] {
        var lines: [DumpLine] = []
        lines.reserveCapacity(bytes.count / 40)
        var lineStart = 0
        let count = bytes.count
        let countsWide = ByteScan.mayHoldWide(bytes)
        while lineStart <= count {
            let lineEnd = ByteScan.index(of: 0x0A, in: bytes, from: lineStart)
            var start = lineStart
            var end = lineEnd
            while start < end && isBlank(bytes, at: start) { start += bytes[start] == 0xC2 ? 2 : 1 }
            while end > start && isBlankEnd(bytes, before: end) { end -= bytes[end - 1] == 0xA0 ? 2 : 1 }
            let width = ByteScan.scalarCount(in: bytes, lineStart..<end, countingWide: countsWide)
            let isBreakable = start < end && (width.wide > 1 || ByteScan.index(of: 0x20, in: bytes, from: start + 1) < end)
            lines.append(
                DumpLine(
                    start: start, end: end, width: width.scalars, wide: width.wide, isBreakable: isBreakable,
                    isIndented: start - lineStart >= 3))
            lineStart = lineEnd + 1
        }
        return lines
    }

    private static func isBlank(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        let byte = bytes[index]
        if byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0C { return true }
        return byte == 0xC2 && index + 1 < bytes.count && bytes[index + 1] == 0xA0
    }

    private static func isBlankEnd(_ bytes: UnsafeBufferPointer<UInt8>, before end: Int) -> Bool {
        let byte = bytes[end - 1]
        if byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0C { return true }
        return byte == 0xA0 && end >= 2 && bytes[end - 2] == 0xC2
    }

    /// Groups lines into units: a line continues the unit above when the renderer must have
    /// wrapped it, that is when its first word would not have fitted on the line above. Marks
    /// the lines a renderer broke between CJK characters, which join without a space.
    static func units(of lines: inout [DumpLine], in bytes: UnsafeBufferPointer<UInt8>) -> [DumpUnit] {
        // The renderer's column count: no line it could have broken is wider. A long URL or
        // word alone on its line overflows the columns and says nothing about them. lynx sets
        // its text in by three spaces and counts a CJK character as one column; w3m sets
        // nothing in and counts two.
        var textLines = 0
        var indentedLines = 0
        for line in lines where !line.isBlank {
            textLines += 1
            if line.isIndented { indentedLines += 1 }
        }
        let countsWideTwice = indentedLines * 2 < textLines
        let pageWidth = lines.reduce(0) { $1.isBreakable ? max($0, $1.width + (countsWideTwice ? $1.wide : 0)) : $0 }
        var units: [DumpUnit] = []
        var previousBlank = true
        var previousWidth = 0
        for index in lines.indices {
            let line = lines[index]
            if line.isBlank {
                previousBlank = true
                continue
            }
            let marker = bulletMarkerLength(bytes, line)
            if marker == 0, !previousBlank, !units.isEmpty,
                previousWidth + 1 + firstWordWidth(bytes, line, countsWideTwice: countsWideTwice) > pageWidth - 1
            {
                units[units.count - 1].lines = units[units.count - 1].lines.lowerBound..<(index + 1)
                lines[index].continuesWord = continuesWord(bytes, lines[index - 1], line, breaksAtSpaces: !countsWideTwice)
            } else {
                units.append(
                    DumpUnit(
                        lines: index..<(index + 1), opensBlock: previousBlank, isBullet: marker > 0,
                        markerLength: marker))
            }
            previousWidth = countsWideTwice ? line.width + line.wide : line.width
            previousBlank = false
        }
        return units
    }

    /// Whether `line`, wrapped from `above`, goes on without a space: both sides of the break
    /// are CJK characters, unless they are Korean, which spaces its words, from a renderer
    /// that `breaksAtSpaces`.
    private static func continuesWord(
        _ bytes: UnsafeBufferPointer<UInt8>, _ above: DumpLine, _ line: DumpLine, breaksAtSpaces: Bool
    ) -> Bool {
        let last = ByteScan.lastScalarStart(bytes, before: above.end)
        guard ByteScan.isWide(bytes, at: last, end: above.end), ByteScan.isWide(bytes, at: line.start, end: line.end)
        else { return false }
        return !(breaksAtSpaces && ByteScan.isHangul(bytes, at: last) && ByteScan.isHangul(bytes, at: line.start))
    }

    /// The columns of the first piece of `line` a renderer could not break: up to a space, or
    /// one CJK character, after which it may break anywhere (lynx breaks Korean at spaces only).
    private static func firstWordWidth(_ bytes: UnsafeBufferPointer<UInt8>, _ line: DumpLine, countsWideTwice: Bool) -> Int {
        let breaksWords = countsWideTwice || !ByteScan.isHangul(bytes, at: line.start)
        if breaksWords && ByteScan.isWide(bytes, at: line.start, end: line.end) { return countsWideTwice ? 2 : 1 }
        var width = 0
        var index = line.start
        while index < line.end && bytes[index] != 0x20 {
            if bytes[index] & 0xC0 != 0x80 {
                let isWide = bytes[index] >= 0xE1 && ByteScan.isWide(bytes, at: index, end: line.end)
                if isWide && breaksWords { break }
                width += isWide && countsWideTwice ? 2 : 1
            }
            index += 1
        }
        return width
    }

    /// The byte length of a list marker (`*`, `+`, `o`, `-`, `•`, `1.` …) and the spaces
    /// after it at the start of `line`; 0 when the line is no list item.
    static func bulletMarkerLength(_ bytes: UnsafeBufferPointer<UInt8>, _ line: DumpLine) -> Int {
        var index = line.start
        let first = bytes[index]
        switch first {
        case 0x2A, 0x2B, 0x6F, 0x2D, 0x23, 0x40:  // * + o - # @
            index += 1
        case 0x30...0x39:
            // "1." to "999.", with text after it: a line "2024." is a wrapped sentence's end.
            while index < line.end && bytes[index] >= 0x30 && bytes[index] <= 0x39 { index += 1 }
            guard index - line.start <= 3, index + 2 < line.end, bytes[index] == 0x2E, bytes[index + 1] == 0x20
            else { return 0 }
            index += 1
        case 0xC2:  // ·
            guard index + 1 < line.end, bytes[index + 1] == 0xB7 else { return 0 }
            index += 2
        case 0xE2:  // • – ◦ ▪ ■ □ ◆ ‣
            guard index + 2 < line.end else { return 0 }
            let (second, third) = (bytes[index + 1], bytes[index + 2])
            let known =
                (second == 0x80 && (third == 0xA2 || third == 0x93 || third == 0xA3))
                || (second == 0x97 && (third == 0xA6 || third == 0x86))
                || (second == 0x96 && (third == 0xAA || third == 0xA0 || third == 0xA1))
            guard known else { return 0 }
            index += 3
        default:
            return 0
        }
        guard index < line.end, bytes[index] == 0x20 else {
            // A bare marker on its own line is an empty list item.
            return index == line.end ? index - line.start : 0
        }
        while index < line.end && bytes[index] == 0x20 { index += 1 }
        return index - line.start
    }
}
