/// Where a destination's messages go: a webhook, sendmail or an SMTP server. The forwarder
/// talks to this protocol only; each sink turns alerts into its own wire format.
public protocol AlertSink: Sendable {
    /// Sends one message holding `alerts` (one, or a digest window's). Never throws: every
    /// failure is an outcome that says whether trying again can help.
    func deliver(_ alerts: [JournalAlert], digest: Bool) async -> DeliveryOutcome
}

/// What one delivery attempt came to.
public enum DeliveryOutcome: Sendable, Equatable {
    /// Accepted by the receiver; `detail` says how (`HTTP 200`, `250 queued as …`).
    case delivered(detail: String)
    /// Failed for a reason that may pass (5xx, 429, a timeout, a refused connection); a
    /// server's `Retry-After` comes along.
    case retry(reason: String, after: Duration?)
    /// Refused for good (HTTP 4xx other than 408, 425 and 429; SMTP 5xx): retrying the same
    /// message cannot help, so it is logged and skipped.
    case rejected(reason: String)
}
