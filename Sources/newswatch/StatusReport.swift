import Foundation
import NewswatchDaemon

/// `newswatch status` for a person at a terminal: a few aligned lines.
struct StatusReport {
    let status: DaemonStatus
    let now: Int64

    var text: String {
        let counts = status.counts
        var lines = [
            "newswatch is running: pid \(status.pid), since \(Self.time(status.startedAt)) (up \(Self.span(now - status.startedAt)))"
                + (status.ready ? "" : ", starting"),
            "  config:      \(status.config)",
            "  inbox:       \(status.inbox), backlog \(status.backlog)",
            "  files:       \(counts.processed) processed",
            "  pages:       new \(counts.new), duplicates \(counts.duplicates), updates \(counts.updates), failed \(counts.failed)",
            "  alerts:      \(counts.alerts) (held back \(counts.heldBack), muted \(counts.muted))",
            "  last page:   " + (status.lastPage.map { "\($0.file): \($0.outcome)\(Self.quoted($0.title)), \(ago($0.at))" } ?? "none yet"),
            "  last alert:  " + (status.lastAlert.map { "\($0.topic)\(Self.quoted($0.title)) in \($0.file), \(ago($0.at))" } ?? "none yet"),
            "  last error:  " + (status.lastError.map { "\($0.message), \(ago($0.at))" } ?? "none"),
        ]
        if !status.mutedTopics.isEmpty {
            let muted = status.mutedTopics.map { mute in
                mute.topic + (mute.until.map { " until \(Self.time($0))" } ?? " until unmuted")
            }
            lines.append("  muted:       " + muted.joined(separator: ", "))
        }
        for wait in status.waiting {
            lines.append("  waiting:     \(wait)")
        }
        let age = now - status.updatedAt
        if age > 3 * DaemonStatus.refreshInterval {
            lines.append("  warning:     the status was last written \(Self.span(age)) ago; the daemon may be hung")
        }
        return lines.joined(separator: "\n")
    }

    private func ago(_ time: Int64) -> String {
        "\(Self.time(time)) (\(Self.span(max(0, now - time))) ago)"
    }

    private static func quoted(_ title: String) -> String {
        title.isEmpty ? "" : " \"\(title)\""
    }

    /// `2026-12-02 00:31:05 UTC`.
    static func time(_ seconds: Int64) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents(
            [.year, .month, .day, .hour, .minute, .second], from: Date(timeIntervalSince1970: TimeInterval(seconds)))
        func two(_ value: Int?) -> String { String(format: "%02d", value ?? 0) }
        return "\(parts.year ?? 0)-\(two(parts.month))-\(two(parts.day)) \(two(parts.hour)):\(two(parts.minute)):\(two(parts.second)) UTC"
    }

    /// `42 s`, `5 min`, `3 h 12 min`, `2 d 4 h`.
    static func span(_ seconds: Int64) -> String {
        switch seconds {
        case ..<60: return "\(seconds) s"
        case ..<3600: return "\(seconds / 60) min"
        case ..<86_400: return "\(seconds / 3600) h \(seconds % 3600 / 60) min"
        default: return "\(seconds / 86_400) d \(seconds % 86_400 / 3600) h"
        }
    }
}
