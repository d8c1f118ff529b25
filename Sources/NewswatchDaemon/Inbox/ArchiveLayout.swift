import SystemPackage

#if canImport(Glibc)
    import Glibc
#endif

/// `[archive] layout`: the dated folders of `processed/` and `failed/`, such as
/// `%Y/%m/%d` (the default) or `%Y-%m`; `""` keeps both flat.
///
/// Only whole-number conversions are allowed, so a layout always makes the same folders for
/// the same day whatever the locale, and never a name with a space or a `/` of its own.
public struct ArchiveLayout: Sendable, Equatable {
    public let text: String
    private let pieces: [Piece]

    private enum Piece: Equatable {
        case literal(String)
        case year, shortYear, month, day, hour, dayOfYear, isoWeek, isoYear
    }

    /// The conversions a layout may use, with what each gives.
    private static let conversions: [(Character, Piece, String)] = [
        ("Y", .year, "year"), ("y", .shortYear, "year without century"), ("m", .month, "month"),
        ("d", .day, "day"), ("H", .hour, "hour"), ("j", .dayOfYear, "day of the year"),
        ("V", .isoWeek, "ISO week"), ("G", .isoYear, "ISO week's year"),
    ]

    public static let standard = try! ArchiveLayout("%Y/%m/%d")
    public static let flat = try! ArchiveLayout("")

    /// - Throws: a message naming what is wrong (an unknown conversion, an absolute path, `..`).
    public init(_ text: String) throws(ArchiveLayoutError) {
        self.text = text
        var pieces: [Piece] = []
        var literal = ""
        var characters = text.makeIterator()
        while let character = characters.next() {
            guard character == "%" else {
                literal.append(character)
                continue
            }
            guard let code = characters.next() else { throw ArchiveLayoutError(message: "ends in a lone %") }
            if code == "%" {
                literal.append("%")
                continue
            }
            guard let piece = Self.conversions.first(where: { $0.0 == code })?.1 else {
                let known = Self.conversions.map { "%\($0.0) (\($0.2))" }.joined(separator: ", ")
                throw ArchiveLayoutError(message: "%\(code) is not a conversion newswatch knows; use \(known)")
            }
            if !literal.isEmpty { pieces.append(.literal(literal)) }
            literal = ""
            pieces.append(piece)
        }
        if !literal.isEmpty { pieces.append(.literal(literal)) }
        if text.hasPrefix("/") { throw ArchiveLayoutError(message: "must be relative (folders inside processed/ and failed/)") }
        if text.split(separator: "/", omittingEmptySubsequences: false).contains(where: { $0 == ".." || $0 == "." }) {
            throw ArchiveLayoutError(message: "must not hold . or .. folders")
        }
        if text.contains("\0") { throw ArchiveLayoutError(message: "must not hold a NUL character") }
        self.pieces = pieces
    }

    public static func == (lhs: ArchiveLayout, rhs: ArchiveLayout) -> Bool { lhs.text == rhs.text }

    public var isFlat: Bool { pieces.isEmpty }

    /// How many folder levels the layout adds (0 when flat): `newswatch retry` strips them to
    /// find where in the inbox a file came from.
    public var depth: Int {
        isFlat ? 0 : FilePath(folder(for: 0)).components.count
    }

    /// The folder, relative to `processed/` or `failed/`, for `time` (seconds since the epoch)
    /// in local time.
    public func folder(for time: Int64) -> String {
        guard !isFlat else { return "" }
        var seconds = time_t(time)
        var parts = tm()
        localtime_r(&seconds, &parts)
        var text = ""
        for piece in pieces {
            switch piece {
            case .literal(let literal): text += literal
            case .year: text += Self.padded(Int(parts.tm_year) + 1900, 4)
            case .shortYear: text += Self.padded((Int(parts.tm_year) + 1900) % 100, 2)
            case .month: text += Self.padded(Int(parts.tm_mon) + 1, 2)
            case .day: text += Self.padded(Int(parts.tm_mday), 2)
            case .hour: text += Self.padded(Int(parts.tm_hour), 2)
            case .dayOfYear: text += Self.padded(Int(parts.tm_yday) + 1, 3)
            case .isoWeek: text += Self.padded(Self.isoWeek(parts).week, 2)
            case .isoYear: text += Self.padded(Self.isoWeek(parts).year, 4)
            }
        }
        return text
    }

    private static func padded(_ number: Int, _ width: Int) -> String {
        let digits = String(number)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    /// ISO 8601 week and its year: weeks start on Monday; week 1 holds the year's first Thursday.
    private static func isoWeek(_ parts: tm) -> (week: Int, year: Int) {
        let year = Int(parts.tm_year) + 1900
        let weekday = (Int(parts.tm_wday) + 6) % 7  // Monday 0 … Sunday 6
        let yearDay = Int(parts.tm_yday)
        let week = (yearDay - weekday + 10) / 7
        func weeks(in year: Int) -> Int {
            func p(_ y: Int) -> Int { (y + y / 4 - y / 100 + y / 400) % 7 }
            return p(year) == 4 || p(year - 1) == 3 ? 53 : 52
        }
        if week < 1 { return (weeks(in: year - 1), year - 1) }
        if week > weeks(in: year) { return (1, year + 1) }
        return (week, year)
    }
}

/// Why an `[archive] layout` cannot be used.
public struct ArchiveLayoutError: Error, Sendable {
    public var message: String
}
