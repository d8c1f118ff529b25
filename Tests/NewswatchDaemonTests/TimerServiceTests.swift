import Logging
import Synchronization
import Testing

@testable import NewswatchDaemon

/// The timer services on a clock the test moves by hand: what each does at each tick, with
/// no real waiting.
@Suite("Timer services", .timeLimit(.minutes(1)))
struct TimerServiceTests {
    /// What a service sent to systemd, in order.
    final class Recorder: Sendable {
        private let sent = Mutex<[String]>([])
        func record(_ message: String) { sent.withLock { $0.append(message) } }
        var messages: [String] { sent.withLock { $0 } }
        var pings: Int { messages.filter { $0 == "WATCHDOG=1" }.count }
        func clear() { sent.withLock { $0.removeAll() } }
    }

    static let logger = Logger(label: "newswatch-test")

    /// Starts a service's `run` on its own task; cancel the task to stop it.
    static func running(_ run: @escaping @Sendable () async throws -> Void) -> Task<Void, any Error> {
        Task { try await run() }
    }

    /// Moves the clock one tick on and waits until the service sleeps again.
    static func tick(_ clock: ManualClock, by duration: Duration) async {
        await clock.waitForSleepers()
        clock.advance(by: duration)
        await clock.waitForSleepers()
    }

    static func heartbeat(
        watchdog: Duration?, clock: ManualClock, progress: LoopProgress, recorder: Recorder, status: String = "idle"
    ) -> HeartbeatService<ManualClock> {
        HeartbeatService(
            progress: progress, notifier: ServiceNotifier(watchdogInterval: watchdog) { recorder.record($0) },
            clock: clock, statusInterval: .seconds(2), logger: logger, status: { status })
    }

    @Test func anIdleLoopGetsAPingEachIntervalAndTheStatusOnce() async {
        let clock = ManualClock()
        let progress = LoopProgress()
        progress.isReady.store(true, ordering: .releasing)
        let recorder = Recorder()
        let service = Self.heartbeat(watchdog: .seconds(1), clock: clock, progress: progress, recorder: recorder)
        let task = Self.running { try await service.run() }
        defer { task.cancel() }
        for _ in 0..<5 { await Self.tick(clock, by: .seconds(1)) }
        #expect(recorder.pings == 5)
        #expect(recorder.messages.filter { $0.hasPrefix("STATUS=") } == ["STATUS=idle"])
    }

    @Test func aLoopStuckWithWorkInHandStopsThePingsAndTheyResumeWhenItMoves() async {
        let clock = ManualClock()
        let progress = LoopProgress()
        progress.isReady.store(true, ordering: .releasing)
        let recorder = Recorder()
        let service = Self.heartbeat(watchdog: .seconds(1), clock: clock, progress: progress, recorder: recorder)
        let task = Self.running { try await service.run() }
        defer { task.cancel() }
        await Self.tick(clock, by: .seconds(1))
        #expect(recorder.pings == 1)

        // Work taken up, then nothing moves (a commit blocked on a locked database).
        progress.setBusy(true)
        await Self.tick(clock, by: .seconds(1))
        #expect(recorder.pings == 2, "the first tick after taking up work sees it move")
        for _ in 0..<4 { await Self.tick(clock, by: .seconds(1)) }
        #expect(recorder.pings == 2, "a stall of a whole interval stops the pings")

        progress.advanced()
        await Self.tick(clock, by: .seconds(1))
        #expect(recorder.pings == 3)
        // Busy and moving on every tick: pings go on.
        for _ in 0..<3 {
            progress.advanced()
            await Self.tick(clock, by: .seconds(1))
        }
        #expect(recorder.pings == 6)
        // Done: idle waiting is healthy however long it lasts.
        progress.setBusy(false)
        for _ in 0..<3 { await Self.tick(clock, by: .seconds(1)) }
        #expect(recorder.pings == 9)
    }

    @Test func withoutAWatchdogThereAreNoPingsButStatusStillGoes() async {
        let clock = ManualClock()
        let progress = LoopProgress()
        progress.isReady.store(true, ordering: .releasing)
        let recorder = Recorder()
        let service = Self.heartbeat(watchdog: nil, clock: clock, progress: progress, recorder: recorder)
        let task = Self.running { try await service.run() }
        defer { task.cancel() }
        for _ in 0..<3 { await Self.tick(clock, by: .seconds(2)) }
        #expect(recorder.pings == 0)
        #expect(recorder.messages == ["STATUS=idle"])
    }

    @Test func nothingIsSentBeforeTheLoopIsReady() async {
        let clock = ManualClock()
        let recorder = Recorder()
        let service = Self.heartbeat(watchdog: .seconds(1), clock: clock, progress: LoopProgress(), recorder: recorder)
        let task = Self.running { try await service.run() }
        defer { task.cancel() }
        for _ in 0..<3 { await Self.tick(clock, by: .seconds(1)) }
        #expect(recorder.messages.isEmpty)
    }

    @Test func checkpointsWaitForAQuietIntervalOrAThousandCommits() async {
        let clock = ManualClock()
        let commits = Atomic<Int>(0)
        let checkpoints = Atomic<Int>(0)
        let service = CheckpointService(
            clock: clock, interval: .seconds(1), logger: Self.logger, commits: { commits.load(ordering: .relaxed) },
            checkpoint: { checkpoints.add(1, ordering: .relaxed) })
        let task = Self.running { try await service.run() }
        defer { task.cancel() }
        await Self.tick(clock, by: .seconds(1))
        #expect(checkpoints.load(ordering: .relaxed) == 0, "nothing committed, nothing to checkpoint")

        commits.store(5, ordering: .relaxed)
        await Self.tick(clock, by: .seconds(1))
        #expect(checkpoints.load(ordering: .relaxed) == 0, "the writer was busy during this interval")
        await Self.tick(clock, by: .seconds(1))
        #expect(checkpoints.load(ordering: .relaxed) == 1, "a quiet interval after commits")
        await Self.tick(clock, by: .seconds(1))
        #expect(checkpoints.load(ordering: .relaxed) == 1, "nothing new since")

        for _ in 0..<3 {
            commits.add(400, ordering: .relaxed)
            await Self.tick(clock, by: .seconds(1))
        }
        #expect(checkpoints.load(ordering: .relaxed) == 2, "1,000 commits without a pause")
    }

    @Test func retentionPrunesAtStartAndThenEachInterval() async {
        let clock = ManualClock()
        let prunes = Atomic<Int>(0)
        let service = RetentionService(interval: .seconds(3_600), clock: clock) { prunes.add(1, ordering: .relaxed) }
        let task = Self.running { try await service.run() }
        defer { task.cancel() }
        await clock.waitForSleepers()
        #expect(prunes.load(ordering: .relaxed) == 1)
        await Self.tick(clock, by: .seconds(3_599))
        #expect(prunes.load(ordering: .relaxed) == 1)
        await Self.tick(clock, by: .seconds(1))
        #expect(prunes.load(ordering: .relaxed) == 2)
    }

    @Test func backoffDoublesUpToItsLimitAndStartsOverWhenReset() {
        var backoff = Backoff(first: .milliseconds(100), limit: .seconds(1))
        let delays = (0..<6).map { _ in backoff.next() }
        #expect(delays == [.milliseconds(100), .milliseconds(200), .milliseconds(400), .milliseconds(800), .seconds(1), .seconds(1)])
        backoff.reset()
        #expect(backoff.next() == .milliseconds(100))
    }
}
