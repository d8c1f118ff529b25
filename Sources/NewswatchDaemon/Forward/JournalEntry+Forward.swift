/// The journal entries of `newswatch forward`: one per delivery, per failed attempt, per
/// message given up on, and per loss to vacuuming (`systemd/newswatch.catalog` explains each).
extension JournalEntry {
    /// A message reached a destination.
    public static let deliveredMessageID = "17b24a19bd1044039de2005538f5fc85"
    /// A delivery attempt failed and will be retried after a backoff.
    public static let deliveryFailedMessageID = "b37e7bbd2b64454cbf3cc9601b32c272"
    /// A destination refused a message for good (HTTP 4xx, SMTP 5xx): it was skipped.
    public static let deliveryRejectedMessageID = "2c0a2fbea920496986361ecbc2bd7344"
    /// Journal entries were vacuumed before the forwarder read them.
    public static let entriesLostMessageID = "38edf19d295249738042c321a71a9820"

    static func delivery(
        _ kind: String, to destination: String, alerts: [JournalAlert], attempt: Int, detail: String,
        priority: JournalPriority, messageID: String
    ) -> JournalEntry {
        let what = alerts.count == 1 ? "\"\(alerts[0].message)\"" : "a digest of \(alerts.count) alerts"
        var entry = JournalEntry(message: "forward to \(destination): \(kind) \(what): \(detail)", priority: priority, messageID: messageID)
        entry.append("NEWSWATCH_DESTINATION", destination)
        entry.append("NEWSWATCH_ALERTS", String(alerts.count))
        entry.append("NEWSWATCH_ATTEMPT", String(attempt))
        entry.append("NEWSWATCH_DETAIL", detail)
        if alerts.count == 1 {
            entry.append("NEWSWATCH_TOPIC", alerts[0].topic)
            entry.append("NEWSWATCH_STORY", alerts[0].fields["NEWSWATCH_STORY"])
        }
        entry.append("NEWSWATCH_FIRST_CURSOR", alerts.first?.cursor)
        entry.append("NEWSWATCH_LAST_CURSOR", alerts.last?.cursor)
        return entry
    }

    static func delivered(to destination: String, alerts: [JournalAlert], attempt: Int, detail: String) -> JournalEntry {
        delivery(
            "delivered", to: destination, alerts: alerts, attempt: attempt, detail: detail, priority: .info, messageID: deliveredMessageID)
    }

    static func deliveryFailed(
        to destination: String, alerts: [JournalAlert], attempt: Int, reason: String, retryIn: Duration
    ) -> JournalEntry {
        let seconds = Double(retryIn.nanoseconds) / 1e9
        var entry = delivery(
            "failed to deliver", to: destination, alerts: alerts, attempt: attempt,
            detail: "\(reason); retry in \(Self.secondsText(seconds))", priority: .warning, messageID: deliveryFailedMessageID)
        entry.append("NEWSWATCH_RETRY_IN", Self.secondsText(seconds))
        return entry
    }

    static func deliveryRejected(to destination: String, alerts: [JournalAlert], attempt: Int, reason: String) -> JournalEntry {
        delivery(
            "skipped (refused for good)", to: destination, alerts: alerts, attempt: attempt, detail: reason, priority: .err,
            messageID: deliveryRejectedMessageID)
    }

    static func entriesLost(destination: String, count: UInt64?, cursor: String) -> JournalEntry {
        let amount = count.map { "\($0) journal entr\($0 == 1 ? "y" : "ies")" } ?? "an unknown number of journal entries"
        var entry = JournalEntry(
            message:
                "forward to \(destination): \(amount) after the last delivered alert were vacuumed or rotated away before they were read; alerts among them were not delivered",
            priority: .warning, messageID: entriesLostMessageID)
        entry.append("NEWSWATCH_DESTINATION", destination)
        entry.append("NEWSWATCH_LOST", count.map(String.init) ?? "unknown")
        entry.append("NEWSWATCH_LAST_CURSOR", cursor)
        return entry
    }

    private static func secondsText(_ seconds: Double) -> String {
        let tenths = (seconds * 10).rounded() / 10
        return "\(tenths)s"
    }
}
