/// A syslog/journald priority, named as `journalctl -p` names them.
public enum JournalPriority: Int, Sendable, CaseIterable, Comparable {
    case emerg = 0
    case alert = 1
    case crit = 2
    case err = 3
    case warning = 4
    case notice = 5
    case info = 6
    case debug = 7

    /// Accepts the names journalctl accepts (`warning`, `err`, …, plus `error`, `warn`,
    /// `critical`, `emergency`) or the digits 0–7.
    public init?(name: String) {
        let lowered = name.lowercased()
        if let digit = Int(lowered), let priority = JournalPriority(rawValue: digit) {
            self = priority
            return
        }
        switch lowered {
        case "emerg", "emergency", "panic": self = .emerg
        case "alert": self = .alert
        case "crit", "critical": self = .crit
        case "err", "error": self = .err
        case "warning", "warn": self = .warning
        case "notice": self = .notice
        case "info": self = .info
        case "debug": self = .debug
        default: return nil
        }
    }

    public var name: String { String(describing: self) }

    public static func < (lhs: JournalPriority, rhs: JournalPriority) -> Bool { lhs.rawValue < rhs.rawValue }
}
