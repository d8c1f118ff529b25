import ArgumentParser
import NewswatchDaemon
import SystemPackage

#if canImport(Glibc)
    import Glibc
#endif

/// `newswatch alerts`: recent alerts from the journal, as a table or JSON lines.
struct AlertsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "alerts",
        abstract: "Show recent alerts from the journal (time, priority, topic, title, source, story).",
        discussion: """
            Reads alerts and held-back summaries through the sd-journal API. --topic takes ids or globs \
            (repeatable), --priority the least urgent priority shown (as journalctl -p). Exit codes: 0 ok \
            (also when nothing matched), 1 the journal could not be read, 64 usage error.
            """
    )

    @Option(name: .long, help: "How far back: a duration (30m, 1h, 2d) or a local date/time (2026-11-30, '2026-11-30 14:00').")
    var since: String = "24h"

    @Option(name: .long, help: "Only this topic id or glob (nato-*); repeat for several.")
    var topic: [String] = []

    @Option(name: .long, help: "Only this priority or more urgent: emerg, alert, crit, err, warning, notice, info, debug.")
    var priority: String = "debug"

    @Flag(name: .long, help: "Keep printing new alerts as they arrive, like journalctl -f.")
    var follow = false

    @Flag(name: .long, help: "One JSON object per line (the forwarder's generic JSON) instead of a table.")
    var json = false

    @Option(name: .long, help: "Read the journal files in this folder instead of the local journal.")
    var journalDirectory: String?

    func run() throws {
        guard let start = AlertListing.since(since) else {
            throw ValidationError("--since \"\(since)\" is neither a duration (30m, 1h, 2d) nor a date (2026-11-30 14:00)")
        }
        guard let minimum = JournalPriority(name: priority) else {
            throw ValidationError("--priority \"\(priority)\" is not a journald priority (emerg … debug, or 0–7)")
        }
        let listing = AlertListing(
            since: start, filter: AlertFilter(topics: topic, minimumPriority: minimum), style: json ? .jsonLines : .table,
            journalDirectory: journalDirectory.map { FilePath($0) })
        do {
            try listing.run(follow: follow) { line in
                print(line)
                fflush(nil)
            }
        } catch {
            printError("newswatch alerts: \(error)")
            throw ExitCode.failure
        }
    }
}
