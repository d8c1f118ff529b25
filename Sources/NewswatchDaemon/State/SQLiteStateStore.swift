import Foundation
import GRDB
import NewswatchCore
import StoryDedup
import Synchronization
import SystemPackage

/// The embedded state: one SQLite file (`StateDatabase`) owned by one daemon.
///
/// Alerts are claimed with one upsert on `story_topic` each, and `max_per_hour` is counted in
/// memory: nothing else writes this file.
final class SQLiteStateStore: StateStore {
    let database: StateDatabase
    /// Rolled back with the transaction when a commit fails.
    private let rateLimiter = Mutex(AlertRateLimiter())

    init(database: StateDatabase) {
        self.database = database
    }

    var location: String { database.path.string }
    var stateID: String { database.id }
    var commits: Int { database.commits.load(ordering: .relaxed) }

    func loadIndex(configuration: DedupConfiguration, now: Int64) async throws -> StoryIndex {
        try database.read { db in try StoryIndexStore.load(from: db, configuration: configuration, now: now) }
    }

    func commit(
        _ files: [AnalyzedFile], desk: inout StoryDesk, settings: PipelineSettings, now: Int64,
        forgetting done: DeliveredRows
    ) async throws -> StoryDesk.Committed {
        let limiter = rateLimiter.withLock { $0 }
        do {
            return try database.write { db in
                try StateDatabase.dequeue(done, in: db)
                // One row read a batch; the mutes themselves only when `topics mute` changed them.
                if try TopicMuteStore.generation(in: db) != desk.mutes.generation {
                    desk.mutes = try TopicMuteStore.load(at: now, in: db)
                }
                // Candidates are confirmed on the precise signatures stored so far.
                let decisions = try desk.decide(
                    files, settings: settings, now: now, confirmingWith: StoryIndexStore.PreciseSignatures(db))
                for page in decisions.remembered {
                    try StoryIndexStore.append(page.fingerprint, story: page.story, seenAt: page.seenAt, in: db)
                }
                for outcome in decisions.committed.outcomes {
                    try Self.record(outcome, in: db)
                }
                var verdicts: [StoryDesk.ClaimVerdict] = []
                for claim in decisions.claims {
                    verdicts.append(try self.claim(claim, now: now, in: db))
                }
                var committed = decisions.concluded(verdicts)
                if committed.hasWork {
                    committed.batch = try StateDatabase.enqueueBatch(committed.entries, moves: committed.moves, in: db)
                }
                return committed
            }
        } catch {
            rateLimiter.withLock { $0 = limiter }
            throw error
        }
    }

    private static func record(_ outcome: PageOutcome, in db: Database) throws {
        let page = outcome.page
        try db.cachedStatement(
            sql: """
                INSERT INTO page (file, item, outcome, doc, story, score, matched_doc, reason, title, published, source,
                    url, seen_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(
            arguments: [
                outcome.file, outcome.item ?? 0, outcome.verdict.rawValue, outcome.doc, outcome.story, outcome.score,
                outcome.matchedDoc, outcome.reason, page?.title, page?.published, page?.source, page?.url,
                outcome.seenAt,
            ])
    }

    /// One upsert instead of a look then a write: it inserts the first alert of the story for
    /// the topic, and moves the time on only for an update past the cooldown; no row changed
    /// means the story had its alert.
    private func claim(_ claim: StoryDesk.AlertClaim, now: Int64, in db: Database) throws -> StoryDesk.ClaimVerdict {
        try db.cachedStatement(
            sql: """
                INSERT INTO story_topic (story, topic, alerted_at) VALUES (?1, ?2, ?3)
                ON CONFLICT (story, topic) DO UPDATE SET alerted_at = excluded.alerted_at
                WHERE ?4 AND excluded.alerted_at - story_topic.alerted_at >= ?5
                """
        ).execute(
            arguments: [claim.story, claim.alert.topic.id, now, claim.isUpdate && claim.cooldown != nil, claim.cooldown ?? 0])
        guard db.changesCount > 0 else { return .taken }
        let admitted = rateLimiter.withLock {
            $0.admit(topic: claim.alert.topic.id, limit: claim.maxPerHour, now: now)
        }
        return admitted ? .alert : .held
    }

    func topicMutes(at now: Int64) async throws -> TopicMutes {
        try database.read { db in try TopicMuteStore.load(at: now, in: db) }
    }

    func mutes(at now: Int64) async throws -> [TopicMute] {
        try database.mutes(at: now)
    }

    func mute(topic: String, until: Int64?, now: Int64) async throws {
        try database.mute(topic: topic, until: until, now: now)
    }

    func unmute(topic: String, now: Int64) async throws -> Bool {
        try database.unmute(topic: topic, now: now)
    }

    func forget(_ done: DeliveredRows) async throws {
        try database.write { db in try StateDatabase.dequeue(done, in: db) }
    }

    func pendingWork() async throws -> PendingWork {
        try database.pendingWork()
    }

    func outboxEntries(_ batch: Int64) throws -> [JournalEntry] {
        try database.outboxEntries(batch)
    }

    func prune(olderThan cutoff: Int64, now: Int64) async throws -> Int? {
        try database.write { db in try database.prune(olderThan: cutoff, in: db) }
    }

    func endedRateWindows(now: Int64, limits: [String: Int]) async throws -> [AlertRateLimiter.Summary] {
        rateLimiter.withLock { $0.endedWindows(now: now, limits: limits) }
    }

    var hasOpenRateWindows: Bool { rateLimiter.withLock { $0.hasOpenWindows } }

    func recentStories(limit: Int) async throws -> [StoryReport] {
        try database.recentStories(limit: limit)
    }

    func checkpoint() throws {
        try database.checkpoint()
    }

    /// SQLite's own words for a failed commit ("database or disk is full", "database is locked").
    func describe(_ error: any Error) -> String {
        if let error = error as? DatabaseError {
            return error.message ?? "\(error.resultCode)"
        }
        return "\(error)"
    }
}
