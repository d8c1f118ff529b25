/// Finds a publication date in a short text (a byline, a meta value, a header line) and
/// writes it as ISO 8601: `2016-08-23`, `2016-08-23T11:04` or `2018-05-29T13:10+03:00`.
///
/// It reads numeric dates (`2016-08-23T11:04`, `23.08.2016`), month names in English,
/// Russian, German, French, Spanish, Italian, Portuguese and a few more, RFC 2822 dates,
/// and a clock time with its zone before or after the date. Seconds are dropped: a
/// story's time is cited to the minute.
public struct PublishedDateParser: Sendable {
    public init() {}

    /// The first full date in `text`, with its time when one is written beside it.
    public func parse(_ text: String) -> String? {
        parse(text, yearHint: nil)
    }

    /// Like `parse(_:)`, but a date written without its year ("May 29, 13:10 UTC+3") takes
    /// `yearHint`, the year of another date on the same page.
    public func parse(_ text: String, yearHint: Int?) -> String? {
        let tokens = Self.dateTokens(of: text)
        guard tokens.contains(where: { $0.kind == .number }) else { return nil }
        var dates: [DateMatch] = []
        var times: [TimeMatch] = []
        var index = 0
        while index < tokens.count {
            if let time = Self.time(in: tokens, at: index) {
                times.append(time)
                index = time.range.upperBound
            } else if let date = Self.date(in: tokens, at: index) {
                dates.append(date)
                index = max(date.range.upperBound, index + 1)
            } else {
                index += 1
            }
        }
        guard var chosen = dates.first(where: { $0.year != nil }) ?? dates.first else { return nil }
        var time = Self.time(besides: chosen, among: times, in: tokens)
        if time == nil {
            // "date 2018-05-29 … May 29, 13:10": the same day written again with its time.
            for other in dates where other.month == chosen.month && other.day == chosen.day {
                guard other.year == nil || other.year == chosen.year else { continue }
                if let found = Self.time(besides: other, among: times, in: tokens) {
                    time = found
                    break
                }
            }
        }
        if chosen.year == nil {
            guard let yearHint else { return nil }
            chosen.year = yearHint
        }
        return Self.iso(chosen, time)
    }

    /// The year of the first full date in `text`, for dating year-less dates on the same page.
    public func year(in text: String) -> Int? {
        let tokens = Self.dateTokens(of: text)
        for index in tokens.indices {
            if let date = Self.date(in: tokens, at: index), let year = date.year { return year }
        }
        return nil
    }

    /// The clock time written right after `date` or right before it, if any.
    static func time(besides date: DateMatch, among times: [TimeMatch], in tokens: [DateToken]) -> TimeMatch? {
        let after = skip(tokens, from: date.range.upperBound, symbols: dateTimeSeparators, words: dateTimeJoiners)
        if let time = times.first(where: { $0.range.lowerBound == after }) { return time }
        for time in times where time.range.upperBound <= date.range.lowerBound {
            let next = skip(tokens, from: time.range.upperBound, symbols: dateTimeSeparators, words: dateTimeJoiners)
            if next == date.range.lowerBound { return time }
        }
        return nil
    }

    /// The zone written at `index` (`UTC+3`, `GMT`, `+03:00`, `+0300`, `Z`, `EDT`) as minutes
    /// east of UTC, and the index after it.
    static func zone(in tokens: [DateToken], at start: Int) -> (offset: Int, end: Int)? {
        var index = start
        if index < tokens.count, tokens[index].isSymbol("(") { index += 1 }
        guard index < tokens.count else { return nil }
        var base: Int?
        if tokens[index].kind == .word, let named = zoneOffsets[tokens[index].text] {
            base = named
            index += 1
        }
        if index + 1 < tokens.count, tokens[index].kind == .symbol, ["+", "-", "−"].contains(tokens[index].text),
            tokens[index + 1].kind == .number, !tokens[index + 1].spaced, base == nil || base == 0
        {
            let sign = tokens[index].text == "+" ? 1 : -1
            let number = tokens[index + 1]
            var minutes: Int?
            var end = index + 2
            if number.digits == 4 {
                minutes = number.value / 100 * 60 + number.value % 100
            } else if number.digits <= 2, end + 1 < tokens.count, tokens[end].isSymbol(":"),
                tokens[end + 1].digits == 2
            {
                minutes = number.value * 60 + tokens[end + 1].value
                end += 2
            } else if number.digits <= 2, base != nil {
                minutes = number.value * 60
            }
            if let minutes, minutes <= 14 * 60 {
                return (sign * minutes, closing(tokens, end))
            }
        }
        guard let base else { return nil }
        return (base, closing(tokens, index))
    }

    private static func closing(_ tokens: [DateToken], _ index: Int) -> Int {
        index < tokens.count && tokens[index].isSymbol(")") ? index + 1 : index
    }

    static func iso(_ date: DateMatch, _ time: TimeMatch?) -> String {
        // Written as bytes: the parser answers for every date line of a page, and string
        // interpolation costs more than the parse.
        var text: [UInt8] = []
        text.reserveCapacity(22)
        appendDigits(date.year ?? 0, 4, to: &text)
        text.append(0x2D)
        appendDigits(date.month, 2, to: &text)
        text.append(0x2D)
        appendDigits(date.day, 2, to: &text)
        if let time {
            text.append(0x54)
            appendDigits(time.hour, 2, to: &text)
            text.append(0x3A)
            appendDigits(time.minute, 2, to: &text)
            if let offset = time.offset {
                let magnitude = abs(offset)
                text.append(offset < 0 ? 0x2D : 0x2B)
                appendDigits(magnitude / 60, 2, to: &text)
                text.append(0x3A)
                appendDigits(magnitude % 60, 2, to: &text)
            }
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// Appends `value` in decimal, padded with zeros in front to `width` characters.
    private static func appendDigits(_ value: Int, _ width: Int, to text: inout [UInt8]) {
        guard value >= 0 else {
            let digits = Array(String(value).utf8)
            text += repeatElement(0x30, count: max(0, width - digits.count))
            text += digits
            return
        }
        var divisor = 1
        var count = 1
        while value / divisor >= 10 {
            divisor *= 10
            count += 1
        }
        text += repeatElement(0x30, count: max(0, width - count))
        while divisor > 0 {
            text.append(UInt8(0x30 + value / divisor % 10))
            divisor /= 10
        }
    }
}
