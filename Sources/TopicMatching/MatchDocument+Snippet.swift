import NewswatchCore

extension MatchDocument {
    static let snippetLimit = 300

    /// Calls `body` with each segment's text as UTF-8 bytes, in segment order, held in place
    /// for the call: reporting reads written words and sentences through them, with no copy
    /// or reference count per word.
    func withSegmentTexts<Result>(_ body: ([UnsafeBufferPointer<UInt8>]) -> Result) -> Result {
        var texts: [UnsafeBufferPointer<UInt8>] = []
        texts.reserveCapacity(segments.count)
        return withSegmentTexts(from: 0, &texts, body)
    }

    private func withSegmentTexts<Result>(
        from index: Int, _ texts: inout [UnsafeBufferPointer<UInt8>], _ body: ([UnsafeBufferPointer<UInt8>]) -> Result
    ) -> Result {
        guard index < segments.count else { return body(texts) }
        var text = segments[index].text
        return text.withUTF8 { bytes in
            texts.append(bytes)
            return withSegmentTexts(from: index + 1, &texts, body)
        }
    }

    /// The bytes of the word at `position` as written, in `texts` from `withSegmentTexts`.
    func writtenBytes(at position: Int, in texts: [UnsafeBufferPointer<UInt8>]) -> UnsafeBufferPointer<UInt8> {
        let token = token(at: position)
        return UnsafeBufferPointer(rebasing: texts[Int(segmentOfPosition[position])][Int(token.start)..<Int(token.end)])
    }

    /// Whether the words at positions `a` and `b` are written with the same bytes.
    func isWrittenAlike(_ a: Int, _ b: Int, in texts: [UnsafeBufferPointer<UInt8>]) -> Bool {
        let first = writtenBytes(at: a, in: texts)
        let second = writtenBytes(at: b, in: texts)
        guard first.count == second.count else { return false }
        for index in 0..<first.count where first[index] != second[index] { return false }
        return true
    }

    /// The page-wide position of the first word of the body sentence holding `position`, when
    /// that sentence is short enough to be the snippet whole (so every match in it shares the
    /// snippet); nil otherwise.
    func wholeSentenceStart(at position: Int) -> Int? {
        let segment = segment(at: position)
        guard segment.field == .body else { return nil }
        let (first, end) = Self.sentence(holding: position - segment.firstPosition, in: segment)
        // Bytes bound characters from above, so this span always fits the limit.
        return end - Int(segment.tokens[first].start) <= Self.snippetLimit ? segment.firstPosition + first : nil
    }

    /// The sentence holding token `index` of a segment: its first token, and the UTF-8 offset
    /// where it ends (the next sentence's first word, or the end of the text).
    private static func sentence(holding index: Int, in segment: DocumentSegment) -> (first: Int, end: Int) {
        let tokens = segment.tokens
        let sentence = tokens[index].sentence
        var first = index
        while first > 0, tokens[first - 1].sentence == sentence { first -= 1 }
        var last = index
        while last + 1 < tokens.count, tokens[last + 1].sentence == sentence { last += 1 }
        return (first, last + 1 < tokens.count ? Int(tokens[last + 1].start) : segment.text.utf8.count)
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

    /// The snippet around `position` (see `snippetFocus`), `texts` from `withSegmentTexts`.
    func snippet(at position: Int, in texts: [UnsafeBufferPointer<UInt8>]) -> String {
        guard position >= 0 else { return "" }
        let segment = segment(at: position)
        let bytes = texts[Int(segmentOfPosition[position])]
        let index = position - segment.firstPosition
        guard segment.field == .body else {
            return Self.clip(bytes, around: Int(segment.tokens[index].start))
        }
        let tokens = segment.tokens
        let (first, sentenceEnd) = Self.sentence(holding: index, in: segment)
        var start = Int(tokens[first].start)
        var end = sentenceEnd
        // A dump without full stops can make one "sentence" of a whole page: look near the match.
        let matchStart = Int(tokens[index].start)
        if end - start > 4 * Self.snippetLimit {
            var low = index
            while low > first, Int(tokens[low - 1].start) >= matchStart - Self.snippetLimit { low -= 1 }
            start = Int(tokens[low].start)
            end = min(end, matchStart + 3 * Self.snippetLimit)
        }
        end = Self.scalarBoundary(bytes, atOrBefore: end)
        return Self.clip(UnsafeBufferPointer(rebasing: bytes[start..<end]), around: matchStart - start)
    }

    /// `offset` moved back to the start of a UTF-8 sequence.
    private static func scalarBoundary(_ bytes: UnsafeBufferPointer<UInt8>, atOrBefore offset: Int) -> Int {
        var offset = min(offset, bytes.count)
        while offset > 0, offset < bytes.count, bytes[offset] & 0xC0 == 0x80 { offset -= 1 }
        return offset
    }

    /// `bytes` with runs of white space made one space and cut to the snippet limit around
    /// the UTF-8 offset `focus`, marking cuts with an ellipsis. Works in one buffer: a snippet
    /// is built for every match, and on a page that meets a hundred topics, per-byte appends,
    /// a list of scalar starts and string concatenation cost more than the matching.
    static func clip(_ bytes: UnsafeBufferPointer<UInt8>, around focus: Int) -> String {
        var newFocus = 0
        // Collapsed text, and the offset of each scalar's first byte in it.
        var starts: [Int32] = []
        let collapsed = [UInt8](unsafeUninitializedCapacity: bytes.count) { out, count in
            starts = [Int32](unsafeUninitializedCapacity: bytes.count) { starts, scalars in
                var written = 0
                var scalarCount = 0
                var pendingSpace = false
                var index = 0
                while index < bytes.count {
                    if index == focus { newFocus = written + (pendingSpace && written > 0 ? 1 : 0) }
                    let byte = bytes[index]
                    let isNoBreakSpace = byte == 0xC2 && index + 1 < bytes.count && bytes[index + 1] == 0xA0
                    if byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) || isNoBreakSpace {
                        pendingSpace = true
                        index += isNoBreakSpace ? 2 : 1
                        continue
                    }
                    if pendingSpace, written > 0 {
                        out[written] = 0x20
                        starts[scalarCount] = Int32(written)
                        written += 1
                        scalarCount += 1
                    }
                    pendingSpace = false
                    if byte & 0xC0 != 0x80 {
                        starts[scalarCount] = Int32(written)
                        scalarCount += 1
                    }
                    out[written] = byte
                    written += 1
                    index += 1
                }
                count = written
                scalars = scalarCount
            }
        }
        return collapsed.withUnsafeBufferPointer { window(of: $0, starts: starts, around: newFocus) }
    }

    /// At most `snippetLimit` scalars of `bytes` around `focus`, starting and ending on spaces.
    private static func window(of bytes: UnsafeBufferPointer<UInt8>, starts: [Int32], around focus: Int) -> String {
        // A scalar count bounds the character count from above.
        guard starts.count > snippetLimit else { return String(decoding: bytes, as: UTF8.self) }
        let budget = snippetLimit - 2
        var focusScalar = 0
        while focusScalar < starts.count, Int(starts[focusScalar]) < focus { focusScalar += 1 }
        if focusScalar == starts.count { focusScalar = 0 }
        var first = max(0, min(focusScalar - budget / 3, starts.count - budget))
        var last = min(starts.count, first + budget)
        if first > 0, let space = (first..<min(first + 20, last)).first(where: { bytes[Int(starts[$0])] == 0x20 }) {
            first = space + 1
        }
        if last < starts.count, let space = (max(first, last - 20)..<last).last(where: { bytes[Int(starts[$0])] == 0x20 }) {
            last = space
        }
        let begin = Int(starts[first])
        let end = last < starts.count ? Int(starts[last]) : bytes.count
        let ellipsis: [UInt8] = [0xE2, 0x80, 0xA6]
        let leading = first > 0 ? ellipsis.count : 0
        let trailing = last < starts.count ? ellipsis.count : 0
        return String(
            unsafeUninitializedCapacity: leading + end - begin + trailing,
            initializingUTF8With: { out in
                var written = 0
                if leading > 0 {
                    for byte in ellipsis {
                        out[written] = byte
                        written += 1
                    }
                }
                for index in begin..<end {
                    out[written] = bytes[index]
                    written += 1
                }
                if trailing > 0 {
                    for byte in ellipsis {
                        out[written] = byte
                        written += 1
                    }
                }
                return written
            })
    }
}
