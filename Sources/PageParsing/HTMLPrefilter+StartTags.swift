/// Start tags shrunk before libxml2 parses them: attributes are most of a page's bytes
/// once scripts are gone (`class` lists, `data-*`, `srcset`, inline styles), and libxml2
/// copies every one. The prefilter reads the few that matter into `ElementHints` and
/// writes them back as one short mark attribute, `<div nwh="5">`.
extension HTMLPrefilter {
    /// The mark attribute's name; `HTMLTreeBuilder` turns its value back into hints.
    static let markName: [UInt8] = Array(" nwh=\"".utf8)

    /// The hints a mark attribute's NUL-terminated value stands for.
    static func hints(fromMark value: UnsafePointer<UInt8>) -> ElementHints {
        var raw: UInt16 = 0
        var index = 0
        while value[index] >= 0x30, value[index] <= 0x39, index < 5 {
            raw = raw &* 10 &+ UInt16(value[index] - 0x30)
            index += 1
        }
        return ElementHints(rawValue: raw)
    }

    /// One start tag as read: where it ends and what its attributes say.
    struct StartTag {
        var end: Int
        var nameEnd: Int
        var hints: ElementHints = []
        var hasAttributes = false
        /// Page fields live in its attributes (`<meta>`, `<link>`, `itemprop` …): copy it whole.
        var keepWhole = false
        var selfClosing = false
    }

    /// Appends the start tag at `start` (`<` then a letter) in its short form, or as it is
    /// when it carries page fields; returns the index just past it.
    mutating func compactStartTag(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int, copied: inout Int) -> Int {
        let tag = Self.readStartTag(bytes, at: start)
        // A tag left open to the end of the file goes to libxml2 as it is.
        guard tag.hasAttributes, !tag.keepWhole, tag.end < bytes.count else { return tag.end }
        keep(bytes, copied..<tag.nameEnd)
        if tag.hints.rawValue != 0 {
            html.append(contentsOf: Self.markName)
            let value = tag.hints.rawValue
            var divisor: UInt16 = 10000
            while divisor > value, divisor > 1 { divisor /= 10 }
            while divisor > 0 {
                html.append(0x30 + UInt8(value / divisor % 10))
                divisor /= 10
            }
            html.append(UInt8(ascii: "\""))
        }
        if tag.selfClosing { html.append(UInt8(ascii: "/")) }
        html.append(UInt8(ascii: ">"))
        copied = tag.end
        return tag.end
    }

    static func readStartTag(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int) -> StartTag {
        let count = bytes.count
        var index = start + 1
        while index < count, !isTagBreak(bytes[index]) { index += 1 }
        var tag = StartTag(end: count, nameEnd: index)
        tag.keepWhole = keepsAttributes(UnsafeBufferPointer(rebasing: bytes[(start + 1)..<index]))
        while index < count {
            let byte = bytes[index]
            if byte == UInt8(ascii: ">") {
                tag.end = index + 1
                tag.selfClosing = index > start && bytes[index - 1] == UInt8(ascii: "/")
                return tag
            }
            if isSpace(byte) || byte == UInt8(ascii: "/") {
                index += 1
                continue
            }
            let nameStart = index
            while index < count, !isTagBreak(bytes[index]), bytes[index] != UInt8(ascii: "=") { index += 1 }
            let name = UnsafeBufferPointer(rebasing: bytes[nameStart..<index])
            var valueRange = index..<index
            var cursor = index
            while cursor < count, isSpace(bytes[cursor]) { cursor += 1 }
            if cursor < count, bytes[cursor] == UInt8(ascii: "=") {
                cursor += 1
                while cursor < count, isSpace(bytes[cursor]) { cursor += 1 }
                if cursor < count, bytes[cursor] == 0x22 || bytes[cursor] == 0x27 {
                    let quote = bytes[cursor]
                    let close = ByteScan.index(of: quote, in: bytes, from: cursor + 1)
                    valueRange = (cursor + 1)..<close
                    index = min(count, close + 1)
                } else {
                    let valueStart = cursor
                    while cursor < count, !isSpace(bytes[cursor]), bytes[cursor] != UInt8(ascii: ">") { cursor += 1 }
                    valueRange = valueStart..<cursor
                    index = cursor
                }
            }
            tag.hasAttributes = true
            read(name, value: UnsafeBufferPointer(rebasing: bytes[valueRange]), into: &tag)
        }
        return tag
    }

    private static func read(
        _ name: UnsafeBufferPointer<UInt8>, value: UnsafeBufferPointer<UInt8>, into tag: inout StartTag
    ) {
        guard let first = name.first else { return }
        switch first | 0x20 {
        case UInt8(ascii: "c"):
            if ElementHints.equals(name, "class") { tag.hints.formUnion(ElementHints.words(in: value)) }
        case UInt8(ascii: "i"):
            if ElementHints.equals(name, "id") {
                tag.hints.formUnion(ElementHints.identifier(in: value))
            } else if ElementHints.equals(name, "itemprop") {
                tag.keepWhole = true
            }
        case UInt8(ascii: "r"):
            if ElementHints.equals(name, "role") {
                tag.hints.formUnion(ElementHints.role(value))
            } else if ElementHints.equals(name, "rel"), ElementHints.equals(value, "author") {
                tag.hints.insert(.byline)
            }
        case UInt8(ascii: "s"):
            if ElementHints.equals(name, "style"), ElementHints.hides(style: value) { tag.hints.insert(.hidden) }
        case UInt8(ascii: "h"):
            if ElementHints.equals(name, "hidden") { tag.hints.insert(.hidden) }
        case UInt8(ascii: "a"):
            if ElementHints.equals(name, "aria-hidden"), ElementHints.equals(value, "true") { tag.hints.insert(.hidden) }
        default:
            break
        }
    }

    /// Elements whose attributes hold page fields rather than hints.
    private static func keepsAttributes(_ name: UnsafeBufferPointer<UInt8>) -> Bool {
        ElementHints.equals(name, "meta") || ElementHints.equals(name, "link") || ElementHints.equals(name, "html")
            || ElementHints.equals(name, "time") || ElementHints.equals(name, "base")
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D || byte == 0x0C
    }

    private static func isTagBreak(_ byte: UInt8) -> Bool {
        isSpace(byte) || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "/")
    }
}
