import NewswatchCore
import StoryDedup
import SystemPackage
import TopicMatching

/// The sequential stage: compares each analysed page with the remembered stories and decides
/// its verdict and the alerts it may raise, as values; a `StateStore` writes them in one
/// transaction and says which alerts were claimed.
///
/// Only the processor's task touches it, one batch at a time, so duplicates inside one
/// burst are still seen as duplicates.
struct StoryDesk: Sendable {
    var index: StoryIndex
    /// Topics muted by `newswatch topics mute`, as last read from the state store.
    var mutes = TopicMutes()
    /// Set when a transaction failed after the index was changed in place: the index is
    /// loaded again from the state store before the next commit.
    var needsReload = false

    /// What a committed batch leaves to do outside the transaction.
    struct Committed: Sendable {
        /// The outbox row holding `entries` and `moves` until they are done.
        var batch: Int64?
        /// Alerts first (they are what people wait for), then the outcomes.
        var entries: [JournalEntry] { alerts.map(JournalEntry.init(alert:)) + outcomes.map(JournalEntry.init(outcome:)) }
        var alerts: [Alert] = []
        /// Every page's outcome in arrival order: the batch's `page` rows.
        var outcomes: [PageOutcome] = []
        var moves: [PendingMove] = []
        var counts = DaemonCounters.Snapshot()
        /// When the processor took the batch from its queue (its clock), for the latency metric.
        var takenAt: Duration?

        /// Whether the batch leaves anything to deliver or move (an outbox row).
        var hasWork: Bool { !outcomes.isEmpty || !alerts.isEmpty || !moves.isEmpty }
    }

    /// A page the story index remembers anew (an exact repeat only has its time moved on).
    struct RememberedPage: Sendable {
        var fingerprint: PageFingerprint
        var story: UInt64
        var seenAt: Int64
    }

    /// One alert the desk would raise, if the state store lets the page claim its story and
    /// topic: the first page of a story to match the topic claims it, and an update claims
    /// it again past the topic's cooldown.
    struct AlertClaim: Sendable {
        var alert: Alert
        var story: String { alert.outcome.story ?? "" }
        var isUpdate: Bool
        /// A muted topic's claim marks the story as alerted (so it does not alert once the
        /// mute ends) but raises no entry and uses none of `max_per_hour`.
        var isMuted = false
        var cooldown: Int64? { alert.topic.cooldown }
        var maxPerHour: Int? { isMuted ? nil : alert.topic.maxPerHour }
    }

    /// What the state store answered for a claim.
    enum ClaimVerdict: Sendable, Equatable {
        /// Claimed: the alert goes out.
        case alert
        /// Claimed, but the topic's `max_per_hour` is used up: counted for the summary.
        case held
        /// The story had its alert for the topic already.
        case taken
    }

    /// A batch decided in memory, before the state store writes it.
    struct Decisions: Sendable {
        /// Everything but the alerts, which wait for the claims.
        var committed = Committed()
        var remembered: [RememberedPage] = []
        var claims: [AlertClaim] = []
    }

    /// Classifies every page of `files`, remembering each in the index, and says what the
    /// batch would write. Candidates near a threshold are confirmed on the precise signatures
    /// `source` holds, and on those of the batch's earlier pages.
    /// - Throws: what `source` throws; the index may then hold part of the batch.
    mutating func decide<Source: PreciseSignatureSource>(
        _ files: [AnalyzedFile], settings: PipelineSettings, now: Int64, confirmingWith source: Source
    ) throws(Source.Failure) -> Decisions {
        var decisions = Decisions()
        var signatures = BatchSignatures(stored: source)
        let configuration = settings.configuration
        for file in files {
            let fileName = file.name.string
            switch file.outcome {
            case .vanished, .skipped:
                continue
            case .failed(let reason, let kind):
                decisions.committed.outcomes.append(
                    PageOutcome(file: fileName, verdict: .failed, reason: reason, seenAt: now))
                decisions.committed.enqueueMove(
                    file, to: .folder(configuration.inbox.failed), reason: "\(fileName): \(reason)")
                decisions.committed.counts.processed += 1
                decisions.committed.counts.failed += 1
                decisions.committed.counts.failuresByReason[kind.rawValue, default: 0] += 1
            case .pages(let pages, let failedItems):
                var allDuplicates = failedItems.isEmpty
                for analyzed in pages {
                    let isDuplicate = try decide(
                        analyzed, file: fileName, settings: settings, now: now, signatures: &signatures,
                        into: &decisions)
                    allDuplicates = allDuplicates && isDuplicate
                }
                for failed in failedItems {
                    decisions.committed.outcomes.append(
                        PageOutcome(file: fileName, item: failed.item, verdict: .failed, reason: failed.reason, seenAt: now))
                    decisions.committed.counts.failed += 1
                    decisions.committed.counts.failuresByReason[failed.kind.rawValue, default: 0] += 1
                }
                let destination: FileMover.Destination =
                    allDuplicates && configuration.dedup.duplicates == .delete
                    ? .delete : .folder(configuration.inbox.processed)
                decisions.committed.enqueueMove(file, to: destination, reason: nil)
                decisions.committed.counts.processed += 1
            }
        }
        return decisions
    }

    /// Decides one page; returns whether it was a duplicate.
    private mutating func decide<Source: PreciseSignatureSource>(
        _ analyzed: AnalyzedPage, file: String, settings: PipelineSettings, now: Int64,
        signatures: inout BatchSignatures<Source>, into decisions: inout Decisions
    ) throws(Source.Failure) -> Bool {
        let fingerprint = analyzed.fingerprint
        // Classifies and remembers in one lookup; a known content id only has its time moved on.
        let verdict = try index.record(fingerprint, seenAt: now, confirmingWith: signatures)
        let story = verdict.story(of: fingerprint)
        if verdict.match?.exact != true {
            decisions.remembered.append(RememberedPage(fingerprint: fingerprint, story: story, seenAt: now))
            signatures.remember(fingerprint)
        }
        var outcome = PageOutcome(
            file: file, item: analyzed.item, verdict: .new, doc: StableHash.hex(fingerprint.contentID),
            story: StableHash.hex(story), score: verdict.match?.similarity,
            matchedDoc: verdict.match.map { StableHash.hex($0.document) }, page: analyzed.page, seenAt: now)
        switch verdict {
        case .new: decisions.committed.counts.new += 1
        case .duplicate:
            outcome.verdict = .duplicate
            decisions.committed.counts.duplicates += 1
        case .update:
            outcome.verdict = .update
            decisions.committed.counts.updates += 1
        }
        decisions.committed.outcomes.append(outcome)
        // A duplicate never alerts: its story already had its chance. An update alerts only
        // for topics its story had not matched before (or, with `cooldown`, not for that long).
        guard outcome.verdict != .duplicate else { return true }
        for match in analyzed.matches {
            guard let topic = settings.topics[match.topicID] else { continue }
            decisions.claims.append(
                AlertClaim(
                    alert: Alert(outcome: outcome, topic: topic, match: match), isUpdate: outcome.verdict == .update,
                    isMuted: mutes.isMuted(topic.id, at: now)))
        }
        return false
    }
}

extension StoryDesk.Decisions {
    /// The batch once the state store has answered its claims (in the order of `claims`).
    func concluded(_ verdicts: [StoryDesk.ClaimVerdict]) -> StoryDesk.Committed {
        var committed = self.committed
        for (claim, verdict) in zip(claims, verdicts) {
            switch verdict {
            case .alert where claim.isMuted:
                committed.counts.muted += 1
                committed.counts.mutedByTopic[claim.alert.topic.id, default: 0] += 1
            case .alert:
                committed.alerts.append(claim.alert)
                committed.counts.alerts += 1
                committed.counts.alertsByTopic[claim.alert.topic.id, default: 0] += 1
            case .held:
                committed.counts.heldBack += 1
            case .taken:
                break
            }
        }
        return committed
    }
}

extension StoryDesk.Committed {
    mutating func enqueueMove(_ file: AnalyzedFile, to destination: FileMover.Destination, reason: String?) {
        moves.append(PendingMove(name: file.name, identity: file.identity, destination: destination, reason: reason))
    }
}
