import Foundation
import GRDB
import Logging
public import ServiceLifecycle
import StoryDedup
import Synchronization
import SystemPackage

/// The daemon's main service: watches the inbox, takes the backlog, and runs every page
/// through read → parse → duplicates → topics → commit → move → journal.
///
/// Files are taken in batches when a burst arrives: the parallel stage (reading, parsing,
/// fingerprinting, matching) runs on both cores, then one transaction commits the whole
/// batch. A single drop is a batch of one and goes through at once.
public final class InboxProcessor: Service, Sendable {
    let settings: Mutex<PipelineSettings>
    let database: StateDatabase
    let journal: JournalWriter
    let notifier: ServiceNotifier
    let logger: Logger
    let counters = DaemonCounters()
    let pending = PendingNames()
    let now: @Sendable () -> Int64
    /// Set once the watch is up and READY=1 was sent; tests and the status ticker read it.
    let isReady = Atomic<Bool>(false)
    /// Set by the retention service; the processor prunes between batches, because only its
    /// task touches the in-memory index.
    let pruneRequested = Atomic<Bool>(false)
    /// Whether a topic's rate-limit hour is open; the heartbeat then wakes the processor so
    /// the held-back summary is written when the hour ends, even with no new pages.
    let hasOpenRateWindows = Atomic<Bool>(false)
    let wakeups: AsyncStream<Void>
    let wake: AsyncStream<Void>.Continuation

    /// Pages a burst commits in one transaction. 128 rather than 64: each batch's random
    /// story-id and content-id index updates touch leaf pages shared by more pages, so a
    /// 10,000-page burst writes 54 MB to the WAL instead of 78 MB; a single drop is still a
    /// batch of one.
    static let batchLimit = 128

    init(
        settings: PipelineSettings, database: StateDatabase, journal: JournalWriter, notifier: ServiceNotifier,
        logger: Logger, now: @escaping @Sendable () -> Int64
    ) {
        self.settings = Mutex(settings)
        self.database = database
        self.journal = journal
        self.notifier = notifier
        self.logger = logger
        self.now = now
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

    public func run() async throws {
        let configuration = currentSettings.configuration
        for folder in [configuration.inbox.path, configuration.inbox.processed, configuration.inbox.failed] {
            do {
                try FileMover.ensureFolder(folder)
            } catch {
                logger.error("cannot create \(folder): \(error)")
            }
        }
        var desk = try loadDesk()
        try replayQueues()

        let watcher = try InboxWatcher(inbox: configuration.inbox.path, logger: logger)
        watcher.start { [pending, logger, wake] event in
            switch event {
            case .arrived(let name):
                pending.push(name)
            case .rescan(let reason):
                logger.notice("rescanning the inbox: \(reason)")
                Self.scan(configuration.inbox.path, into: pending, logger: logger)
            case .inboxGone:
                logger.error(
                    "the inbox \(configuration.inbox.path) was deleted or moved away; waiting for it to come back")
            }
            wake.yield()
        }
        defer { watcher.stop() }
        if !watcher.isWatchingInbox {
            logger.error("the inbox \(configuration.inbox.path) does not exist; waiting for it to be created")
        }
        // The watch is set before the scan, so a file arriving during the scan is seen by
        // one or both; a name seen twice is taken once, and a name already moved is skipped.
        Self.scan(configuration.inbox.path, into: pending, logger: logger)
        counters.update { $0.backlog = pending.count }
        notifier.ready(status: counters.status)
        isReady.store(true, ordering: .releasing)
        logger.info("watching \(configuration.inbox.path) with \(configuration.topics.count) topics")
        wake.yield()

        var delivered = DeliveredRows()
        for await _ in wakeups.cancelOnGracefulShutdown() {
            if pruneRequested.exchange(false, ordering: .acquiring) {
                prune(&desk)
            }
            await drain(desk: &desk, delivered: &delivered)
            forget(&delivered)
            reportHeldBackAlerts(&desk)
        }
        forget(&delivered)
        notifier.stopping()
        logger.info("stopped: \(counters.status); \(database.commits.load(ordering: .relaxed)) transactions")
    }

    /// Processes batches until the queue is empty or shutdown begins.
    ///
    /// A pipeline of three: while one batch is committed on this task, the batch before it is
    /// logged and moved, and the batch after it is read and analysed, so a burst keeps both
    /// cores busy. The batches in hand are always finished, even when shutdown has begun.
    private func drain(desk: inout StoryDesk, delivered: inout DeliveredRows) async {
        var names = Task.isShuttingDownGracefully ? [] : pending.take(Self.batchLimit)
        guard !names.isEmpty else { return }
        var settings = currentSettings
        var analyzed = await analyze(names, settings: settings)
        var unfinished: (names: [FilePath.Component], committed: StoryDesk.Committed)?
        while true {
            let busy = names + (unfinished?.names ?? [])
            let following = Task.isShuttingDownGracefully ? [] : takeBatch(avoiding: busy)
            let followingSettings = currentSettings
            async let next = analyze(following, settings: followingSettings)
            async let finished = finish(unfinished?.committed)
            let committed = commit(analyzed, settings: settings, desk: &desk, delivered: &delivered)
            delivered.append(await finished)
            unfinished = committed.map { (names, $0) }
            counters.update { $0.backlog = pending.count }
            let nextAnalyzed = await next
            if following.isEmpty {
                delivered.append(finish(unfinished?.committed))
                unfinished = nil
                // Names held back by takeBatch(avoiding:) may still wait, with no event to wake us.
                names = Task.isShuttingDownGracefully ? [] : pending.take(Self.batchLimit)
                if names.isEmpty { return }
                settings = currentSettings
                analyzed = await analyze(names, settings: settings)
                continue
            }
            (names, settings, analyzed) = (following, followingSettings, nextAnalyzed)
        }
    }

    /// The next batch, without names of the batches still being committed or moved: a file
    /// written twice may be queued again, and must not be read before the first reading is moved.
    private func takeBatch(avoiding inFlight: [FilePath.Component]) -> [FilePath.Component] {
        let batch = pending.take(Self.batchLimit)
        let busy = Set(inFlight)
        let clash = batch.filter(busy.contains)
        guard !clash.isEmpty else { return batch }
        defer { clash.forEach { pending.push($0) } }
        return batch.filter { !busy.contains($0) }
    }

    private func prune(_ desk: inout StoryDesk) {
        let cutoff = now() - currentSettings.configuration.dedup.window
        let forgotten = desk.index.prune(olderThan: cutoff)
        do {
            let rows = try database.write { db in try database.prune(olderThan: cutoff, in: db) }
            logger.info("retention: forgot \(forgotten) pages from memory and \(rows) rows older than the window")
        } catch {
            logger.error("retention: cannot prune \(database.path): \(error)")
        }
    }

    private func loadDesk() throws -> StoryDesk {
        StoryDesk(index: try loadIndex())
    }

    func loadIndex() throws -> StoryIndex {
        let settings = currentSettings
        let start = ContinuousClock.now
        let index = try database.read { db in
            try StoryIndexStore.load(from: db, configuration: settings.dedupConfiguration, now: now())
        }
        logger.info("loaded \(index.count) remembered pages in \(ContinuousClock.now - start)")
        return index
    }

    static func scan(_ inbox: FilePath, into pending: PendingNames, logger: Logger) {
        do {
            for entry in try DirectoryListing.entries(in: inbox).sorted(by: { $0.name < $1.name })
            where entry.type != UInt8(DT_DIR) {
                if let name = FilePath.Component(entry.name) { pending.push(name) }
            }
        } catch {
            logger.error("cannot list the inbox \(inbox): \(error)")
        }
    }
}
