/// Parses the durations people write in the config: `30d`, `12h`, `90m`, `45s`, `2w`, or
/// plain seconds.
enum DurationText {
    static func seconds(_ text: String) -> Int64? {
        let trimmed = text.trimmingCharacters()
        guard let last = trimmed.last else { return nil }
        let units: [Character: Int64] = ["s": 1, "m": 60, "h": 3_600, "d": 86_400, "w": 604_800]
        if let unit = units[last], let count = Int64(trimmed.dropLast().trimmingCharacters()), count >= 0 {
            return count * unit
        }
        if let count = Int64(trimmed), count >= 0 { return count }
        return nil
    }

    /// Byte sizes: `16MiB`, `512KiB`, `1GiB`, `16M`, or plain bytes.
    static func bytes(_ text: String) -> Int? {
        let trimmed = text.trimmingCharacters().lowercased()
        let units: [(String, Int)] = [
            ("gib", 1 << 30), ("mib", 1 << 20), ("kib", 1 << 10), ("gb", 1 << 30), ("mb", 1 << 20), ("kb", 1 << 10),
            ("g", 1 << 30), ("m", 1 << 20), ("k", 1 << 10), ("b", 1),
        ]
        for (suffix, unit) in units where trimmed.hasSuffix(suffix) {
            guard let count = Int(trimmed.dropLast(suffix.count).trimmingCharacters()), count > 0 else { return nil }
            return count * unit
        }
        return Int(trimmed).flatMap { $0 > 0 ? $0 : nil }
    }
}
