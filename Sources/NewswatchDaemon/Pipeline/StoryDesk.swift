import GRDB
import NewswatchCore
import StoryDedup
import SystemPackage
import TopicMatching

/// The sequential stage: compares each analysed page with the remembered stories, decides
/// its verdict and alerts, and writes all of it in the caller's transaction.
///
/// Only the processor's task touches it, one batch at a time, so duplicates inside one
/// burst are still seen as duplicates.
struct StoryDesk: Sendable {
    var index: StoryIndex
    var rateLimiter = AlertRateLimiter()
    /// Topics muted by `newswatch topics mute`, as last read from the state.
    var mutes = TopicMutes()
    /// Set when a transaction failed after the index was changed in place: the index is
    /// loaded again from the database before the next commit.
    var needsReload = false

    /// What a committed batch leaves to do outside the transaction.
    struct Committed: Sendable {
        /// The `outbox` row holding `entries` and `moves` until they are done.
        var batch: Int64?
        /// Alerts first (they are what people wait for), then the outcomes.
        var entries: [JournalEntry] { alerts + outcomes }
        var alerts: [JournalEntry] = []
        var outcomes: [JournalEntry] = []
        var moves: [StateDatabase.PendingMove] = []
        var counts = DaemonCounters.Snapshot()
        /// When the processor took the batch from its queue (its clock), for the latency metric.
        var takenAt: Duration?
    }

    mutating func commit(
        _ files: [AnalyzedFile], settings: PipelineSettings, now: Int64, in db: Database
    ) throws -> Committed {
        var committed = Committed()
        let configuration = settings.configuration
        for file in files {
            let fileName = file.name.string
            switch file.outcome {
            case .vanished, .skipped:
                continue
            case .failed(let reason, let kind):
                try db.execute(
                    sql: "INSERT INTO page (file, outcome, reason, seen_at) VALUES (?, 'failed', ?, ?)",
                    arguments: [fileName, reason, now])
                committed.outcomes.append(.fileFailed(file: fileName, reason: reason))
                committed.enqueueMove(file, to: .folder(configuration.inbox.failed), reason: "\(fileName): \(reason)")
                committed.counts.processed += 1
                committed.counts.failed += 1
                committed.counts.failuresByReason[kind.rawValue, default: 0] += 1
            case .pages(let pages, let failedItems):
                var allDuplicates = failedItems.isEmpty
                for analyzed in pages {
                    let isDuplicate = try commit(
                        analyzed, file: fileName, item: analyzed.item, settings: settings, now: now, in: db,
                        into: &committed)
                    allDuplicates = allDuplicates && isDuplicate
                }
                for failed in failedItems {
                    try db.execute(
                        sql: "INSERT INTO page (file, item, outcome, reason, seen_at) VALUES (?, ?, 'failed', ?, ?)",
                        arguments: [fileName, failed.item ?? 0, failed.reason, now])
                    committed.outcomes.append(.fileFailed(file: fileName, item: failed.item, reason: failed.reason))
                    committed.counts.failed += 1
                    committed.counts.failuresByReason[failed.kind.rawValue, default: 0] += 1
                }
                let destination: FileMover.Destination =
                    allDuplicates && configuration.dedup.duplicates == .delete
                    ? .delete : .folder(configuration.inbox.processed)
                committed.enqueueMove(file, to: destination, reason: nil)
                committed.counts.processed += 1
            }
        }
        if !committed.outcomes.isEmpty || !committed.alerts.isEmpty || !committed.moves.isEmpty {
            committed.batch = try StateDatabase.enqueueBatch(committed.entries, moves: committed.moves, in: db)
        }
        return committed
    }

    /// Commits one page; returns whether it was a duplicate.
    private mutating func commit(
        _ analyzed: AnalyzedPage, file: String, item: Int?, settings: PipelineSettings, now: Int64, in db: Database,
        into committed: inout Committed
    ) throws -> Bool {
        let fingerprint = analyzed.fingerprint
        // Classifies and remembers in one lookup, confirming candidates near a threshold on the
        // precise signatures stored so far (this batch's included); a known content id only
        // has its time moved on.
        let verdict = try index.record(fingerprint, seenAt: now, confirmingWith: StoryIndexStore.PreciseSignatures(db))
        let story = verdict.story(of: fingerprint)
        let facts = JournalEntry.PageFacts(
            file: file, item: item, doc: StableHash.hex(fingerprint.contentID), story: StableHash.hex(story),
            page: analyzed.page)
        let outcome: String
        switch verdict {
        case .new: outcome = "new"; committed.counts.new += 1
        case .duplicate: outcome = "duplicate"; committed.counts.duplicates += 1
        case .update: outcome = "update"; committed.counts.updates += 1
        }
        if verdict.match?.exact != true {
            try StoryIndexStore.append(fingerprint, story: story, seenAt: now, in: db)
        }
        let page = analyzed.page
        let matchedDoc = verdict.match.map { StableHash.hex($0.document) }
        try db.cachedStatement(
            sql: """
                INSERT INTO page (file, item, outcome, doc, story, score, matched_doc, title, published, source, url, seen_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(
            arguments: [
                file, item ?? 0, outcome, facts.doc, facts.story, verdict.match?.similarity,
                matchedDoc, page.title, page.published, page.source, page.url, now,
            ])

        if case .duplicate = verdict {
            // A duplicate never alerts: its story already had its chance.
        } else {
            try alert(analyzed.matches, facts: facts, verdict: verdict, settings: settings, now: now, in: db, into: &committed)
        }
        committed.outcomes.append(
            .fileOutcome(facts, outcome: outcome, score: verdict.match?.similarity, matchedDoc: matchedDoc))
        if case .duplicate = verdict { return true }
        return false
    }

    /// One alert per story and topic: an update alerts only for topics its story had not
    /// matched before (or, with `cooldown`, not for that long).
    ///
    /// A muted topic's match is recorded like an alert (so the story does not alert for it
    /// once the mute ends) and counted, but raises no entry and uses none of `max_per_hour`.
    private mutating func alert(
        _ matches: [TopicMatch], facts: JournalEntry.PageFacts, verdict: DedupVerdict, settings: PipelineSettings,
        now: Int64, in db: Database, into committed: inout Committed
    ) throws {
        var isUpdate = false
        if case .update = verdict { isUpdate = true }
        for match in matches {
            guard let topic = settings.topics[match.topicID] else { continue }
            // One upsert instead of a look then a write: it inserts the first alert of the
            // story for the topic, and moves the time on only for an update past the cooldown;
            // no row changed means no alert.
            try db.cachedStatement(
                sql: """
                    INSERT INTO story_topic (story, topic, alerted_at) VALUES (?1, ?2, ?3)
                    ON CONFLICT (story, topic) DO UPDATE SET alerted_at = excluded.alerted_at
                    WHERE ?4 AND excluded.alerted_at - story_topic.alerted_at >= ?5
                    """
            ).execute(arguments: [facts.story, topic.id, now, isUpdate && topic.cooldown != nil, topic.cooldown ?? 0])
            guard db.changesCount > 0 else { continue }
            if mutes.isMuted(topic.id, at: now) {
                committed.counts.muted += 1
                committed.counts.mutedByTopic[topic.id, default: 0] += 1
            } else if rateLimiter.admit(topic: topic.id, limit: topic.maxPerHour, now: now) {
                committed.alerts.append(.alert(facts, topic: topic, match: match))
                committed.counts.alerts += 1
                committed.counts.alertsByTopic[topic.id, default: 0] += 1
            } else {
                committed.counts.heldBack += 1
            }
        }
    }
}

extension StoryDesk.Committed {
    mutating func enqueueMove(_ file: AnalyzedFile, to destination: FileMover.Destination, reason: String?) {
        moves.append(
            StateDatabase.PendingMove(name: file.name, identity: file.identity, destination: destination, reason: reason))
    }
}
