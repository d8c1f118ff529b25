import Foundation
import Logging
public import ServiceLifecycle
import StoryDedup
import Synchronization
import SystemPackage

/// The daemon's main service: takes the backlog and each arrival, and runs every page
/// through read → parse → duplicates → topics → commit → journal → move.
///
/// Files are taken in batches when a burst arrives: the parallel stage (reading, parsing,
/// fingerprinting, matching) runs on both cores, then one transaction commits the whole
/// batch. A single drop is a batch of one and goes through at once.
///
/// Nothing that fails for a reason outside the daemon stops it or loses a file: a commit
/// that fails (disk full, database locked, I/O error) is retried with backoff while the
/// files wait in the inbox; entries journald does not take wait in the outbox; moves that
/// fail are retried while the files wait in the inbox. `STATUS=` and a warning entry say
/// what it waits on, and the backlog drains without a restart once the cause goes.
public final class InboxProcessor: Service, Sendable {
    let settings: Mutex<PipelineSettings>
    let store: any StateStore
    let delivery: JournalDelivery
    let notifier: ServiceNotifier
    let logger: Logger
    let counters = DaemonCounters()
    let activity: DaemonActivity
    let pending = PendingNames()
    let progress = LoopProgress()
    let unfinishedMoves: UnfinishedMoves
    let clock: ElapsedClock
    /// Wall-clock seconds for the records.
    let now: @Sendable () -> Int64
    /// Set by the retention service; the processor prunes between batches, because only its
    /// task touches the in-memory index.
    let pruneRequested = Atomic<Bool>(false)
    /// Whether a topic's rate-limit hour is open; the heartbeat then wakes the processor so
    /// the held-back summary is written when the hour ends, even with no new pages.
    let hasOpenRateWindows = Atomic<Bool>(false)
    /// Why commits fail, while they do.
    let commitTrouble = Mutex<CommitTrouble?>(nil)
    let wakeups: AsyncStream<Void>
    let wake: AsyncStream<Void>.Continuation

    /// Pages a burst commits in one transaction. 128 rather than 64: each batch's random
    /// story-id and content-id index updates touch leaf pages shared by more pages, so a
    /// 10,000-page burst writes 54 MB to the WAL instead of 78 MB; a single drop is still a
    /// batch of one.
    static let batchLimit = 128

    struct CommitTrouble: Sendable {
        var error: String
        var since: Duration
        var backoff = Backoff()
        var retryAt: Duration
    }

    init(
        settings: PipelineSettings, store: any StateStore, delivery: JournalDelivery, notifier: ServiceNotifier,
        clock: ElapsedClock, logger: Logger, activity: DaemonActivity = DaemonActivity(),
        now: @escaping @Sendable () -> Int64
    ) {
        self.settings = Mutex(settings)
        self.activity = activity
        self.store = store
        self.delivery = delivery
        self.notifier = notifier
        self.clock = clock
        self.logger = logger
        self.now = now
        unfinishedMoves = UnfinishedMoves(clock: clock)
        (wakeups, wake) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
    }

    /// Asks the processor to forget pages older than the dedup window.
    func requestPrune() {
        pruneRequested.store(true, ordering: .releasing)
        wake.yield()
    }

    var currentSettings: PipelineSettings { settings.withLock { $0 } }

    /// Swaps in a reloaded configuration; takes effect from the next batch.
    func replaceSettings(_ new: PipelineSettings) {
        settings.withLock { $0 = new }
    }

    /// What the inbox watch saw; called on the watch's thread.
    func receive(_ event: InboxEvent) {
        let inbox = currentSettings.configuration.inbox
        switch event {
        case .arrived(let name):
            pending.push(name)
        case .rescan(let reason):
            logger.notice("rescanning the inbox: \(reason)")
            Self.scan(inbox, into: pending, logger: logger)
        case .inboxGone:
            logger.error("the inbox \(inbox.path) was deleted or moved away; waiting for it to come back")
        }
        wake.yield()
    }

    /// `STATUS=`: the counts, and what the daemon waits on when it waits.
    var status: String {
        var line = counters.status
        let waits = self.waits
        if !waits.isEmpty { line += "; waiting: " + waits.joined(separator: "; ") }
        return line
    }

    /// What the daemon waits on, if anything: commits, journald, moves.
    var waits: [String] {
        var waits: [String] = []
        if let trouble = commitTrouble.withLock({ $0 }) {
            waits.append("cannot commit for \(Self.seconds(clock.now - trouble.since)) (\(trouble.error)); files wait in the inbox")
        }
        if let note = delivery.waitingNote { waits.append(note) }
        if let note = unfinishedMoves.waitingNote { waits.append(note) }
        return waits
    }

    static func seconds(_ duration: Duration) -> String {
        "\(duration.components.seconds) s"
    }

    public func run() async throws {
        let configuration = currentSettings.configuration
        var desk = try await StoryDesk(index: loadIndex())
        desk.mutes = try await store.topicMutes(at: now())
        mutesLoaded(desk.mutes, atStart: true)
        try await recover()
        // The watch was set before this scan (the daemon sets it up first), so a file
        // arriving during the scan is seen by one or both; a name seen twice is taken once,
        // and a name already moved is skipped.
        Self.scan(configuration.inbox, into: pending, logger: logger)
        counters.update { $0.backlog = pending.count }
        notifier.ready(status: status)
        progress.isReady.store(true, ordering: .releasing)
        logger.info("watching \(configuration.inbox.path) with \(configuration.topics.count) topics")

        var delivered = DeliveredRows()
        var iterator = wakeups.makeAsyncIterator()
        await withGracefulShutdownHandler {
            wake.yield()
            while await nextWakeup(&iterator) {
                progress.setBusy(pending.count > 0)
                if pruneRequested.exchange(false, ordering: .acquiring) {
                    await prune(&desk)
                }
                retryMoves(&delivered)
                delivery.pump()
                delivered.batches += delivery.takeConfirmed()
                if isCommitDue {
                    await drain(desk: &desk, delivered: &delivered)
                }
                await forget(&delivered)
                await reportHeldBackAlerts()
                progress.setBusy(pending.count > 0 && !delivery.isBackedUp)
            }
        } onGracefulShutdown: {
            self.wake.finish()
        }
        notifier.stopping()
        delivery.pump()
        delivery.settle(timeout: .seconds(2))
        delivered.batches += delivery.takeConfirmed()
        await forget(&delivered)
        logger.info("stopped: \(counters.status); \(store.commits) transactions")
        await store.close()
    }

    /// Waits for an arrival or for the next retry that is due; false once shutdown begins.
    private func nextWakeup(_ iterator: inout AsyncStream<Void>.Iterator) async -> Bool {
        let deadlines = [
            commitTrouble.withLock { $0?.retryAt }, delivery.nextDeadline, unfinishedMoves.nextDeadline,
        ]
        guard let deadline = deadlines.compactMap({ $0 }).min() else {
            return await iterator.next() != nil
        }
        guard deadline > clock.now else { return !Task.isShuttingDownGracefully }
        return await withTaskGroup(of: Void.self) { group in
            group.addTask { [clock, wake] in
                do {
                    try await clock.sleep(until: deadline)
                    wake.yield()
                } catch {
                    // Cancelled: something else woke the processor first.
                }
            }
            let woke = await iterator.next() != nil
            group.cancelAll()
            return woke
        }
    }

    private var isCommitDue: Bool {
        commitTrouble.withLock { trouble in trouble.map { clock.now >= $0.retryAt } ?? true }
    }

    private func prune(_ desk: inout StoryDesk) async {
        let time = now()
        let cutoff = time - currentSettings.configuration.dedup.window
        let forgotten = desk.index.prune(olderThan: cutoff)
        do {
            if let rows = try await store.prune(olderThan: cutoff, now: time) {
                logger.info("retention: forgot \(forgotten) pages from memory and \(rows) rows older than the window")
            } else {
                logger.info("retention: forgot \(forgotten) pages from memory; another daemon prunes the shared state")
            }
        } catch {
            logger.error("retention: cannot prune \(store.location): \(store.describe(error))")
        }
    }

    func loadIndex() async throws -> StoryIndex {
        let settings = currentSettings
        let start = ContinuousClock.now
        let index = try await store.loadIndex(configuration: settings.dedupConfiguration, now: now())
        logger.info("loaded \(index.count) remembered pages in \(ContinuousClock.now - start)")
        return index
    }

    /// Queues every file of the inbox and of its watched sub-folders, in name order.
    static func scan(_ inbox: InboxSettings, into pending: PendingNames, logger: Logger) {
        do {
            try InboxTree(settings: inbox).walk(file: { pending.push($0.path) })
        } catch {
            logger.error("cannot list the inbox \(inbox.path): \(error)")
        }
    }
}
