import CSystemd

/// Tells systemd about the daemon's state over `NOTIFY_SOCKET` (`Type=notify`).
///
/// The corresponding C functions are `sd_notify` and `sd_watchdog_enabled`; without
/// `NOTIFY_SOCKET` (run by hand) every call does nothing.
public struct ServiceNotifier: Sendable {
    public init() {}

    /// `READY=1`: the inbox watch is set and pages are being taken.
    public func ready(status: String) {
        send("READY=1\nSTATUS=\(status)")
    }

    /// `STATUS=…`: the one-line state shown by `systemctl status`.
    public func status(_ status: String) {
        send("STATUS=\(status)")
    }

    /// `RELOADING=1` while the config is read again after SIGHUP.
    public func reloading() {
        send("RELOADING=1")
    }

    public func watchdog() {
        send("WATCHDOG=1")
    }

    /// `STOPPING=1`: shutdown has begun.
    public func stopping() {
        send("STOPPING=1")
    }

    /// Half of `WATCHDOG_USEC` when systemd expects pings, else nil.
    public var watchdogInterval: Duration? {
        var microseconds: UInt64 = 0
        guard sd_watchdog_enabled(0, &microseconds) > 0, microseconds > 0 else { return nil }
        return .microseconds(Int64(microseconds / 2))
    }

    private func send(_ state: String) {
        _ = sd_notify(0, state)
    }
}
