import NewswatchCore

/// Decides what a file's bytes are — charset, binary or text, HTML, JSON or a text dump —
/// from the content; the file name only breaks ties.
enum ContentSniffer {
    /// The content decoded to UTF-8.
    /// - Throws: `.empty` for nothing but white space, `.binary` for non-text bytes.
    static func utf8Text(_ bytes: [UInt8]) throws(PageReadError) -> [UInt8] {
        guard bytes.contains(where: { !isSpace($0) }) else {
            throw PageReadError(code: .empty, message: "file is empty; the scraper wrote no content")
        }
        let charset: Charset
        var start = 0
        // Validated once: most pages are UTF-8, and the answer decides everything below. The
        // same pass notices control bytes, so text with none skips the binary check's scan.
        var isUTF8 = false
        var mayBeBinary = true
        if let mark = CharsetDecoder.byteOrderMark(bytes) {
            charset = mark.charset
            start = mark.length
        } else {
            (isUTF8, mayBeBinary) = CharsetDecoder.validateUTF8WithControls(bytes[...])
            let looksHTML = startsLikeHTML(bytes, from: 0)
            charset =
                looksHTML
                ? CharsetDetector.forHTML(bytes, from: 0, isUTF8: isUTF8)
                : CharsetDetector.detect(bytes, isUTF8: isUTF8)
        }
        let isUnchanged = charset == .utf8 && isUTF8
        let utf8 = isUnchanged ? bytes : CharsetDecoder.utf8(bytes, from: start, as: charset)
        if !isUnchanged || mayBeBinary { try rejectBinary(utf8) }
        guard utf8.contains(where: { !isSpace($0) }) else {
            throw PageReadError(code: .empty, message: "file holds only a byte-order mark and white space")
        }
        return utf8
    }

    /// The page format of UTF-8 content.
    static func format(of bytes: [UInt8], fileName: String) -> PageFormat {
        guard let first = bytes.firstIndex(where: { !isSpace($0) }) else { return .text }
        switch bytes[first] {
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            if ScraperItemReader.looksLikeJSON(bytes, from: first) { return .json }
        default:
            break
        }
        if startsLikeHTML(bytes, from: first) { return .html }
        let lowerName = fileName.lowercased()
        if lowerName.hasSuffix(".html") || lowerName.hasSuffix(".htm") || lowerName.hasSuffix(".html.gz") {
            if contains(bytes, "<body", within: 64 * 1024) || contains(bytes, "<p", within: 64 * 1024) { return .html }
        }
        return .text
    }

    /// Whether the content is an HTML document: it opens with a document marker (a doctype,
    /// an XML declaration, a comment, `<html>`, `<head>`, `<body>` or an element of the head)
    /// or has a doctype or `<html>` early on, or, opening with another tag, is mostly markup
    /// (a fragment a scraper saved). A text dump that opens with one literal tag the renderer
    /// printed (`<img …>`) is no HTML.
    static func startsLikeHTML(_ bytes: [UInt8], from start: Int) -> Bool {
        var first = start
        while first < bytes.count, isSpace(bytes[first]) || bytes[first] == 0xEF || bytes[first] == 0xBB || bytes[first] == 0xBF {
            first += 1
        }
        if first + 1 < bytes.count, bytes[first] == UInt8(ascii: "<") {
            if documentMarkers.contains(where: { startsWith(bytes, $0, at: first) }) { return true }
            let next = bytes[first + 1] | 0x20
            if next >= 0x61 && next <= 0x7A, isMostlyMarkup(bytes, from: first) { return true }
        }
        return contains(bytes, "<!doctype html", within: 2048) || contains(bytes, "<html", within: 2048)
    }

    /// Openings only an HTML document has; each is followed by a space, `>` or `/` except the
    /// doctype, XML declaration and comment.
    private static let documentMarkers: [[UInt8]] = [
        "<!doctype", "<?xml", "<!--", "<html", "<head", "<body", "<meta", "<title", "<link", "<script", "<style",
        "<base",
    ].map { Array($0.utf8) }

    /// Whether `marker` (lower-case ASCII) starts at `index`, ignoring case, and ends a tag
    /// name there when it is one.
    private static func startsWith(_ bytes: [UInt8], _ marker: [UInt8], at index: Int) -> Bool {
        guard index + marker.count <= bytes.count else { return false }
        for offset in 0..<marker.count where bytes[index + offset] | (offset > 0 ? 0x20 : 0) != marker[offset] {
            return false
        }
        guard marker[1] != UInt8(ascii: "!"), marker[1] != UInt8(ascii: "?") else { return true }
        let end = index + marker.count
        return end == bytes.count || isSpace(bytes[end]) || bytes[end] == UInt8(ascii: ">") || bytes[end] == UInt8(ascii: "/")
    }

    /// How many lines an HTML fragment is judged on.
    private static let markupSampleLines = 200

    /// Whether most of the first lines that hold text also hold a tag: true of a saved HTML
    /// fragment, false of a dump where a renderer printed a stray tag.
    private static func isMostlyMarkup(_ bytes: [UInt8], from start: Int) -> Bool {
        var lines = 0
        var tagged = 0
        var hasText = false
        var hasTag = false
        var index = start
        while index < bytes.count && lines < markupSampleLines {
            let byte = bytes[index]
            if byte == 0x0A {
                if hasText { lines += 1 }
                if hasTag { tagged += 1 }
                hasText = false
                hasTag = false
            } else if !isSpace(byte) {
                hasText = true
                if byte == UInt8(ascii: "<"), index + 1 < bytes.count {
                    let next = bytes[index + 1] | 0x20
                    if (next >= 0x61 && next <= 0x7A) || next == UInt8(ascii: "/") { hasTag = true }
                }
            }
            index += 1
        }
        if hasText { lines += 1 }
        if hasTag { tagged += 1 }
        return tagged * 2 >= lines
    }

    private static func rejectBinary(_ utf8: [UInt8]) throws(PageReadError) {
        let count = min(utf8.count, 64 * 1024)
        var controls = 0
        var nuls = 0
        var replacements = 0
        utf8.withUnsafeBufferPointer { buffer in
            guard let base = UnsafeRawPointer(buffer.baseAddress) else { return }
            var index = 0
            while index < count {
                // Eight bytes at a time while none is a control byte (line breaks and tabs are
                // text) or could start U+FFFD.
                if index + 8 <= count {
                    let word = base.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                    if ByteScan.controls(in: word) == 0, !ByteScan.hasByte(0xEF, in: word) {
                        index += 8
                        continue
                    }
                }
                let byte = buffer[index]
                if byte == 0 {
                    nuls += 1
                } else if byte < 0x20, byte != 0x09, byte != 0x0A, byte != 0x0D, byte != 0x0C, byte != 0x1B {
                    controls += 1
                } else if byte == 0xEF, index + 2 < count, buffer[index + 1] == 0xBF, buffer[index + 2] == 0xBD {
                    replacements += 1
                }
                index += 1
            }
        }
        if nuls * 100 > count || (controls + nuls) * 20 > count || replacements * 5 > count {
            throw PageReadError(
                code: .binary,
                message: "content is binary, not text (\(nuls) NUL and \(controls) control bytes in the first \(count)); drop only pages")
        }
    }

    static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 || byte == 0x0C
    }

    /// Whether `needle` (lower-case ASCII, starting with `<`) occurs in the first `limit`
    /// bytes, ignoring case; only the places of `<` are looked at.
    static func contains(_ bytes: [UInt8], _ needle: StaticString, within limit: Int) -> Bool {
        bytes.withUnsafeBufferPointer { buffer in
            let window = UnsafeBufferPointer(rebasing: buffer[0..<min(buffer.count, limit)])
            var index = ByteScan.index(of: UInt8(ascii: "<"), in: window, from: 0)
            while index < window.count {
                if ByteScan.firstIndex(ofCaseless: needle, in: window, from: index, to: min(window.count, index + needle.utf8CodeUnitCount))
                    != nil
                {
                    return true
                }
                index = ByteScan.index(of: UInt8(ascii: "<"), in: window, from: index + 1)
            }
            return false
        }
    }
}
