import Logging
public import ServiceLifecycle
import Synchronization

/// Keeps systemd informed: `STATUS=` with live counts every few seconds and `WATCHDOG=1` at
/// half of `WATCHDOG_USEC` when the unit sets `WatchdogSec=`.
///
/// The watchdog ping is honest: it is sent only while the processing loop moves on or has
/// nothing to do. A loop that holds work and makes no progress for a whole ping interval
/// (a database locked by another process, a commit that keeps failing, a page that never
/// finishes) stops the pings, so systemd restarts the service.
public struct HeartbeatService<C: Clock>: Service where C.Duration == Duration {
    let progress: LoopProgress
    let notifier: ServiceNotifier
    let clock: C
    let statusInterval: Duration
    let logger: Logger
    /// The one-line status, read at each tick.
    let status: @Sendable () -> String
    /// Called at each tick after the pings (the processor uses it to end rate-limit hours).
    let onTick: @Sendable () -> Void

    init(
        progress: LoopProgress, notifier: ServiceNotifier, clock: C, statusInterval: Duration = .seconds(2),
        logger: Logger, status: @escaping @Sendable () -> String, onTick: @escaping @Sendable () -> Void = {}
    ) {
        self.progress = progress
        self.notifier = notifier
        self.clock = clock
        self.statusInterval = statusInterval
        self.logger = logger
        self.status = status
        self.onTick = onTick
    }

    public func run() async throws {
        let watchdog = notifier.watchdogInterval
        let tick = min(statusInterval, watchdog ?? statusInterval)
        var lastStatus = ""
        var judge = StallJudge<C.Instant>(limit: watchdog ?? .seconds(Int64.max / 2))
        await repeatUntilShutdown(every: tick, clock: clock) {
            guard progress.isReady.load(ordering: .acquiring) else { return }
            let status = status()
            if status != lastStatus {
                notifier.status(status)
                lastStatus = status
            }
            switch judge.judge(progress.reading, at: clock.now) {
            case .healthy:
                if watchdog != nil { notifier.watchdog() }
            case .stalled(let since):
                logger.error(
                    "processing has made no progress for \(since) with work in hand (\(status)); watchdog pings stop so that systemd restarts newswatch"
                )
            case .stillStalled:
                break
            case .recovered:
                logger.notice("processing moves again; watchdog pings resume")
                if watchdog != nil { notifier.watchdog() }
            }
            onTick()
        }
    }
}

/// Decides from successive readings of the loop's progress whether it is stalled: it has
/// work in hand and its count has not moved for `limit`.
struct StallJudge<Instant: InstantProtocol> where Instant.Duration == Duration {
    let limit: Duration
    private var last: LoopProgress.Reading?
    private var lastChange: Instant?
    private var stalled = false

    init(limit: Duration) {
        self.limit = limit
    }

    enum Verdict: Equatable {
        case healthy
        /// Just became stalled, after this long without progress.
        case stalled(since: Duration)
        case stillStalled
        case recovered
    }

    mutating func judge(_ reading: LoopProgress.Reading, at now: Instant) -> Verdict {
        if reading != last || !reading.busy || lastChange == nil {
            last = reading
            lastChange = now
            if stalled {
                stalled = false
                return .recovered
            }
            return .healthy
        }
        let idle = lastChange!.duration(to: now)
        guard idle >= limit else { return .healthy }
        if stalled { return .stillStalled }
        stalled = true
        return .stalled(since: idle)
    }
}
