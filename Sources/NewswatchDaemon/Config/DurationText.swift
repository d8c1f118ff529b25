/// Reads and writes the durations and sizes people write in the config: `30d`, `12h`,
/// `90m`, `45s`, `2w` (or `30 days`), and `16MiB`, `512KiB`, `1GiB`, `100B`.
///
/// A number needs its unit: a bare `30` could mean seconds, minutes or days, and a bare
/// size could be bytes or megabytes, so neither is guessed.
public enum DurationText {
    private static let durationUnits: [(names: [String], seconds: Int64)] = [
        (["w", "week", "weeks"], 604_800), (["d", "day", "days"], 86_400),
        (["h", "hr", "hour", "hours"], 3_600), (["m", "min", "minute", "minutes"], 60),
        (["s", "sec", "second", "seconds"], 1),
    ]

    private static let sizeUnits: [(names: [String], bytes: Int)] = [
        (["gib", "gb", "g"], 1 << 30), (["mib", "mb", "m"], 1 << 20), (["kib", "kb", "k"], 1 << 10),
        (["b", "byte", "bytes"], 1),
    ]

    /// Seconds, or nil when the text is not a whole number followed by a unit.
    public static func seconds(_ text: String) -> Int64? {
        guard let (count, unit) = split(text), count >= 0,
            let seconds = durationUnits.first(where: { $0.names.contains(unit) })?.seconds
        else { return nil }
        let (product, overflow) = count.multipliedReportingOverflow(by: seconds)
        return overflow ? nil : product
    }

    /// Bytes, or nil when the text is not a whole number above 0 followed by a unit.
    static func bytes(_ text: String) -> Int? {
        guard let (count, unit) = split(text), count > 0, count <= Int64(Int.max),
            let bytes = sizeUnits.first(where: { $0.names.contains(unit) })?.bytes
        else { return nil }
        let (product, overflow) = Int(count).multipliedReportingOverflow(by: bytes)
        return overflow ? nil : product
    }

    /// The shortest exact spelling: `30d`, `90m`, `45s`.
    public static func text(seconds: Int64) -> String {
        for (names, size) in durationUnits where seconds != 0 && seconds % size == 0 {
            return "\(seconds / size)\(names[0])"
        }
        return "\(seconds)s"
    }

    /// The shortest exact spelling: `16MiB`, `512KiB`, `100B`.
    static func text(bytes: Int) -> String {
        for (names, size) in sizeUnits where size > 1 && bytes % size == 0 {
            return "\(bytes / size)\(names[0] == "gib" ? "GiB" : names[0] == "mib" ? "MiB" : "KiB")"
        }
        return "\(bytes)B"
    }

    /// `"30 d"` → (30, "d"); nil without digits or without a unit.
    private static func split(_ text: String) -> (Int64, String)? {
        let trimmed = text.trimmingCharacters().lowercased()
        let digits = trimmed.prefix { $0.isASCII && $0.isNumber }
        let unit = trimmed.dropFirst(digits.count).trimmingCharacters()
        guard !digits.isEmpty, !unit.isEmpty, let count = Int64(digits) else { return nil }
        return (count, unit)
    }
}
