public import ServiceLifecycle
import Synchronization

/// Keeps systemd informed: `STATUS=` with live counts every few seconds and `WATCHDOG=1` at
/// half of `WATCHDOG_USEC` when the unit sets `WatchdogSec=`.
///
/// The watchdog ping is sent only while the processor's loop is alive, so a wedged daemon
/// is restarted by systemd.
public struct HeartbeatService<C: Clock>: Service where C.Duration == Duration {
    let processor: InboxProcessor
    let notifier: ServiceNotifier
    let clock: C
    let statusInterval: Duration

    init(processor: InboxProcessor, notifier: ServiceNotifier, clock: C, statusInterval: Duration = .seconds(2)) {
        self.processor = processor
        self.notifier = notifier
        self.clock = clock
        self.statusInterval = statusInterval
    }

    public func run() async throws {
        let watchdog = notifier.watchdogInterval
        let tick = min(statusInterval, watchdog ?? statusInterval)
        var lastStatus = ""
        await repeatUntilShutdown(every: tick, clock: clock) {
            guard processor.isReady.load(ordering: .acquiring) else { return }
            let status = processor.counters.status
            if status != lastStatus {
                notifier.status(status)
                lastStatus = status
            }
            if watchdog != nil { notifier.watchdog() }
            if processor.hasOpenRateWindows.load(ordering: .acquiring) { processor.wake.yield() }
        }
    }
}
