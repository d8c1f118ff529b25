import Foundation
import GRDB
import Logging
import PageParsing
import ServiceLifecycle
import SystemPackage

extension InboxProcessor {
    /// Runs one batch through every stage; nothing leaves the inbox before its commit.
    func process(_ names: [FilePath.Component], desk: inout StoryDesk) async {
        let settings = currentSettings
        let analyzed = await analyze(names, settings: settings)
        let committed: StoryDesk.Committed
        do {
            var working = desk
            committed = try database.write { db in
                try working.commit(analyzed, settings: settings, now: now(), in: db)
            }
            desk = working
        } catch {
            // The files stay in the inbox and the next start takes them again.
            logger.critical("cannot commit outcomes to \(database.path): \(error)")
            return
        }
        for file in analyzed {
            if case .vanished = file.outcome {
                logger.debug("\(file.name) is no longer in the inbox (already handled or removed)")
            } else if case .skipped(let reason) = file.outcome {
                logger.warning("left \(file.name) in the inbox: \(reason)")
            }
        }
        finish(committed)
        var summaries: [AlertRateLimiter.Summary] = []
        let limits = settings.topics.compactMapValues(\.maxPerHour)
        summaries = desk.rateLimiter.endedWindows(now: now(), limits: limits)
        for summary in summaries {
            if let topic = settings.topics[summary.topic] {
                journal.write(.heldBack(topic: topic, held: summary.held, limit: summary.limit))
            }
        }
    }

    /// The parallel stage: read and analyse each file, split over the cores when there are several.
    func analyze(_ names: [FilePath.Component], settings: PipelineSettings) async -> [AnalyzedFile] {
        let reader = InboxFileReader(
            inbox: settings.configuration.inbox.path, maxFileSize: settings.configuration.inbox.maxFileSize)
        let analyzer = settings.analyzer
        let workers = min(names.count, max(1, ProcessInfo.processInfo.activeProcessorCount))
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

    /// After the commit: move the files, send the entries, then forget both queues' rows.
    func finish(_ committed: StoryDesk.Committed) {
        let mover = FileMover(inbox: currentSettings.configuration.inbox.path)
        var doneMoves: [Int64] = []
        for move in committed.moves {
            do {
                try mover.move(move.name, identity: move.identity, to: move.destination, reason: move.reason)
                doneMoves.append(move.id)
            } catch {
                logger.error("cannot move \(move.name) out of the inbox: \(error); will retry at the next start")
            }
        }
        for (_, entry) in committed.entries {
            journal.write(entry)
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
        do {
            try database.write { db in
                try StateDatabase.dequeue(entries: committed.entries.map(\.id), moves: doneMoves, in: db)
            }
        } catch {
            logger.error("cannot clear delivered entries from \(database.path): \(error)")
        }
    }

    /// After a crash: finish the moves and send the entries that were committed but not done.
    func replayQueues() throws {
        let moves = try database.pendingMoves()
        let entries = try database.pendingEntries()
        guard !moves.isEmpty || !entries.isEmpty else { return }
        logger.notice("finishing \(moves.count) moves and \(entries.count) journal entries left by the last run")
        var committed = StoryDesk.Committed()
        committed.moves = moves
        committed.entries = entries
        finish(committed)
    }
}
