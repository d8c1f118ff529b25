import Foundation
import Logging
import PageParsing
import ServiceLifecycle
import Synchronization
import SystemPackage

extension InboxProcessor {
    /// Processes batches until the queue is empty, shutdown begins, a commit fails or too many
    /// entries wait for journald.
    ///
    /// A pipeline of three: while one batch is committed on this task, the batch before it is
    /// delivered and moved, and the batch after it is read and analysed, so a burst keeps both
    /// cores busy. The batches in hand are always finished, even when shutdown has begun; a
    /// batch whose commit fails goes back to the head of the queue, with the one analysed
    /// after it.
    func drain(desk: inout StoryDesk, delivered: inout DeliveredRows) async {
        var names = takeBatch(avoiding: [])
        guard !names.isEmpty else { return }
        var takenAt = clock.now
        var settings = currentSettings
        var analyzed = await analyze(names, settings: settings)
        var unfinished: (names: [FilePath], committed: StoryDesk.Committed)?
        while true {
            let following = takeBatch(avoiding: names + (unfinished?.names ?? []))
            let followingTakenAt = clock.now
            let followingSettings = currentSettings
            async let next = analyze(following, settings: followingSettings)
            async let finished = finish(unfinished?.committed)
            let committed = await commit(analyzed, settings: settings, desk: &desk, delivered: &delivered).map { batch in
                var batch = batch
                batch.takenAt = takenAt
                return batch
            }
            delivered.append(await finished)
            counters.update { $0.backlog = pending.count }
            let nextAnalyzed = await next
            guard let committed else {
                pending.putBack(names + following)
                counters.update { $0.backlog = pending.count }
                return
            }
            unfinished = (names, committed)
            if following.isEmpty {
                delivered.append(finish(unfinished?.committed))
                unfinished = nil
                // Names held back by takeBatch(avoiding:) may still wait, with no event to wake us.
                names = takeBatch(avoiding: [])
                if names.isEmpty { return }
                takenAt = clock.now
                settings = currentSettings
                analyzed = await analyze(names, settings: settings)
                continue
            }
            (names, takenAt, settings, analyzed) = (following, followingTakenAt, followingSettings, nextAnalyzed)
        }
    }

    /// The next batch, without names of the batches still being committed or moved (a file
    /// queued again, by a second event or a rescan, must not be read before the first
    /// reading is moved),
    /// and without files whose outcome is committed and that wait only to be moved. Empty
    /// once shutdown has begun or while too many entries wait for journald.
    private func takeBatch(avoiding inFlight: [FilePath]) -> [FilePath] {
        guard !Task.isShuttingDownGracefully, !delivery.isBackedUp else { return [] }
        var batch = pending.take(Self.batchLimit)
        if !unfinishedMoves.isEmpty {
            let mover = makeMover()
            batch = batch.filter { name in
                let waiting = unfinishedMoves.waiting(named: name)
                guard !waiting.isEmpty else { return true }
                // The same file still waits to be moved; a new file under the old name is taken.
                let current = try? mover.identity(of: name)
                return !waiting.contains { $0 == nil || $0 == current }
            }
        }
        guard !inFlight.isEmpty else { return batch }
        let busy = Set(inFlight)
        let clash = batch.filter(busy.contains)
        guard !clash.isEmpty else { return batch }
        defer { for name in clash { pending.push(name) } }
        return batch.filter { !busy.contains($0) }
    }

    /// Commits an analysed batch: verdicts, alerts, and the entries and moves still to do, in
    /// one transaction. Nothing leaves the inbox before this; `finish` does it afterwards.
    ///
    /// The queue rows already done are deleted in the same transaction, so a burst pays for
    /// one transaction a batch. Returns nil when the commit failed: the caller puts the files
    /// back in the queue, and they are committed again after a backoff.
    func commit(
        _ analyzed: [AnalyzedFile], settings: PipelineSettings, desk: inout StoryDesk, delivered: inout DeliveredRows
    ) async -> StoryDesk.Committed? {
        guard !analyzed.isEmpty else { return StoryDesk.Committed() }
        // Restored when the transaction fails, so the next commit reads the mutes again and
        // says so.
        let mutes = desk.mutes
        let committed: StoryDesk.Committed
        do {
            if desk.needsReload {
                desk.index = try await loadIndex()
                desk.needsReload = false
            }
            // The index is changed in place (a copy would duplicate megabytes a batch); if the
            // transaction fails it is loaded again from the store before the next one. The store
            // reads the mutes again in the same transaction when `topics mute` changed them.
            committed = try await store.commit(
                analyzed, desk: &desk, settings: settings, now: now(), forgetting: delivered)
            if desk.mutes != mutes { mutesLoaded(desk.mutes) }
            delivered = DeliveredRows()
        } catch {
            desk.needsReload = true
            desk.mutes = mutes
            commitFailed(error, files: analyzed.count)
            return nil
        }
        commitSucceeded()
        progress.advanced()
        for file in analyzed {
            if case .vanished = file.outcome {
                logger.debug("\(file.name) is no longer in the inbox (already handled or removed)")
            } else if case .skipped(let reason) = file.outcome {
                logger.warning("left \(file.name) in the inbox: \(reason)")
            }
        }
        return committed
    }

    /// Logs the mutes the processor now follows, and passes them to `status.json`.
    func mutesLoaded(_ mutes: TopicMutes, atStart: Bool = false) {
        activity.setMutes(mutes)
        let list = mutes.until.sorted { $0.key < $1.key }.map { topic, end in
            end == .max ? topic : "\(topic) until \(Date(timeIntervalSince1970: TimeInterval(end)).formatted(.iso8601))"
        }
        if atStart && list.isEmpty { return }
        logger.notice(
            list.isEmpty
                ? "no topic is muted any more"
                : "muted topics (matches recorded, no alerts): \(list.joined(separator: ", "))")
    }

    private func commitFailed(_ error: any Error, files: Int) {
        let now = clock.now
        let described = store.describe(error)
        commitTrouble.withLock { trouble in
            if trouble == nil {
                trouble = CommitTrouble(error: described, since: now, retryAt: now)
                logger.warning(
                    "cannot commit outcomes to \(store.location): \(described); \(files + pending.count) files wait in the inbox and the commit is retried"
                )
            }
            trouble!.error = described
            trouble!.retryAt = now + trouble!.backoff.next()
        }
    }

    private func commitSucceeded() {
        guard
            let trouble = commitTrouble.withLock({ trouble in
                defer { trouble = nil }
                return trouble
            })
        else { return }
        logger.notice("commits to \(store.location) work again after \(Self.seconds(clock.now - trouble.since)); the inbox drains")
    }

    /// Writes one summary entry for each topic whose hour with held-back alerts is over.
    func reportHeldBackAlerts() async {
        let settings = currentSettings
        let limits = settings.topics.compactMapValues(\.maxPerHour)
        do {
            for summary in try await store.endedRateWindows(now: now(), limits: limits) {
                if let topic = settings.topics[summary.topic] {
                    delivery.writer.write(.heldBack(topic: topic, held: summary.held, limit: summary.limit))
                }
            }
        } catch {
            logger.debug("cannot read the ended max_per_hour hours from \(store.location) yet: \(store.describe(error))")
        }
        hasOpenRateWindows.store(store.hasOpenRateWindows, ordering: .releasing)
    }

    /// After the commit: hand the entries to the journal delivery, then move the files.
    /// Returns the queue rows that are done.
    func finish(_ committed: StoryDesk.Committed?) -> DeliveredRows {
        guard let committed else { return DeliveredRows() }
        if let batch = committed.batch {
            delivery.deliver(OutboxBatch(id: batch, entries: committed.entries))
        }
        let mover = makeMover()
        var done = DeliveredRows()
        for move in committed.moves {
            self.move(move, with: mover, into: &done)
        }
        counters.update { $0.add(committed.counts) }
        activity.record(committed, at: now(), latency: committed.takenAt.map { clock.now - $0 })
        progress.advanced()
        return done
    }

    /// One move; a failed one waits in `unfinishedMoves` (and on a row of its own).
    private func move(_ move: PendingMove, with mover: FileMover, into done: inout DeliveredRows) {
        do {
            try mover.move(move.name, identity: move.identity, to: move.destination, reason: move.reason)
        } catch {
            done.unmoved.append(move)
            switch unfinishedMoves.add(move, error: error) {
            case .firstFailure:
                logger.warning("cannot move files out of the inbox (\(error)); they wait there and the moves are retried")
            case .stuck:
                reportStuck(UnfinishedMoves.Waiting(move: move, error: error, reported: true), tries: nil)
            case .kept:
                break
            }
        }
    }

    /// The mover for now: files go into today's folder of `[archive] layout`.
    func makeMover() -> FileMover {
        let configuration = currentSettings.configuration
        return FileMover(inbox: configuration.inbox.path, layout: configuration.archive.layout, now: now())
    }

    /// Retries the moves that failed, when a retry is due.
    func retryMoves(_ delivered: inout DeliveredRows) {
        let mover = makeMover()
        let round = unfinishedMoves.retry { move throws(SystemCallError) in
            try mover.move(move.name, identity: move.identity, to: move.destination, reason: move.reason)
        }
        delivered.moved += round.done
        for stuck in round.stuck {
            reportStuck(stuck, tries: UnfinishedMoves.reportAfter)
        }
        if let after = round.recoveredAfter {
            logger.notice("moves out of the inbox work again after \(Self.seconds(after)); the waiting files are moved")
        }
    }

    /// The error entry for a file that stays in the inbox because it cannot be moved.
    private func reportStuck(_ stuck: UnfinishedMoves.Waiting, tries: Int?) {
        let how = tries.map { "moving it failed \($0) times" } ?? "moving it fails like the others'"
        logger.error(
            "\(stuck.move.name) stays in the inbox: its outcome is committed, but \(how): \(stuck.error); still retrying",
            metadata: ["file": "\(stuck.move.name)", "reason": "\(stuck.error)"])
    }

    /// Deletes the queue rows of delivered entries and finished moves, when no batch follows
    /// to do it in its own transaction.
    func forget(_ delivered: inout DeliveredRows) async {
        guard !delivered.isEmpty else { return }
        do {
            try await store.forget(delivered)
            delivered = DeliveredRows()
        } catch {
            logger.debug("cannot clear delivered entries from \(store.location) yet: \(store.describe(error))")
        }
    }

    /// After a crash: finish the moves and deliver the entries that were committed but not
    /// done. A file whose outcome is committed is only moved, never analysed again.
    func recover() async throws {
        let work = try await store.pendingWork()
        if !work.moves.isEmpty || !work.batches.isEmpty {
            logger.notice(
                "finishing \(work.moves.count) moves and \(work.batches.count) batches of journal entries left by the last run")
        }
        let mover = makeMover()
        var delivered = DeliveredRows()
        for move in work.moves {
            self.move(move, with: mover, into: &delivered)
        }
        delivery.start(recovering: work.batches)
        delivered.batches += delivery.takeConfirmed()
        await forget(&delivered)
    }
}
