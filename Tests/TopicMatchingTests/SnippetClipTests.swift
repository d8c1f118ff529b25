import NewswatchTestSupport
import Testing

@testable import TopicMatching

/// The byte-buffer snippet clipper gives exactly what the plain version it replaced gave
/// (`ReferenceClip` below: collapse white space, then cut 300 scalars around the focus).
@Suite("Snippets are clipped as the reference clipper does")
struct SnippetClipTests {
    static let pieces = [
        "NATO", "expansion", "расширение", "НАТО", "Zürich", "naïve", "—", "…", "word", "a", "1,000",
        " ", " ", "  ", "\t", "\n", "\r\n", "\u{00A0}", "\u{00A0} ", ".", ",", "“quoted”", "emoji🙂",
    ]

    @Test func randomTextsClipAlike() {
        var generator = SeededGenerator(state: 41)
        for round in 0..<400 {
            var text = ""
            let count = Int.random(in: 0...(round % 4 == 0 ? 900 : 200), using: &generator)
            for _ in 0..<count { text += Self.pieces.randomElement(using: &generator)! }
            let length = text.utf8.count
            // Foci at scalar starts, as a word's offset always is, and past the end.
            var foci = [0, length]
            for _ in 0..<4 where length > 0 {
                var focus = Int.random(in: 0..<length, using: &generator)
                let bytes = Array(text.utf8)
                while focus > 0, bytes[focus] & 0xC0 == 0x80 { focus -= 1 }
                foci.append(focus)
            }
            for focus in foci {
                var bytes = text
                #expect(
                    bytes.withUTF8 { MatchDocument.clip($0, around: focus) } == ReferenceClip.clip(text, around: focus),
                    "round \(round), focus \(focus)")
            }
        }
    }
}

/// The clipper as first written, on arrays and strings.
enum ReferenceClip {
    static let limit = 300

    static func clip(_ text: String, around focus: Int) -> String {
        let bytes = Array(text.utf8)
        var collapsed: [UInt8] = []
        var newFocus = 0
        var pendingSpace = false
        var index = 0
        while index < bytes.count {
            if index == focus { newFocus = collapsed.count + (pendingSpace && !collapsed.isEmpty ? 1 : 0) }
            let byte = bytes[index]
            let isNoBreakSpace = byte == 0xC2 && index + 1 < bytes.count && bytes[index + 1] == 0xA0
            if byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) || isNoBreakSpace {
                pendingSpace = true
                index += isNoBreakSpace ? 2 : 1
                continue
            }
            if pendingSpace, !collapsed.isEmpty { collapsed.append(0x20) }
            pendingSpace = false
            collapsed.append(byte)
            index += 1
        }
        return window(of: collapsed, around: newFocus)
    }

    static func window(of bytes: [UInt8], around focus: Int) -> String {
        let starts = bytes.indices.filter { bytes[$0] & 0xC0 != 0x80 }
        guard starts.count > limit else { return String(decoding: bytes, as: UTF8.self) }
        let budget = limit - 2
        let focusScalar = starts.firstIndex { $0 >= focus } ?? 0
        var first = max(0, min(focusScalar - budget / 3, starts.count - budget))
        var last = min(starts.count, first + budget)
        if first > 0, let space = (first..<min(first + 20, last)).first(where: { bytes[starts[$0]] == 0x20 }) {
            first = space + 1
        }
        if last < starts.count, let space = (max(first, last - 20)..<last).last(where: { bytes[starts[$0]] == 0x20 }) {
            last = space
        }
        let end = last < starts.count ? starts[last] : bytes.count
        var clipped = String(decoding: bytes[starts[first]..<end], as: UTF8.self)
        if first > 0 { clipped = "…" + clipped }
        if last < starts.count { clipped += "…" }
        return clipped
    }
}
