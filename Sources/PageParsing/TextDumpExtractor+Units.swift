extension TextDumpExtractor {
    /// One line of the dump: the byte range of its text without surrounding blanks.
    struct DumpLine: Sendable {
        var start: Int
        var end: Int
        /// Width in scalars up to the end of the text, indent included, as the wrapper counted.
        var width: Int
        /// Whether the text has an inner space, so a wrapper could have broken it.
        var isBreakable: Bool
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
        /// An image or embed marker, or an image's file name.
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

        /// Whether a unit of this role belongs to the article when it stands inside it.
        var isArticleText: Bool { self == .prose || self == .line || self == .listItem }
    }

    /// The lines of `bytes`, trimmed, with their rendered widths.
    static func lines(of bytes: UnsafeBufferPointer<UInt8>) -> [DumpLine] {
        var lines: [DumpLine] = []
        lines.reserveCapacity(bytes.count / 40)
        var lineStart = 0
        let count = bytes.count
        while lineStart <= count {
            let lineEnd = ByteScan.index(of: 0x0A, in: bytes, from: lineStart)
            var start = lineStart
            var end = lineEnd
            while start < end && isBlank(bytes, at: start) { start += bytes[start] == 0xC2 ? 2 : 1 }
            while end > start && isBlankEnd(bytes, before: end) { end -= bytes[end - 1] == 0xA0 ? 2 : 1 }
            let width = ByteScan.scalarCount(in: bytes, lineStart..<end)
            let isBreakable = start < end && ByteScan.index(of: 0x20, in: bytes, from: start + 1) < end
            lines.append(DumpLine(start: start, end: end, width: width, isBreakable: isBreakable))
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
    /// wrapped it, that is when its first word would not have fitted on the line above.
    static func units(of lines: [DumpLine], in bytes: UnsafeBufferPointer<UInt8>) -> [DumpUnit] {
        // The renderer's column count: no line it could have broken is wider. A long URL or
        // word alone on its line overflows the columns and says nothing about them.
        let pageWidth = lines.reduce(0) { $1.isBreakable ? max($0, $1.width) : $0 }
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
                previousWidth + 1 + firstWordWidth(bytes, line) > pageWidth - 1
            {
                units[units.count - 1].lines = units[units.count - 1].lines.lowerBound..<(index + 1)
            } else {
                units.append(
                    DumpUnit(
                        lines: index..<(index + 1), opensBlock: previousBlank, isBullet: marker > 0,
                        markerLength: marker))
            }
            previousWidth = line.width
            previousBlank = false
        }
        return units
    }

    private static func firstWordWidth(_ bytes: UnsafeBufferPointer<UInt8>, _ line: DumpLine) -> Int {
        var width = 0
        var index = line.start
        while index < line.end && bytes[index] != 0x20 {
            if bytes[index] & 0xC0 != 0x80 { width += 1 }
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
            while index < line.end && bytes[index] >= 0x30 && bytes[index] <= 0x39 { index += 1 }
            guard index < line.end, bytes[index] == 0x2E else { return 0 }
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
