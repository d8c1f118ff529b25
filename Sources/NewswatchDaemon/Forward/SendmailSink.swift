import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Hands each message to the local mail system: `sendmail -oi -f FROM -- TO…` with the
/// message on standard input, as cron and smartd do. Exit 0 means the MTA queued it.
struct SendmailSink: AlertSink {
    let program: String
    let sender: String
    let recipients: [String]
    let hostname: String
    let timeout: Duration

    func deliver(_ alerts: [JournalAlert], digest: Bool) async -> DeliveryOutcome {
        let message = EmailMessage(
            alerts: alerts, digest: digest, sender: sender, recipients: recipients, hostname: hostname)
        let process = Process()
        process.executableURL = URL(filePath: program)
        process.arguments = ["-oi", "-f", sender, "--"] + recipients
        let input = Pipe()
        let errors = Pipe()
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        let finished = AsyncStream<Int32>.makeStream()
        process.terminationHandler = { finished.continuation.yield($0.terminationStatus) }
        do {
            try process.run()
        } catch {
            return .retry(reason: "cannot start \(program): \(error.localizedDescription)", after: nil)
        }
        do {
            try input.fileHandleForWriting.write(contentsOf: Data(message.rendered().utf8))
        } catch {
            // A sendmail that exits early closes its end; its exit status says why.
        }
        try? input.fileHandleForWriting.close()
        let status = try? await withDeadline(timeout) { await finished.stream.first { _ in true } ?? -1 }
        guard let status else {
            kill(process.processIdentifier, SIGKILL)  // SIGTERM may be ignored: dispositions set to SIG_IGN survive exec
            return .retry(reason: "\(program) did not finish within \(timeout)", after: nil)
        }
        let said = String(decoding: errors.fileHandleForReading.availableData.prefix(300), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        if status == 0 { return .delivered(detail: "\(program) exit 0") }
        // sysexits: 64-68 (usage, data, no input, no user, no host) will not pass by themselves.
        let reason = "\(program) exit \(status)" + (said.isEmpty ? "" : ": \(said)")
        return (64...68).contains(status) ? .rejected(reason: reason) : .retry(reason: reason, after: nil)
    }
}
