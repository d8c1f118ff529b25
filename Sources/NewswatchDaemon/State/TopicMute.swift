/// One muted topic: its matches are recorded but raise no alert until `until`.
public struct TopicMute: Sendable, Equatable {
    public var topic: String
    /// Unix seconds; nil until `newswatch topics unmute`.
    public var until: Int64?
    public var mutedAt: Int64

    public init(topic: String, until: Int64?, mutedAt: Int64) {
        self.topic = topic
        self.until = until
        self.mutedAt = mutedAt
    }
}
