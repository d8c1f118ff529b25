import Logging
import NewswatchCore
import Synchronization

/// A committed batch's journal entries, as its outbox row holds them.
struct OutboxBatch: Sendable {
    /// The `outbox` row; entry `i` is sent as `NEWSWATCH_ENTRY=STATE-id-i`.
    let id: Int64
    let entries: [JournalEntry]
}

/// Gets every outbox entry into the journal exactly once, and says when an outbox row may
/// be forgotten: only once journald really has all of its entries.
///
/// `sd_journal_sendv` succeeding is not enough: a journald killed with entries still queued
/// in its socket loses them. So a batch counts as delivered once its last entry can be read
/// back from the journal (journald takes the datagrams of its socket in order, so the last
/// one read means the ones before it were read too), unless journald went away in between
/// (a refused send, or a new socket: a journald started again): then each entry of the batch
/// is looked up by its `NEWSWATCH_ENTRY` id and the missing ones are sent again.
///
/// A refused send keeps the batch and retries with backoff; processing goes on until
/// `backlogLimit` entries wait, then the processor leaves new files in the inbox. When the
/// journal cannot be read back (no permission, no journal kept) delivery falls back to at
/// least once: an entry counts as delivered when journald took it.
final class JournalDelivery: Sendable {
    let writer: JournalWriter
    /// The state database's id, the first part of every entry id.
    let stateID: String
    private let clock: ElapsedClock
    private let logger: Logger
    private let state: Mutex<State>
    /// Reads a batch's entries back from its outbox row, for entries sent again.
    private let load: @Sendable (Int64) throws -> [JournalEntry]

    /// Entries that may wait for journald before the processor stops taking new files.
    static let backlogLimit = 65_536
    /// How often sent batches are looked up in the journal.
    static let checkInterval = Duration.milliseconds(250)
    /// How long a sent entry may stay out of sight before it is taken as lost and sent again.
    static let lostAfter = Duration.seconds(30)
    /// Rounds of sending a batch again before reading back is given up as broken.
    static let resendLimit = 3

    init(
        writer: JournalWriter, stateID: String, clock: ElapsedClock, logger: Logger,
        load: @escaping @Sendable (Int64) throws -> [JournalEntry]
    ) {
        self.writer = writer
        self.stateID = stateID
        self.clock = clock
        self.logger = logger
        self.load = load
        state = Mutex(State())
    }

    private struct State {
        var batches: [Tracked] = []
        var waitingEntries = 0
        var confirmed: [Int64] = []
        /// Sends journald refused so far: a batch sent before the last refusal may have been
        /// queued in a journald that died.
        var refusals = 0
        var refusal: (error: SystemCallError, since: Duration)?
        var backoff = Backoff()
        var retryAt: Duration?
        var nextCheck: Duration?
        /// False when the journal cannot be read back: then delivery is at least once.
        var readsBack = true
        /// Open while sent entries wait to be seen, closed when none does: looking entries up
        /// maps pages of every journal file, which an idle daemon should not hold.
        var journal: SystemJournal?
    }

    private struct Tracked {
        /// The outbox row; negative for the marker entry of a start.
        let id: Int64
        let count: Int
        /// The entries while a round of sending needs them; dropped after it (the outbox
        /// row keeps them and `load` reads them back), so a burst waiting to be confirmed
        /// costs no memory. The marker keeps its one entry.
        var entries: [JournalEntry]?
        /// Entries still to send, in order.
        var toSend: ArraySlice<Int>
        /// The last complete round of sending.
        var sent: Sent?
        var resends = 0
    }

    private struct Sent {
        /// `State.refusals` at the time; -1 for batches of a previous run, never trusted.
        var refusals: Int
        var socket: FileIdentity?
        var at: Duration
        var lastIndex: Int
    }

    private func id(_ batch: Int64, _ index: Int) -> String {
        batch < 0 ? "\(stateID)-sync-\(-batch)" : "\(stateID)-\(batch)-\(index)"
    }

    // MARK: start

    /// Opens the journal for reading back and sends the entries the last run left in the
    /// outbox, only those the journal does not have. Before looking, a marker entry is
    /// sent and waited for: journald takes datagrams in order, so once the marker is in
    /// the journal, so is everything the crashed run sent before it.
    func start(recovering batches: [OutboxBatch]) {
        let now = clock.now
        state.withLock { state in
            guard open(&state) != nil else {
                for batch in batches { track(batch, toSend: Array(batch.entries.indices)[...], sent: nil, in: &state) }
                return
            }
            guard !batches.isEmpty else { return }
            // The previous run's batches count as sent while journald may have gone away.
            for batch in batches where !batch.entries.isEmpty {
                track(
                    batch, toSend: [],
                    sent: Sent(refusals: -1, socket: nil, at: now, lastIndex: batch.entries.count - 1), in: &state)
            }
            let marker = OutboxBatch(id: -Int64.random(in: 1...Int64.max), entries: [Self.marker(count: batches.count)])
            track(marker, toSend: [0], sent: nil, in: &state)
        }
        pump()
        // The usual case: journald answers and shows the marker within moments; the look-ups
        // then happen here, before READY=1. Otherwise the regular checks do them later.
        let deadline = clock.now + .seconds(5)
        while hasUncheckedSync, clock.now < deadline {
            state.withLock { state in
                _ = try? open(&state)?.wait(timeout: .milliseconds(50))
                confirm(&state, now: clock.now, force: true)
            }
        }
        state.withLock { send(&$0, now: clock.now) }
    }

    private var hasUncheckedSync: Bool {
        state.withLock { $0.batches.contains { $0.id < 0 } }
    }

    private static func marker(count: Int) -> JournalEntry {
        JournalEntry(
            message: "newswatch started; \(count) batches of entries left by the last run are checked against the journal",
            priority: .info)
    }

    /// The journal, opened if need be; nil when it cannot be read back.
    private func open(_ state: inout State) -> SystemJournal? {
        guard state.readsBack, writer.destination == .journal else {
            state.readsBack = false
            return nil
        }
        if let journal = state.journal { return journal }
        do {
            state.journal = try SystemJournal()
        } catch {
            logger.warning(
                "cannot read the journal back (\(error)): entries are sent at least once, and after a crash some may be sent twice; give the daemon's user the systemd-journal group to read it"
            )
            state.readsBack = false
        }
        return state.journal
    }

    private func track(_ batch: OutboxBatch, toSend: ArraySlice<Int>, sent: Sent?, in state: inout State) {
        state.batches.append(
            Tracked(
                id: batch.id, count: batch.entries.count, entries: toSend.isEmpty ? nil : batch.entries, toSend: toSend,
                sent: sent))
        let before = state.waitingEntries
        state.waitingEntries += batch.entries.count
        if before < Self.backlogLimit && state.waitingEntries >= Self.backlogLimit {
            logger.warning(
                "\(state.waitingEntries) journal entries wait for journald; new files wait in the inbox until it takes them")
        }
    }

    // MARK: running

    /// Queues a committed batch and sends what journald will take now.
    func deliver(_ batch: OutboxBatch) {
        guard !batch.entries.isEmpty else {
            state.withLock { $0.confirmed.append(batch.id) }
            return
        }
        state.withLock { state in track(batch, toSend: Array(batch.entries.indices)[...], sent: nil, in: &state) }
        pump()
    }

    /// Sends what waits when its retry is due, and checks sent batches against the journal
    /// when a check is due.
    func pump() {
        state.withLock { state in
            let now = clock.now
            if state.retryAt.map({ now >= $0 }) ?? true {
                send(&state, now: now)
            }
            if let check = state.nextCheck, now >= check {
                confirm(&state, now: now, force: false)
            }
        }
    }

    private func send(_ state: inout State, now: Duration) {
        guard state.batches.contains(where: { !$0.toSend.isEmpty }) else { return }
        let socket = writer.socketIdentity
        for position in state.batches.indices where !state.batches[position].toSend.isEmpty {
            let batch = state.batches[position].id
            if state.batches[position].entries == nil {
                do {
                    state.batches[position].entries = try load(batch)
                } catch {
                    logger.debug("cannot read outbox batch \(batch) back yet: \(error)")
                    return
                }
            }
            let entries = state.batches[position].entries ?? []
            // Entries are gone from the row only if it was damaged: nothing left to send.
            state.batches[position].toSend.removeAll { $0 >= entries.count }
            defer { if batch >= 0 { state.batches[position].entries = nil } }
            while let index = state.batches[position].toSend.first {
                do {
                    try writer.send(entries[index], id: id(batch, index))
                } catch {
                    refused(error, in: &state, now: now)
                    return
                }
                state.batches[position].toSend.removeFirst()
                // A batch sent in several rounds is as trustworthy as its first round.
                let earlier = state.batches[position].sent
                state.batches[position].sent = Sent(
                    refusals: min(earlier?.refusals ?? state.refusals, state.refusals), socket: earlier?.socket ?? socket,
                    at: now, lastIndex: index)
            }
        }
        if let refusal = state.refusal {
            logger.notice(
                "journald takes entries again after \(now - refusal.since); \(state.waitingEntries) entries were kept for it")
            state.refusal = nil
        }
        state.backoff.reset()
        state.retryAt = nil
        writer.flushHeld()
        if !state.readsBack {
            confirmAll(&state)
        } else if state.nextCheck == nil {
            state.nextCheck = now + Self.checkInterval
        }
    }

    private func refused(_ error: SystemCallError, in state: inout State, now: Duration) {
        state.refusals += 1
        if state.refusal == nil {
            state.refusal = (error, now)
            logger.warning(
                "journald does not take entries (\(error)); \(state.waitingEntries) entries stay in the outbox and are sent when it answers"
            )
        }
        state.retryAt = now + state.backoff.next()
    }

    private func confirmAll(_ state: inout State) {
        var kept: [Tracked] = []
        for tracked in state.batches {
            if tracked.toSend.isEmpty && tracked.sent != nil {
                finished(tracked, in: &state)
            } else {
                kept.append(tracked)
            }
        }
        state.batches = kept
    }

    private func finished(_ tracked: Tracked, in state: inout State) {
        let before = state.waitingEntries
        state.waitingEntries -= tracked.count
        if before >= Self.backlogLimit && state.waitingEntries < Self.backlogLimit {
            logger.notice("journald has caught up; new files are taken again")
        }
        if tracked.id >= 0 { state.confirmed.append(tracked.id) }
    }

    /// Looks sent batches up in the journal (see the type's comment).
    private func confirm(_ state: inout State, now: Duration, force: Bool) {
        guard let journal = open(&state) else { return confirmAll(&state) }
        state.nextCheck = nil
        defer { if state.batches.isEmpty { state.journal = nil } }
        guard let newest = state.batches.last(where: { $0.sent != nil && $0.toSend.isEmpty }), let sent = newest.sent
        else { return }
        state.nextCheck = now + Self.checkInterval
        try? journal.refresh()
        let socket = writer.socketIdentity
        let newestSeen = (try? journal.contains(JournalEntry.entryIDField, id(newest.id, sent.lastIndex))) ?? false
        guard newestSeen || now - sent.at >= Self.lostAfter else { return }
        var kept: [Tracked] = []
        for var tracked in state.batches {
            guard let sent = tracked.sent, tracked.toSend.isEmpty, newestSeen || now - sent.at >= Self.lostAfter else {
                kept.append(tracked)
                continue
            }
            let undisturbed = newestSeen && sent.refusals == state.refusals && socket != nil && sent.socket == socket
            if undisturbed {
                finished(tracked, in: &state)
                continue
            }
            let missing = (0..<tracked.count).filter {
                (try? journal.contains(JournalEntry.entryIDField, id(tracked.id, $0))) != true
            }
            if missing.isEmpty {
                finished(tracked, in: &state)
                continue
            }
            tracked.resends += 1
            if tracked.resends > Self.resendLimit {
                logger.warning(
                    "entries sent to journald do not show up when reading the journal back; delivery falls back to at least once")
                state.readsBack = false
                tracked.toSend = missing[...]
                kept.append(tracked)
                continue
            }
            if tracked.id >= 0 {
                logger.notice("\(missing.count) entries of outbox batch \(tracked.id) are not in the journal; sending them again")
            }
            tracked.toSend = missing[...]
            tracked.sent = nil
            kept.append(tracked)
        }
        state.batches = kept
        if !force { send(&state, now: now) }
    }

    /// At shutdown: waits up to `timeout` for journald to show what was sent, so the next
    /// start finds an empty outbox instead of looking entries up.
    func settle(timeout: Duration) {
        let deadline = clock.now + timeout
        while clock.now < deadline {
            let done = state.withLock { state -> Bool in
                if !state.readsBack || state.refusal != nil { return true }
                confirm(&state, now: clock.now, force: true)
                if state.batches.isEmpty { return true }
                _ = try? open(&state)?.wait(timeout: .milliseconds(50))
                return false
            }
            if done { return }
        }
    }

    // MARK: what the processor asks

    /// Outbox rows whose entries are all in the journal, to delete.
    func takeConfirmed() -> [Int64] {
        state.withLock { state in
            defer { state.confirmed = [] }
            return state.confirmed
        }
    }

    /// True when so many entries wait that new files should stay in the inbox for now.
    var isBackedUp: Bool {
        state.withLock { $0.waitingEntries >= Self.backlogLimit }
    }

    /// When `pump()` has something to do next (time since start), nil when nothing waits.
    var nextDeadline: Duration? {
        state.withLock { state in
            let sending = state.batches.contains { !$0.toSend.isEmpty } ? (state.retryAt ?? clock.now) : nil
            return [sending, state.nextCheck].compactMap { $0 }.min()
        }
    }

    /// A phrase for `STATUS=` while journald refuses entries, else nil.
    var waitingNote: String? {
        state.withLock { state in
            guard let refusal = state.refusal else { return nil }
            let full = state.waitingEntries >= Self.backlogLimit ? "; new files wait in the inbox" : ""
            return "\(state.waitingEntries) entries wait for journald (\(refusal.error.errno))\(full)"
        }
    }
}
