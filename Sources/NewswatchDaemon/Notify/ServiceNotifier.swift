import CSystemd

/// Tells systemd about the daemon's state over `NOTIFY_SOCKET` (`Type=notify`).
///
/// The corresponding C functions are `sd_notify` and `sd_watchdog_enabled`; without
/// `NOTIFY_SOCKET` (run by hand) every call does nothing. Tests give it a function that
/// records the messages instead.
public struct ServiceNotifier: Sendable {
    private let send: @Sendable (String) -> Void
    /// Half of `WATCHDOG_USEC` when systemd expects pings, else nil.
    public let watchdogInterval: Duration?

    /// Notifies systemd, with the watchdog interval systemd asked for.
    public init() {
        var microseconds: UInt64 = 0
        let enabled = try? systemCall(negativeErrno: "sd_watchdog_enabled", "reading WATCHDOG_USEC") {
            sd_watchdog_enabled(0, &microseconds)
        }
        watchdogInterval = (enabled ?? 0) > 0 && microseconds > 0 ? .microseconds(Int64(microseconds / 2)) : nil
        send = { state in
            // Nothing to do when it fails: no socket means no systemd is listening.
            _ = try? systemCall(negativeErrno: "sd_notify", "notifying systemd") { sd_notify(0, state) }
        }
    }

    init(watchdogInterval: Duration?, send: @escaping @Sendable (String) -> Void) {
        self.watchdogInterval = watchdogInterval
        self.send = send
    }

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
}
