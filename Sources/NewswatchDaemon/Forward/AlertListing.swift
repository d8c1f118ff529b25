public import Foundation
public import SystemPackage

#if canImport(Glibc)
    import Glibc
#endif

/// `newswatch alerts`: reads alerts and held-back summaries back from the journal (through
/// sd-journal, like the forwarder) and prints them as a table or as JSON lines.
public struct AlertListing {
    public enum Style: Sendable {
        case table
        case jsonLines
    }

    public var since: UInt64?
    public var filter: AlertFilter
    public var style: Style
    public var journalDirectory: FilePath?

    public init(since: UInt64?, filter: AlertFilter, style: Style, journalDirectory: FilePath? = nil) {
        self.since = since
        self.filter = filter
        self.style = style
        self.journalDirectory = journalDirectory
    }

    /// Prints the matching alerts; with `follow`, keeps waiting for new ones until killed.
    /// Returns how many were printed.
    @discardableResult
    public func run(follow: Bool, print: (String) -> Void) throws(SystemCallError) -> Int {
        let feed = try AlertFeed(directory: journalDirectory)
        if let since {
            try feed.seek(realtimeMicroseconds: since)
        } else {
            try feed.seekHead()
        }
        if style == .table { print(Self.header) }
        var printed = 0
        while true {
            while let alert = try feed.next(accepted: filter) {
                if let since, alert.realtimeMicroseconds < since { continue }
                print(line(for: alert))
                printed += 1
            }
            guard follow else { return printed }
            _ = try feed.wait(timeout: nil)
        }
    }

    public func line(for alert: JournalAlert) -> String {
        switch style {
        case .jsonLines:
            return String(decoding: WebhookPayload.generic(alert).bytes, as: UTF8.self)
        case .table:
            let title = alert.kind == .alert ? (alert.fields["NEWSWATCH_TITLE"] ?? alert.message) : alert.message
            return [
                Self.localTime(alert.realtimeMicroseconds), Self.cell(alert.priority.name, 7), Self.cell(alert.topic, 20),
                Self.cell(title, 60), Self.cell(alert.fields["NEWSWATCH_SOURCE"] ?? "", 12),
                alert.fields["NEWSWATCH_STORY"] ?? "",
            ].joined(separator: "  ")
        }
    }

    static let header = [
        cell("TIME", 19), cell("PRIORITY", 7), cell("TOPIC", 20), cell("TITLE", 60), cell("SOURCE", 12), "STORY",
    ].joined(separator: "  ")

    /// Pads or cuts (with …) to `width` characters; newlines become spaces.
    static func cell(_ text: String, _ width: Int) -> String {
        let flat = String(text.map { $0.isNewline || $0 == "\t" ? " " : $0 })
        if flat.count > width { return flat.prefix(width - 1) + "…" }
        return flat + String(repeating: " ", count: width - flat.count)
    }

    static func localTime(_ microseconds: UInt64) -> String {
        var time = time_t(microseconds / 1_000_000)
        var parts = tm()
        localtime_r(&time, &parts)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return
            "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday)) \(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))"
    }

    /// `--since`: a duration back from now (`90s`, `30m`, `1h`, `2d`, `1w`) or a local date or
    /// time (`2026-11-30`, `2026-11-30 14:00`, `2026-11-30T14:00:05`). Microseconds since the epoch.
    public static func since(_ text: String, now: Date = Date()) -> UInt64? {
        if let seconds = DurationText.seconds(text), text.last?.isLetter == true {
            let start = now.timeIntervalSince1970 - Double(seconds)
            return UInt64(max(0, start) * 1_000_000)
        }
        // YYYY-MM-DD, then optionally HH:MM and :SS after a space or a T.
        let parts = text.split(whereSeparator: { $0 == " " || $0 == "T" })
        let date = parts.first?.split(separator: "-").compactMap { Int32($0) } ?? []
        let clock = parts.count > 1 ? parts[1].split(separator: ":").compactMap { Int32($0) } : []
        guard parts.count <= 2, date.count == 3, parts.count == 1 || (2...3).contains(clock.count),
            (1...12).contains(date[1]), (1...31).contains(date[2])
        else { return nil }
        var time = tm()
        time.tm_year = date[0] - 1900
        time.tm_mon = date[1] - 1
        time.tm_mday = date[2]
        time.tm_hour = clock.first ?? 0
        time.tm_min = clock.count > 1 ? clock[1] : 0
        time.tm_sec = clock.count > 2 ? clock[2] : 0
        time.tm_isdst = -1
        let seconds = mktime(&time)
        guard seconds >= 0 else { return nil }
        return UInt64(seconds) * 1_000_000
    }
}
