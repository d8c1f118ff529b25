extension TextDumpExtractor {
    /// Words joining the two numbers of a slide counter: "3 of 12", "3 из 12", "3 von 12".
    static let counterJoiners: [[UInt8]] = ["of", "/", "из", "de", "von", "sur", "di", "van", "z"].map { Array($0.utf8) }

    /// The longest slide counter, in bytes.
    static let longestCounter = 32

    /// Whether `line` is a gallery's slide counter: two numbers joined by "of" or a slash,
    /// after at most one word ("Image 3 of 12", "3/12", "(3 / 12)", "Фото 3 из 12").
    static func isGalleryCounter(_ line: DumpLine, in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let text = UnsafeBufferPointer(rebasing: bytes[line.start..<line.end])
        // Short, with a digit: most lines are passed over before any splitting.
        guard text.count <= longestCounter, text.contains(where: { $0 >= 0x30 && $0 <= 0x39 }) else { return false }
        var words = text.split(separator: 0x20, omittingEmptySubsequences: true)
            .map { Array($0) }
        guard !words.isEmpty, words.count <= 4 else { return false }
        // "3/12" and "(3/12)" are one word: split them at the slash.
        if words.count <= 2, let last = words.last, let slash = last.firstIndex(of: 0x2F), slash > 0,
            slash < last.count - 1
        {
            words.removeLast()
            words += [Array(last[..<slash]), [0x2F], Array(last[(slash + 1)...])]
        }
        let numbers = words.suffix(3)
        guard numbers.count == 3 else { return false }
        let first = trimmingBrackets(numbers[numbers.startIndex])
        let joiner = numbers[numbers.startIndex + 1]
        let second = trimmingBrackets(numbers[numbers.startIndex + 2])
        guard let from = number(first), let to = number(second), from >= 1, from <= to,
            counterJoiners.contains(joiner.map { $0 | ($0 < 0x80 ? 0x20 : 0) })
        else { return false }
        // At most one word before the numbers, and no digits in it.
        return words.count == 3 || (words.count == 4 && !words[0].contains(where: { $0 >= 0x30 && $0 <= 0x39 }))
    }

    private static func trimmingBrackets(_ word: [UInt8]) -> ArraySlice<UInt8> {
        var slice = word[...]
        while let first = slice.first, first == 0x28 || first == 0x5B { slice = slice.dropFirst() }
        while let last = slice.last, last == 0x29 || last == 0x5D { slice = slice.dropLast() }
        return slice
    }

    /// The value of one to three ASCII digits.
    private static func number(_ digits: ArraySlice<UInt8>) -> Int? {
        guard (1...3).contains(digits.count), digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        return digits.reduce(0) { $0 * 10 + Int($1 - 0x30) }
    }
}
