import Foundation
import GRDB
import Logging
import PageParsing
import ServiceLifecycle
import Synchronization
import SystemPackage

extension InboxProcessor {
    /// Commits an analysed batch: verdicts, alerts, and the entries and moves still to do, in
    /// one transaction. Nothing leaves the inbox before this; `finish` does it afterwards.
    ///
    /// The queue rows of batches already delivered are deleted in the same transaction, so a
    /// burst pays for one transaction a batch. Returns nil when the
    /// commit failed: the files stay in the inbox and are taken again at the next start.
    func commit(
        _ analyzed: [AnalyzedFile], settings: PipelineSettings, desk: inout StoryDesk, delivered: inout DeliveredRows
    ) -> StoryDesk.Committed? {
        guard !analyzed.isEmpty else { return nil }
        let committed: StoryDesk.Committed
        do {
            let done = delivered
            // The index is changed in place (a copy would duplicate megabytes a batch); if the
            // transaction fails it is reloaded from the database below.
            committed = try database.write { db in
                try StateDatabase.dequeue(done, in: db)
                return try desk.commit(analyzed, settings: settings, now: now(), in: db)
            }
            delivered = DeliveredRows()
        } catch {
            logger.critical("cannot commit outcomes to \(database.path): \(error)")
            do {
                desk.index = try loadIndex()
            } catch {
                logger.critical("cannot reload the story index from \(database.path): \(error)")
            }
            return nil
        }
        for file in analyzed {
            if case .vanished = file.outcome {
                logger.debug("\(file.name) is no longer in the inbox (already handled or removed)")
            } else if case .skipped(let reason) = file.outcome {
                logger.warning("left \(file.name) in the inbox: \(reason)")
            }
        }
        return committed
    }

    /// Writes one summary entry for each topic whose hour with held-back alerts is over.
    func reportHeldBackAlerts(_ desk: inout StoryDesk) {
        let settings = currentSettings
        let limits = settings.topics.compactMapValues(\.maxPerHour)
        for summary in desk.rateLimiter.endedWindows(now: now(), limits: limits) {
            if let topic = settings.topics[summary.topic] {
                journal.write(.heldBack(topic: topic, held: summary.held, limit: summary.limit))
            }
        }
        hasOpenRateWindows.store(desk.rateLimiter.hasOpenWindows, ordering: .releasing)
    }

    /// The parallel stage: read and analyse each file, split over the cores when there are several.
    func analyze(_ names: [FilePath.Component], settings: PipelineSettings) async -> [AnalyzedFile] {
        guard !names.isEmpty else { return [] }
        let reader = InboxFileReader(
            inbox: settings.configuration.inbox.path, maxFileSize: settings.configuration.inbox.maxFileSize)
        let analyzer = settings.analyzer
        let workers = min(names.count, Self.cores)
        if workers <= 1 {
            return names.map { Self.analyze($0, reader: reader, analyzer: analyzer) }
        }
        return await withTaskGroup(of: (Int, [AnalyzedFile]).self) { group in
            for worker in 0..<workers {
                group.addTask {
                    let share = stride(from: worker, to: names.count, by: workers).map {
                        Self.analyze(names[$0], reader: reader, analyzer: analyzer)
                    }
                    return (worker, share)
                }
            }
            var shares = [[AnalyzedFile]](repeating: [], count: workers)
            for await (worker, share) in group { shares[worker] = share }
            // Back into arrival order, so duplicates within a burst point at the earlier file.
            var ordered: [AnalyzedFile] = []
            ordered.reserveCapacity(names.count)
            for position in 0..<names.count {
                ordered.append(shares[position % workers][position / workers])
            }
            return ordered
        }
    }

    /// Cores to spread a batch over; read once, because Foundation reads cgroup files each time.
    static let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)

    static func analyze(_ name: FilePath.Component, reader: InboxFileReader, analyzer: PageAnalyzer) -> AnalyzedFile {
        switch reader.read(name) {
        case .vanished:
            return AnalyzedFile(name: name, identity: nil, outcome: .vanished)
        case .skipped(let reason):
            return AnalyzedFile(name: name, identity: nil, outcome: .skipped(reason: reason))
        case .rejected(let reason, let identity):
            return AnalyzedFile(name: name, identity: identity, outcome: .failed(reason: reason))
        case .contents(let bytes, let identity):
            switch analyzer.analyze(bytes, name: name.string) {
            case .success(let pages):
                return AnalyzedFile(name: name, identity: identity, outcome: .pages(pages))
            case .failure(let error):
                return AnalyzedFile(name: name, identity: identity, outcome: .failed(reason: error.message))
            }
        }
    }

    /// After the commit: send the entries (alerts first: they are what people wait for),
    /// then move the files. Returns the queue rows that are done, and the moves of its batch
    /// that failed, to be kept on rows of their own.
    func finish(_ committed: StoryDesk.Committed?) -> DeliveredRows {
        guard let committed else { return DeliveredRows() }
        for entry in committed.entries where entry.isAlert {
            journal.write(entry)
        }
        for entry in committed.entries where !entry.isAlert {
            journal.write(entry)
        }
        let mover = FileMover(inbox: currentSettings.configuration.inbox.path)
        var done = DeliveredRows(batches: committed.batch.map { [$0] } ?? [])
        for move in committed.moves {
            do {
                try mover.move(move.name, identity: move.identity, to: move.destination, reason: move.reason)
                if let row = move.id { done.moves.append(row) }
            } catch {
                logger.error("cannot move \(move.name) out of the inbox: \(error); will retry at the next start")
                if move.id == nil { done.unmoved.append(move) }
            }
        }
        counters.update { counts in
            counts.processed += committed.counts.processed
            counts.new += committed.counts.new
            counts.duplicates += committed.counts.duplicates
            counts.updates += committed.counts.updates
            counts.failed += committed.counts.failed
            counts.alerts += committed.counts.alerts
            counts.heldBack += committed.counts.heldBack
        }
        return done
    }

    /// Deletes the queue rows of delivered entries and finished moves, when no batch follows
    /// to do it in its own transaction.
    func forget(_ delivered: inout DeliveredRows) {
        guard !delivered.isEmpty else { return }
        do {
            let done = delivered
            try database.write { db in
                try StateDatabase.dequeue(done, in: db)
            }
            delivered = DeliveredRows()
        } catch {
            logger.error("cannot clear delivered entries from \(database.path): \(error)")
        }
    }

    /// After a crash: finish the moves and send the entries that were committed but not done.
    func replayQueues() throws {
        let work = try database.pendingWork()
        guard !work.moves.isEmpty || !work.entries.isEmpty || !work.batches.isEmpty else { return }
        logger.notice("finishing \(work.moves.count) moves and \(work.entries.count) journal entries left by the last run")
        var committed = StoryDesk.Committed()
        committed.moves = work.moves
        committed.entries = work.entries
        var delivered = finish(committed)
        delivered.batches = work.batches
        delivered.entries = work.entryRows
        forget(&delivered)
    }
}

/// Queue rows whose entries were sent and files moved, waiting to be deleted.
struct DeliveredRows: Sendable {
    /// `outbox_batch` rows.
    var batches: [Int64] = []
    /// `journal_outbox` rows.
    var entries: [Int64] = []
    /// `pending_move` rows.
    var moves: [Int64] = []
    /// Moves of a batch that failed: they stay queued on `pending_move` rows when the batch row goes.
    var unmoved: [StateDatabase.PendingMove] = []

    var isEmpty: Bool { batches.isEmpty && entries.isEmpty && moves.isEmpty && unmoved.isEmpty }

    mutating func append(_ other: DeliveredRows) {
        batches += other.batches
        entries += other.entries
        moves += other.moves
        unmoved += other.unmoved
    }
}
