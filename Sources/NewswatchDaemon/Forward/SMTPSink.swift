/// Sends each message to an SMTP server (`smtp = "smtp://user@host:587"`), with STARTTLS
/// unless `starttls = "off"` and the password from a credential.
struct SMTPSink: AlertSink {
    let session: SMTPSession
    let sender: String
    let recipients: [String]
    let hostname: String
    let timeout: Duration

    func deliver(_ alerts: [JournalAlert], digest: Bool) async -> DeliveryOutcome {
        let message = EmailMessage(alerts: alerts, digest: digest, sender: sender, recipients: recipients, hostname: hostname)
        do {
            let reply = try await withDeadline(timeout) { try await session.send(message) }
            return .delivered(detail: "SMTP \(reply.code) \(reply.text)")
        } catch let failure as SMTPSession.Failure where failure.permanent {
            return .rejected(reason: failure.description)
        } catch {
            return .retry(reason: "\(error)", after: nil)
        }
    }
}

/// The time a delivery took longer than its destination's `timeout`.
struct DeadlineExceeded: Error, CustomStringConvertible {
    var limit: Duration
    var description: String { "no answer within \(limit)" }
}

/// Runs `body`, cancelling it and throwing `DeadlineExceeded` when it takes longer than `limit`.
func withDeadline<Result: Sendable>(
    _ limit: Duration, _ body: @escaping @Sendable () async throws -> Result
) async throws -> Result {
    try await withThrowingTaskGroup(of: Result?.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: limit)
            return nil
        }
        defer { group.cancelAll() }
        guard let first = try await group.next(), let result = first else { throw DeadlineExceeded(limit: limit) }
        return result
    }
}
