import SystemPackage

#if canImport(Glibc)
    import Glibc
#endif

/// A process told apart from any later process that reuses its pid: the pid and the
/// kernel's start time of the process (clock ticks after boot, field 22 of
/// `/proc/PID/stat`).
public struct ProcessIdentity: Sendable, Equatable, Codable {
    public var pid: Int32
    /// Nil when `/proc` could not be read; then only the pid is compared.
    public var startTicks: UInt64?

    public init(pid: Int32, startTicks: UInt64?) {
        self.pid = pid
        self.startTicks = startTicks
    }

    /// This process.
    public static var current: ProcessIdentity {
        let pid = getpid()
        return ProcessIdentity(pid: pid, startTicks: startTicks(of: pid))
    }

    /// Whether this process still runs: the pid exists and, where `/proc` tells, started at
    /// the same tick (a pid reused after a crash is not the daemon).
    public var isRunning: Bool {
        do {
            try systemCall("kill", "probing pid \(pid)") { kill(pid, 0) }
        } catch {
            // EPERM: the process exists but belongs to another user.
            guard error.errno == .notPermitted else { return false }
        }
        guard let startTicks, let now = Self.startTicks(of: pid) else { return true }
        return now == startTicks
    }

    /// Field 22 of `/proc/PID/stat`, counted after the command name, which may itself hold
    /// spaces and parentheses (so the count starts after the last `)`).
    static func startTicks(of pid: Int32) -> UInt64? {
        guard let bytes = try? FileContents.read(FilePath("/proc/\(pid)/stat"), limit: 4096),
            let close = bytes.lastIndex(of: UInt8(ascii: ")"))
        else { return nil }
        let fields = bytes[(close + 1)...].split(separator: UInt8(ascii: " "))
        // After ")" come field 3 (state) onwards, so field 22 is the 20th.
        guard fields.count >= 20 else { return nil }
        return UInt64(String(decoding: fields[19], as: UTF8.self))
    }
}
