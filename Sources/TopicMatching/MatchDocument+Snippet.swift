import NewswatchCore

extension MatchDocument {
    static let snippetLimit = 300

    /// The word at `position` as written in the page.
    func writtenWord(at position: Int) -> String {
        segment(at: position).written(token(at: position))
    }

    /// The page-wide position of the first word of the body sentence holding `position`, when
    /// that sentence is short enough to be the snippet whole (so every match in it shares the
    /// snippet); nil otherwise.
    func wholeSentenceStart(at position: Int) -> Int? {
        let segment = segment(at: position)
        guard segment.field == .body else { return nil }
        let tokens = segment.tokens
        let index = position - segment.firstPosition
        let sentence = tokens[index].sentence
        var first = index
        while first > 0, tokens[first - 1].sentence == sentence { first -= 1 }
        var last = index
        while last + 1 < tokens.count, tokens[last + 1].sentence == sentence { last += 1 }
        let end = last + 1 < tokens.count ? Int(tokens[last + 1].start) : segment.text.utf8.count
        // Bytes bound characters from above, so this span always fits the limit.
        return end - Int(tokens[first].start) <= Self.snippetLimit ? segment.firstPosition + first : nil
    }

    /// The position a snippet is built around (the body sentence with it is the snippet): the earliest body match, else the first match,
    /// else the page's first word; -1 for a page without words.
    func snippetFocus(for positions: [Int]) -> Int {
        var earliestBody = Int.max
        for position in positions where position < earliestBody && field(at: position) == .body {
            earliestBody = position
        }
        if earliestBody != Int.max { return earliestBody }
        return positions.min() ?? (segments.first?.firstPosition ?? -1)
    }

    /// The snippet around `position` (see `snippetFocus`).
    func snippet(at position: Int) -> String {
        guard position >= 0 else { return "" }
        let segment = segment(at: position)
        let index = position - segment.firstPosition
        guard segment.field == .body else {
            return Self.clip(segment.text, around: Int(segment.tokens[index].start))
        }
        let tokens = segment.tokens
        let sentence = tokens[index].sentence
        var first = index
        while first > 0, tokens[first - 1].sentence == sentence { first -= 1 }
        var last = index
        while last + 1 < tokens.count, tokens[last + 1].sentence == sentence { last += 1 }
        var start = Int(tokens[first].start)
        var end = last + 1 < tokens.count ? Int(tokens[last + 1].start) : segment.text.utf8.count
        // A dump without full stops can make one "sentence" of a whole page: look near the match.
        let matchStart = Int(tokens[index].start)
        if end - start > 4 * Self.snippetLimit {
            var low = index
            while low > first, Int(tokens[low - 1].start) >= matchStart - Self.snippetLimit { low -= 1 }
            start = Int(tokens[low].start)
            end = min(end, matchStart + 3 * Self.snippetLimit)
        }
        var text = segment.text
        return text.withUTF8 { bytes in
            let end = Self.scalarBoundary(bytes, atOrBefore: end)
            let sentence = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
            return Self.clip(sentence, around: matchStart - start)
        }
    }

    /// `offset` moved back to the start of a UTF-8 sequence.
    private static func scalarBoundary(_ bytes: UnsafeBufferPointer<UInt8>, atOrBefore offset: Int) -> Int {
        var offset = min(offset, bytes.count)
        while offset > 0, offset < bytes.count, bytes[offset] & 0xC0 == 0x80 { offset -= 1 }
        return offset
    }

    /// `text` with runs of white space made one space and cut to the snippet limit around
    /// the UTF-8 offset `focus`, marking cuts with an ellipsis. Works on bytes: snippets are
    /// built for every match, and Character-level white-space tests cost more than matching.
    static func clip(_ text: String, around focus: Int) -> String {
        var text = text
        return text.withUTF8 { bytes in
            var collapsed: [UInt8] = []
            collapsed.reserveCapacity(bytes.count)
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
    }

    /// At most `snippetLimit` scalars of `bytes` around `focus`, starting and ending on spaces.
    private static func window(of bytes: [UInt8], around focus: Int) -> String {
        // Scalar starts; a scalar count bounds the character count from above.
        let starts = bytes.indices.filter { bytes[$0] & 0xC0 != 0x80 }
        guard starts.count > snippetLimit else { return String(decoding: bytes, as: UTF8.self) }
        let budget = snippetLimit - 2
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
