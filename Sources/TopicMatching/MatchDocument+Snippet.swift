import NewswatchCore

extension MatchDocument {
    static let snippetLimit = 300

    /// The words at `positions` as written, each once, in page order.
    func writtenWords(at positions: [Int]) -> [String] {
        var seen = Set<String>()
        var result: [String] = []
        for position in positions.sorted() {
            let word = segment(at: position).written(token(at: position))
            if seen.insert(word).inserted { result.append(word) }
        }
        return result
    }

    /// The body sentence with the earliest body match; else the segment of the first match;
    /// else (a match by absence) the title or the first body sentence.
    func snippet(for positions: [Int]) -> String {
        let inBody = positions.filter { field(at: $0) == .body }
        let position = inBody.min() ?? positions.min() ?? (segments.first?.firstPosition ?? -1)
        guard position >= 0 else { return "" }
        let segment = segment(at: position)
        let index = position - segment.firstPosition
        guard segment.field == .body else { return Self.clip(segment.text, around: 0) }
        let tokens = segment.tokens
        let sentence = tokens[index].sentence
        var first = index
        while first > 0, tokens[first - 1].sentence == sentence { first -= 1 }
        var last = index
        while last + 1 < tokens.count, tokens[last + 1].sentence == sentence { last += 1 }
        let utf8 = Array(segment.text.utf8)
        let end = last + 1 < tokens.count ? Int(tokens[last + 1].start) : utf8.count
        let text = String(decoding: utf8[Int(tokens[first].start)..<end], as: UTF8.self)
        let matchOffset = String(decoding: utf8[Int(tokens[first].start)..<Int(tokens[index].start)], as: UTF8.self)
            .count
        return Self.clip(text, around: matchOffset)
    }

    /// `text` with runs of white space made one space and cut to the snippet limit around
    /// the character offset `focus`, marking cuts with an ellipsis.
    static func clip(_ text: String, around focus: Int) -> String {
        let words = text.split(whereSeparator: \.isWhitespace)
        var collapsed = words.joined(separator: " ")
        // Keep a quote or bracket that opened the sentence but drop stray trailing ones.
        while let last = collapsed.last, !last.isLetter, !last.isNumber, !".!?…\"”»)".contains(last) {
            collapsed.removeLast()
        }
        guard collapsed.count > snippetLimit else { return collapsed }
        let characters = Array(collapsed)
        let budget = snippetLimit - 2
        var start = max(0, min(focus - budget / 3, characters.count - budget))
        // Start on a word boundary rather than mid-word.
        var nudge = 0
        while start > 0, nudge < 20, start < characters.count, !characters[start - 1].isWhitespace {
            start += 1
            nudge += 1
        }
        let end = min(characters.count, start + budget)
        var clipped = String(characters[start..<end])
        if start > 0 { clipped = "…" + clipped }
        if end < characters.count { clipped += "…" }
        return clipped
    }
}
