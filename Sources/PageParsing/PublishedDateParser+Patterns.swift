extension PublishedDateParser {
    /// A calendar date found at `range` of the tokens; the year may be missing ("May 29").
    struct DateMatch: Sendable {
        var year: Int?
        var month: Int
        var day: Int
        var range: Range<Int>
    }

    /// A clock time found at `range`, with the zone offset in minutes when one was written.
    struct TimeMatch: Sendable {
        var hour: Int
        var minute: Int
        var offset: Int?
        var range: Range<Int>
    }

    /// The date starting at token `start`, in any of the shapes the parser knows.
    static func date(in tokens: [DateToken], at start: Int) -> DateMatch? {
        numericDate(in: tokens, at: start) ?? monthFirstDate(in: tokens, at: start)
            ?? dayFirstDate(in: tokens, at: start)
    }

    /// `2016-08-23`, `2016/08/23`, `23.08.2016`, `08/23/2016`, `2016년 8월 23일`.
    static func numericDate(in tokens: [DateToken], at start: Int) -> DateMatch? {
        let first = tokens[start]
        guard first.kind == .number, start + 2 < tokens.count else { return nil }
        // East Asian: number + 년/年, number + 월/月, number + 일/日.
        if first.digits == 4, start + 5 < tokens.count, ["년", "年"].contains(tokens[start + 1].text),
            ["월", "月"].contains(tokens[start + 3].text), ["일", "日"].contains(tokens[start + 5].text)
        {
            return checked(
                year: first.value, month: tokens[start + 2].value, day: tokens[start + 4].value,
                range: start..<(start + 6))
        }
        guard start + 4 < tokens.count else { return nil }
        let separator = tokens[start + 1]
        let (second, separator2, third) = (tokens[start + 2], tokens[start + 3], tokens[start + 4])
        guard separator.kind == .symbol, ["-", ".", "/"].contains(separator.text),
            separator2.kind == .symbol, separator2.text == separator.text,
            second.kind == .number, third.kind == .number,
            !separator.spaced, !second.spaced, !separator2.spaced, !third.spaced
        else { return nil }
        let range = start..<(start + 5)
        if first.digits == 4 {
            return checked(year: first.value, month: second.value, day: third.value, range: range)
        }
        guard first.digits <= 2, second.digits <= 2, third.digits == 4 || third.digits == 2 else { return nil }
        let year = third.digits == 4 ? third.value : 2000 + third.value
        // Slashes are month-first in American pages unless the first number cannot be a month.
        if separator.text == "/" && first.value <= 12 {
            return checked(year: year, month: first.value, day: second.value, range: range)
        }
        return checked(year: year, month: second.value, day: first.value, range: range)
    }

    /// `August 23, 2016`, `Aug. 23rd 2016`, `May 29` (no year).
    static func monthFirstDate(in tokens: [DateToken], at start: Int) -> DateMatch? {
        guard tokens[start].kind == .word, let month = monthNumber(tokens[start].text) else { return nil }
        var index = skip(tokens, from: start + 1, symbols: dateMarks, words: [])
        guard index < tokens.count, tokens[index].kind == .number, tokens[index].digits <= 2 else { return nil }
        let day = tokens[index].value
        index += 1
        if index < tokens.count, tokens[index].isSymbol(":") { return nil }
        index = skip(tokens, from: index, symbols: dateMarks, words: datePartJoiners)
        if let year = year(in: tokens, at: index) {
            return checked(year: year, month: month, day: day, range: start..<(index + 1))
        }
        return checked(year: nil, month: month, day: day, range: start..<index)
    }

    /// `23 August 2016`, `23. August 2016`, `23 de agosto de 2016`, `23 августа 2016 г.`, `29 мая`.
    static func dayFirstDate(in tokens: [DateToken], at start: Int) -> DateMatch? {
        guard tokens[start].kind == .number, tokens[start].digits <= 2 else { return nil }
        let day = tokens[start].value
        var index = skip(tokens, from: start + 1, symbols: fullStop, words: datePartJoiners)
        guard index < tokens.count, tokens[index].kind == .word, let month = monthNumber(tokens[index].text) else {
            return nil
        }
        index = skip(tokens, from: index + 1, symbols: dateMarks, words: datePartJoiners)
        if let year = year(in: tokens, at: index) {
            return checked(year: year, month: month, day: day, range: start..<(index + 1))
        }
        return checked(year: nil, month: month, day: day, range: start..<index)
    }

    /// `13:10`, `11:04:00`, `1:04 p.m.`, `11h04`, each with an optional zone after it.
    static func time(in tokens: [DateToken], at start: Int) -> TimeMatch? {
        guard start + 2 < tokens.count, tokens[start].kind == .number, tokens[start].digits <= 2 else { return nil }
        let separator = tokens[start + 1]
        guard separator.isSymbol(":") || separator.isWord("h"), tokens[start + 2].kind == .number,
            tokens[start + 2].digits == 2, !tokens[start + 2].spaced
        else { return nil }
        var hour = tokens[start].value
        let minute = tokens[start + 2].value
        var index = start + 3
        // Seconds and fractions of a second are read past, not kept.
        if index + 1 < tokens.count, tokens[index].isSymbol(":"), tokens[index + 1].kind == .number {
            index += 2
            if index + 1 < tokens.count, tokens[index].isSymbol("."), tokens[index + 1].kind == .number,
                !tokens[index + 1].spaced
            {
                index += 2
            }
        }
        if let (meridiem, next) = meridiem(in: tokens, at: index) {
            guard hour >= 1 && hour <= 12 else { return nil }
            hour = hour % 12 + (meridiem ? 12 : 0)
            index = next
        }
        guard hour < 24, minute < 60 else { return nil }
        let zone = zone(in: tokens, at: index)
        return TimeMatch(hour: hour, minute: minute, offset: zone?.offset, range: start..<(zone?.end ?? index))
    }

    /// `am`/`pm`/`a.m.`/`p.m.` at `index`: true for afternoon, and the index after it.
    static func meridiem(in tokens: [DateToken], at index: Int) -> (Bool, Int)? {
        guard index < tokens.count, tokens[index].kind == .word else { return nil }
        switch tokens[index].text {
        case "am": return (false, index + 1)
        case "pm": return (true, index + 1)
        case "a", "p":
            guard index + 2 < tokens.count, tokens[index + 1].isSymbol("."), tokens[index + 2].isWord("m") else {
                return nil
            }
            let end = index + 3 < tokens.count && tokens[index + 3].isSymbol(".") ? index + 4 : index + 3
            return (tokens[index].text == "p", end)
        default: return nil
        }
    }

    /// A four-digit year at `index` that is not the start of a clock time.
    static func year(in tokens: [DateToken], at index: Int) -> Int? {
        guard index < tokens.count, tokens[index].kind == .number, tokens[index].digits == 4 else { return nil }
        if index + 1 < tokens.count, tokens[index + 1].isSymbol(":") { return nil }
        let value = tokens[index].value
        return value >= 1900 && value <= 2100 ? value : nil
    }

    /// The first index from `index` on that is not one of the given marks or words.
    static func skip(_ tokens: [DateToken], from index: Int, symbols: Set<String>, words: Set<String>) -> Int {
        var index = index
        while index < tokens.count {
            let token = tokens[index]
            guard
                (token.kind == .symbol && symbols.contains(token.text))
                    || (token.kind == .word && words.contains(token.text))
            else { break }
            index += 1
        }
        return index
    }

    static func checked(year: Int?, month: Int, day: Int, range: Range<Int>) -> DateMatch? {
        guard month >= 1 && month <= 12, day >= 1 else { return nil }
        if let year, year < 1900 || year > 2100 { return nil }
        let lengths = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        guard day <= lengths[month - 1] else { return nil }
        if month == 2, day == 29, let year, !(year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) { return nil }
        return DateMatch(year: year, month: month, day: day, range: range)
    }
}
