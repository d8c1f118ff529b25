import StoryDedup

/// Where the daemon keeps what it must not forget: every page's outcome with its story, which
/// topics each story has alerted for, the story index's pages and their lookup keys, and the
/// outbox that makes a crash lose nothing (journal entries not yet in the journal, files not
/// yet moved).
///
/// The pipeline talks to this boundary only, never to SQL. `SQLiteStateStore` is the embedded
/// default (one host, a file beside the daemon); `PostgresStateStore` is a fleet's shared
/// state, where several daemons find each other's stories and claim each alert once.
///
/// Only the processor's task commits, one batch at a time; `outboxEntries` is called from
/// the journal delivery, `recentStories` from any process.
protocol StateStore: AnyObject, Sendable {
    /// Where the state is, for messages: a file path, or a database URL without password.
    var location: String { get }
    /// A random id made when the state was created: the first part of every journal entry
    /// id, so entries of different states never share an id.
    var stateID: String { get }
    /// Write transactions committed so far.
    var commits: Int { get }

    /// The story index of the pages seen within `configuration.window` before `now`.
    func loadIndex(configuration: DedupConfiguration, now: Int64) async throws -> StoryIndex

    /// Decides and writes one batch in one transaction: the desk's mutes are read again when
    /// `topics mute` changed them, the desk classifies the pages (in the
    /// store's transaction, against what the store holds), the store writes the outcomes and
    /// the pages to remember, claims the alerts, and queues the entries and moves in the
    /// outbox; `done` (rows delivered or moved since) is forgotten in the same transaction.
    /// - Throws: when nothing was stored; `desk.index` may then hold part of the batch.
    func commit(
        _ files: [AnalyzedFile], desk: inout StoryDesk, settings: PipelineSettings, now: Int64,
        forgetting done: DeliveredRows
    ) async throws -> StoryDesk.Committed

    /// The topics muted at `now`, with the mute counter they belong to.
    func topicMutes(at now: Int64) async throws -> TopicMutes

    /// The mutes in force at `now`, by topic id, for the operator's commands.
    func mutes(at now: Int64) async throws -> [TopicMute]

    /// Mutes `topic` until `until` (nil: until unmuted); every daemon of the state follows
    /// it from its next batch.
    func mute(topic: String, until: Int64?, now: Int64) async throws

    /// Ends the mute of `topic`; false when it was not muted.
    func unmute(topic: String, now: Int64) async throws -> Bool

    /// Forgets delivered outbox rows and finished moves, and keeps the moves that failed.
    func forget(_ done: DeliveredRows) async throws

    /// Everything committed by this daemon but not yet delivered or moved.
    func pendingWork() async throws -> PendingWork

    /// The entries of one outbox row, for entries sent again; empty when the row is gone.
    func outboxEntries(_ batch: Int64) throws -> [JournalEntry]

    /// Deletes what was last seen before `cutoff` (unix seconds); nil when another daemon of
    /// the fleet does it.
    func prune(olderThan cutoff: Int64, now: Int64) async throws -> Int?

    /// Summaries of `max_per_hour` hours that ended at `now` with alerts held back; each is
    /// reported once (by one daemon of a fleet).
    func endedRateWindows(now: Int64, limits: [String: Int]) async throws -> [AlertRateLimiter.Summary]

    /// Whether a topic's rate-limit hour is open, so the processor must look again when it ends.
    var hasOpenRateWindows: Bool { get }

    /// The `limit` stories seen last, newest first.
    func recentStories(limit: Int) async throws -> [StoryReport]

    /// Work the store does when the daemon is quiet (SQLite copies its WAL into the file).
    func checkpoint() throws

    /// Ends the store's connections.
    func close() async

    /// The database's own words for a failed commit.
    func describe(_ error: any Error) -> String
}

extension StateStore {
    func checkpoint() throws {}
    func close() async {}
    func describe(_ error: any Error) -> String { "\(error)" }
}
