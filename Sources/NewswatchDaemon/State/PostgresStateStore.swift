import Foundation
import Logging
import NewswatchCore
import NewswatchPostgres
import PostgresNIO
import ServiceLifecycle
import StoryDedup
import Synchronization
import SystemPackage

/// A fleet's shared state on PostgreSQL: the pages, stories, alert claims and story index of
/// every daemon that names the same database, and each daemon's own outbox.
///
/// Each commit, in one transaction: forget the rows done since the last one; read the pages
/// other daemons remembered since the last look into this daemon's in-memory index; lock the
/// batch's lookup keys (a daemon writing a page with one of them finishes first) and read the
/// stored pages that share one, so a story created on another host a moment ago is found;
/// fetch the precise signatures the verdicts hang on; let the desk decide; write the outcomes
/// and the remembered pages; claim the alerts (one per story and topic, `max_per_hour`
/// fleet-wide); queue the entries and moves in this daemon's outbox.
///
/// No call waits for a lost database: it fails at once, the processor keeps the files in the
/// inbox and retries with its backoff, and `FleetDatabase` logs each failed connection. No
/// call waits long for a hung one either: every statement ends within the transaction's
/// limit (`FleetDatabase.transactionLimit`, 30 s) or a second after its connection closed,
/// and once the daemon is stopping, within `shutdownGrace`.
final class PostgresStateStore: StateStore {
    let database: FleetDatabase
    let stateID: String
    let logger: Logger
    private let state = Mutex(State())

    private struct State {
        /// Where the next read of other daemons' pages starts.
        var position = SharedStoryIndex.Position(horizon: 0)
        /// The entries of this daemon's outbox rows not yet forgotten, for entries sent again.
        var outbox: [Int64: [JournalEntry]] = [:]
        var commits = 0
        /// When the fleet's ended rate-limit hours were last looked at.
        var windowsCheckedAt: Int64 = 0
        var hasRateLimits = false
        /// Since when the database cannot be reached, while it cannot.
        var lostSince: ContinuousClock.Instant?
    }

    /// How long a stopping daemon still waits for the database: enough for a healthy server
    /// to finish the batch under way, little enough that a lost one cannot hold SIGTERM.
    static let shutdownGrace = Duration.seconds(3)
    /// How often the daemons of a fleet look for ended `max_per_hour` hours.
    static let windowCheckInterval: Int64 = 10
    /// One pruning per this many seconds for the whole fleet (the retention timer runs hourly).
    static let pruneInterval: Int64 = 3_000

    private init(database: FleetDatabase, stateID: String, logger: Logger) {
        self.database = database
        self.stateID = stateID
        self.logger = logger
    }

    /// Connects (waiting with backoff until the database answers), brings the schema up to
    /// date and reads the state's id.
    /// - Parameter password: the password; nil looks in `NEWSWATCH_DATABASE_PASSWORD`, the
    ///   `database-password` credential and `~/.pgpass`.
    static func open(
        url: String, host: String, attempts: Int?, password: String? = nil, logger: Logger
    ) async throws -> PostgresStateStore {
        let location = try DatabaseLocation(parsing: url)
        var password = password
        if password == nil {
            let (found, warnings) = DatabasePassword.find(for: location)
            for warning in warnings { logger.warning("\(warning)") }
            password = found?.password
        }
        let database = try FleetDatabase(location: location, host: host, password: password, logger: logger)
        _ = try await database.connection(attempts: attempts)
        let outcome = try await FleetSchema.migrate(database)
        if !outcome.applied.isEmpty {
            logger.notice("state database \(location): applied schema versions \(outcome.applied)")
        }
        let id = try await database.transaction { connection in
            try await FleetSchema.stateID(on: connection, logger: logger)
        }
        logger.info("shared state in \(location) as host \(host)")
        return PostgresStateStore(database: database, stateID: id, logger: logger)
    }

    var location: String { database.location.description }
    var host: String { database.host }
    var commits: Int { state.withLock { $0.commits } }

    /// One transaction that fails at once when the database cannot be reached. The first
    /// failure of an outage is an error entry, and the first success after it a notice.
    private func transaction<Result>(_ body: (FleetConnection) async throws -> Result) async throws -> Result {
        do {
            let result = try await withGracefulShutdownHandler {
                try await database.transaction(attempts: 1, body)
            } onGracefulShutdown: { [database] in
                database.interrupt(after: Self.shutdownGrace, because: "newswatch is stopping")
            }
            if let since = state.withLock({ state in
                defer { state.lostSince = nil }
                return state.lostSince
            }) {
                logger.notice(
                    "the state database \(location) answers again after \(ContinuousClock.now - since); the inbox drains")
            }
            return result
        } catch let error as DatabaseError where error.isLoss || [.connect, .commitUnknown].contains(error.code) {
            let first = state.withLock { state in
                defer { if state.lostSince == nil { state.lostSince = .now } }
                return state.lostSince == nil
            }
            if first {
                logger.error(
                    "\(error); files wait in the inbox and newswatch reconnects with backoff",
                    metadata: ["database": "\(location)"])
            }
            throw error
        }
    }

    func loadIndex(configuration: DedupConfiguration, now: Int64) async throws -> StoryIndex {
        let (pages, position) = try await transaction { connection in
            try await SharedStoryIndex.load(seenSince: now - configuration.window, on: connection, logger: logger)
        }
        var index = StoryIndex(configuration: configuration, expectedCount: pages.count)
        SharedStoryIndex.apply(pages, to: &index)
        state.withLock { $0.position = position }
        return index
    }

    func commit(
        _ files: [AnalyzedFile], desk: inout StoryDesk, settings: PipelineSettings, now: Int64,
        forgetting done: DeliveredRows
    ) async throws -> StoryDesk.Committed {
        let fingerprints = files.flatMap { file -> [PageFingerprint] in
            guard case .pages(let pages, _) = file.outcome else { return [] }
            return pages.map(\.fingerprint)
        }
        let cutoff = now - desk.index.configuration.window
        var prepared: StoryDesk.Committed?
        do {
            let committed = try await transaction { connection in
                try await forget(done, on: connection)
                let muteGeneration = try await FleetMutes.generation(on: connection, logger: logger)
                if muteGeneration != desk.mutes.generation {
                    desk.mutes = TopicMutes(
                        generation: muteGeneration, mutes: try await Self.mutes(at: now, on: connection, logger: logger))
                }
                try await catchUp(&desk.index, cutoff: cutoff, on: connection)
                try await SharedStoryIndex.lockLookupKeys(of: fingerprints, on: connection, logger: logger)
                let candidates = try await SharedStoryIndex.candidates(
                    sharingKeysWith: fingerprints, on: connection, logger: logger)
                SharedStoryIndex.apply(candidates.filter { $0.seenAt >= cutoff }, to: &desk.index)
                let signatures = try await SharedStoryIndex.preciseSignatures(
                    of: Self.confirmationCandidates(of: fingerprints, in: desk.index), on: connection, logger: logger)
                let decisions = desk.decide(
                    files, settings: settings, now: now, confirmingWith: FetchedSignatures(signatures: signatures))
                try await write(decisions, on: connection)
                let verdicts = try await FleetAlerts.claim(
                    decisions.claims.map(Self.claim), host: host, now: now, on: connection, logger: logger)
                var committed = decisions.concluded(verdicts.map(Self.verdict))
                if committed.hasWork {
                    committed.batch = try await FleetOutbox.enqueue(
                        entries: OutboxBatchCoding.encode(committed.entries), moves: OutboxBatchCoding.encode(committed.moves),
                        host: host, on: connection, logger: logger)
                }
                prepared = committed
                return committed
            }
            finished(committed, forgetting: done)
            return committed
        } catch let error as DatabaseError where error.code == .commitUnknown {
            guard let prepared, let batch = prepared.batch, try await wasCommitted(batch, after: error) else { throw error }
            finished(prepared, forgetting: done)
            return prepared
        }
    }

    /// Adds the pages other daemons remembered since the last look.
    private func catchUp(_ index: inout StoryIndex, cutoff: Int64, on connection: FleetConnection) async throws {
        let since = state.withLock { $0.position }
        let (pages, position) = try await SharedStoryIndex.changes(
            since: since, excludingHost: host, on: connection, logger: logger)
        SharedStoryIndex.apply(pages.filter { $0.seenAt >= cutoff }, to: &index)
        state.withLock { $0.position = max($0.position, position) }
    }

    private func write(_ decisions: StoryDesk.Decisions, on connection: FleetConnection) async throws {
        try await FleetPages.record(
            decisions.committed.outcomes.map(Self.record), host: host, on: connection, logger: logger)
        try await SharedStoryIndex.remember(
            decisions.remembered.map {
                SharedStoryIndex.Page(fingerprint: $0.fingerprint, story: $0.story, seenAt: $0.seenAt, host: host)
            }, on: connection, logger: logger)
    }

    private func finished(_ committed: StoryDesk.Committed, forgetting done: DeliveredRows) {
        state.withLock { state in
            state.commits += 1
            for batch in done.batches { state.outbox[batch] = nil }
            if let batch = committed.batch { state.outbox[batch] = committed.entries }
        }
    }

    /// After the connection broke during COMMIT: whether the batch's outbox row is there,
    /// asked until the database answers (the files wait meanwhile).
    private func wasCommitted(_ batch: Int64, after error: DatabaseError) async throws -> Bool {
        logger.warning("\(error); asking the database whether outbox batch \(batch) was stored")
        var failures = 0
        var generator = SystemRandomNumberGenerator()
        while true {
            do {
                return try await transaction { connection in
                    var found = false
                    for _ in try await connection.query(
                        "SELECT id FROM outbox_batch WHERE id = \(batch) AND host = \(host)", logger: logger
                    ).decode(Int64.self) {
                        found = true
                    }
                    return found
                }
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                // A stopping daemon leaves the question to its next start, which replays the
                // outbox (at least once) before it looks at the inbox.
                if Task.isShuttingDownGracefully { throw error }
                failures += 1
                let wait = ReconnectBackoff().jitteredDelay(afterFailures: failures, using: &generator)
                try? await cancelWhenGracefulShutdown { try await Task.sleep(for: wait) }
            }
        }
    }

    func topicMutes(at now: Int64) async throws -> TopicMutes {
        try await transaction { connection in
            TopicMutes(
                generation: try await FleetMutes.generation(on: connection, logger: logger),
                mutes: try await Self.mutes(at: now, on: connection, logger: logger))
        }
    }

    func mutes(at now: Int64) async throws -> [TopicMute] {
        try await transaction { connection in try await Self.mutes(at: now, on: connection, logger: logger) }
    }

    private static func mutes(at now: Int64, on connection: FleetConnection, logger: Logger) async throws -> [TopicMute] {
        try await FleetMutes.mutes(at: now, on: connection, logger: logger).map {
            TopicMute(topic: $0.topic, until: $0.until, mutedAt: $0.mutedAt)
        }
    }

    func mute(topic: String, until: Int64?, now: Int64) async throws {
        try await transaction { connection in
            try await FleetMutes.mute(topic, until: until, now: now, on: connection, logger: logger)
        }
    }

    func unmute(topic: String, now: Int64) async throws -> Bool {
        try await transaction { connection in
            try await FleetMutes.unmute(topic, now: now, on: connection, logger: logger)
        }
    }

    func forget(_ done: DeliveredRows) async throws {
        guard !done.isEmpty else { return }
        try await transaction { connection in try await forget(done, on: connection) }
        state.withLock { state in
            for batch in done.batches { state.outbox[batch] = nil }
        }
    }

    private func forget(_ done: DeliveredRows, on connection: FleetConnection) async throws {
        for move in done.unmoved {
            let key = Self.key(of: move)
            try await connection.query(
                """
                INSERT INTO pending_move (host, name, device, inode, destination, reason)
                SELECT \(host), \(key.name), \(key.device), \(key.inode), \(move.storedDestination), \(move.reason)
                WHERE NOT EXISTS (SELECT 1 FROM pending_move WHERE host = \(host) AND name = \(key.name)
                    AND device IS NOT DISTINCT FROM \(key.device) AND inode IS NOT DISTINCT FROM \(key.inode))
                """, logger: logger)
        }
        for move in done.moved {
            let key = Self.key(of: move)
            try await connection.query(
                """
                DELETE FROM pending_move WHERE host = \(host) AND name = \(key.name)
                    AND device IS NOT DISTINCT FROM \(key.device) AND inode IS NOT DISTINCT FROM \(key.inode)
                """, logger: logger)
        }
        try await FleetOutbox.dequeue(done.batches, host: host, on: connection, logger: logger)
    }

    func pendingWork() async throws -> PendingWork {
        let work = try await transaction { connection in
            var work = PendingWork()
            for batch in try await FleetOutbox.pending(host: host, on: connection, logger: logger) {
                work.batches.append(OutboxBatch(id: batch.id, entries: OutboxBatchCoding.entries(batch.entries)))
                work.moves += OutboxBatchCoding.moves(batch.moves)
            }
            let rows = try await connection.query(
                "SELECT name, device, inode, destination, reason FROM pending_move WHERE host = \(host) ORDER BY id",
                logger: logger)
            for (name, device, inode, target, reason) in try rows.decode(
                (ByteBuffer, Int64?, Int64?, String, String?).self)
            {
                guard let name = OutboxBatchCoding.relativePath(Array(buffer: name)) else { continue }
                var identity: FileIdentity?
                if let device, let inode {
                    identity = FileIdentity(device: UInt64(bitPattern: device), inode: UInt64(bitPattern: inode))
                }
                work.moves.append(
                    PendingMove(
                        name: name, identity: identity,
                        destination: target.isEmpty ? .delete : .folder(FilePath(target)), reason: reason))
            }
            return work
        }
        state.withLock { state in
            for batch in work.batches { state.outbox[batch.id] = batch.entries }
        }
        return work
    }

    func outboxEntries(_ batch: Int64) throws -> [JournalEntry] {
        state.withLock { $0.outbox[batch] ?? [] }
    }

    func prune(olderThan cutoff: Int64, now: Int64) async throws -> Int? {
        // Checked first so that a lost database fails here rather than waiting.
        _ = try await database.connection(attempts: 1)
        switch try await FleetRetention.prune(olderThan: cutoff, interval: Self.pruneInterval, now: now, on: database) {
        case .pruned(let rows): return rows
        case .busy, .recent: return nil
        }
    }

    func endedRateWindows(now: Int64, limits: [String: Int]) async throws -> [AlertRateLimiter.Summary] {
        let due = state.withLock { state in
            state.hasRateLimits = !limits.isEmpty
            guard !limits.isEmpty, now - state.windowsCheckedAt >= Self.windowCheckInterval else { return false }
            state.windowsCheckedAt = now
            return true
        }
        guard due else { return [] }
        let ended = try await transaction { connection in
            try await FleetAlerts.endedWindows(now: now, on: connection, logger: logger)
        }
        return ended.map {
            AlertRateLimiter.Summary(topic: $0.topic, held: $0.held, limit: limits[$0.topic] ?? 0, start: $0.windowStart)
        }
    }

    var hasOpenRateWindows: Bool { state.withLock { $0.hasRateLimits } }

    func recentStories(limit: Int) async throws -> [StoryReport] {
        try await transaction { connection in
            try await FleetPages.recentStories(limit: limit, on: connection, logger: logger)
        }.map { story in
            StoryReport(
                id: story.id, title: story.title, source: story.source, published: story.published,
                firstSeen: story.firstSeen, lastSeen: story.lastSeen, topics: story.topics,
                pages: story.pages.map {
                    StoryReport.PageLine(
                        file: $0.file, outcome: $0.outcome, doc: $0.doc, score: $0.score, matchedDoc: $0.matchedDoc,
                        seenAt: $0.seenAt, host: $0.host)
                })
        }
    }

    func close() async {
        await database.close()
    }

    func describe(_ error: any Error) -> String {
        "\(error)"
    }
}

extension PostgresStateStore {
    /// The remembered pages whose precise signatures the batch's verdicts may need: those the
    /// index shortlists for each page now. The batch's own pages can only push candidates
    /// off a shortlist, never onto it, and their signatures are in memory.
    static func confirmationCandidates(of fingerprints: [PageFingerprint], in index: StoryIndex) -> [UInt64] {
        let recorder = RequestedSignatures()
        for fingerprint in fingerprints where fingerprint.precise != nil {
            _ = index.classify(fingerprint, confirmingWith: recorder)
        }
        return Array(recorder.documents)
    }

    static func record(_ outcome: PageOutcome) -> FleetPages.Record {
        FleetPages.Record(
            file: outcome.file, item: outcome.item ?? 0, outcome: outcome.verdict.rawValue, doc: outcome.doc,
            story: outcome.story, score: outcome.score, matchedDoc: outcome.matchedDoc, reason: outcome.reason,
            title: outcome.page?.title, published: outcome.page?.published, source: outcome.page?.source,
            url: outcome.page?.url, seenAt: outcome.seenAt)
    }

    static func claim(_ claim: StoryDesk.AlertClaim) -> FleetAlerts.Claim {
        FleetAlerts.Claim(
            story: claim.story, topic: claim.alert.topic.id, isUpdate: claim.isUpdate, cooldown: claim.cooldown,
            maxPerHour: claim.maxPerHour)
    }

    static func verdict(_ verdict: FleetAlerts.Verdict) -> StoryDesk.ClaimVerdict {
        switch verdict {
        case .alert: .alert
        case .held: .held
        case .taken: .taken
        }
    }

    private static func key(of move: PendingMove) -> (name: ByteBuffer, device: Int64?, inode: Int64?) {
        (
            ByteBuffer(bytes: OutboxBatchCoding.bytes(of: move.name)), move.identity.map { Int64(bitPattern: $0.device) },
            move.identity.map { Int64(bitPattern: $0.inode) }
        )
    }
}

/// Precise signatures fetched from the database for one batch.
struct FetchedSignatures: PreciseSignatureSource {
    typealias Failure = Never
    let signatures: [UInt64: PreciseSignature]

    func preciseSignature(of document: UInt64) -> PreciseSignature? {
        signatures[document]
    }
}

/// A source that has no signature but notes which were asked for.
final class RequestedSignatures: PreciseSignatureSource {
    typealias Failure = Never
    private(set) var documents: Set<UInt64> = []

    func preciseSignature(of document: UInt64) -> PreciseSignature? {
        documents.insert(document)
        return nil
    }
}
