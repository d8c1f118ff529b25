/// The topics muted by `newswatch topics mute`, as the processor holds them between
/// batches: a lookup by topic id for each match, nothing per page.
struct TopicMutes: Sendable, Equatable {
    /// The state's mute counter when these were read; -1 before the first read, so the
    /// first batch always reads them.
    var generation: Int64 = -1
    /// Topic id → the end of its mute (Unix seconds); `Int64.max` until unmuted.
    var until: [String: Int64] = [:]

    init(generation: Int64 = -1, mutes: [TopicMute] = []) {
        self.generation = generation
        until = Dictionary(mutes.map { ($0.topic, $0.until ?? .max) }, uniquingKeysWith: max)
    }

    /// Whether `topic` is muted at `now`; a mute whose time is up no longer counts, without
    /// anyone having to unmute it.
    func isMuted(_ topic: String, at now: Int64) -> Bool {
        guard !until.isEmpty, let end = until[topic] else { return false }
        return now < end
    }
}
