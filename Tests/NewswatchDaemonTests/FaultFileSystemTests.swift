import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The fault suite, part two: file systems that fill up, turn read-only, or are not the
/// inbox's. Small tmpfs mounts on the test's own folders (root, as in CI).
extension DaemonTests {
    @Suite("Faults: file systems", .timeLimit(.minutes(6)))
    struct FaultFileSystemTests {
        /// The state database's file system fills up: commits fail, files wait in the inbox,
        /// STATUS= and a warning say so; once the file system grows, the backlog drains in the
        /// same process.
        @Test func aFullStateFileSystemHoldsFilesUntilItGrows() throws {
            let fixture = try DaemonFixture(topics: DaemonFixture.natoTopic)
            let state = try TmpfsMount(at: fixture.state, size: "2m")
            let notify = try NotifySocket(folder: fixture.folder)
            let daemon = try fixture.start(notify: notify)
            #expect(notify.wait { $0 == "READY=1" } != nil)
            let filler = try state.fill()

            let names = try fixture.dropBurst(400, prefix: "full")
            let status = notify.wait(timeout: 30) { $0.hasPrefix("STATUS=") && $0.contains("cannot commit") }
            let warned = try fixture.journal.wait(for: fixture.pids, timeout: 10) { entries in
                entries.contains { $0["MESSAGE"]?.contains("cannot commit outcomes") == true }
            }
            let waitingInInbox = fixture.contents(of: fixture.inbox).count
            try state.remount("size=64m")
            let grown = Date()
            waitUntil(timeout: 120) { fixture.contents(of: fixture.inbox).isEmpty }
            let drained = Date()
            let entries = try fixture.waitForOutcomes(names, timeout: 60)
            let recovered = notify.wait(timeout: 5) {
                $0.hasPrefix("STATUS=") && !$0.contains("waiting") && $0.contains("processed \(names.count)")
            }
            fixture.signal(SIGTERM)
            #expect(fixture.waitForExit() == 0)

            let outcomes = Tally(expected: names, seen: entries.outcomeFiles)
            let warning = warned.first { $0["MESSAGE"]?.contains("cannot commit outcomes") == true }
            reportFault(
                "state file system full",
                "a 2 MiB tmpfs filled (\(filler) bytes of filler), \(names.count) pages dropped, \(waitingInInbox) waited in the inbox; "
                    + "drained \(String(format: "%.1f", drained.timeIntervalSince(grown))) s after it grew, same process; outcomes: \(outcomes); "
                    + "STATUS: \(status ?? "none")")
            #expect(status != nil, "STATUS never said that commits fail")
            #expect(warning?["PRIORITY"] == "4", "\(warning ?? [:])")
            #expect(waitingInInbox > 0, "the file system was not full enough to stop commits")
            #expect(fixture.contents(of: fixture.inbox).isEmpty)
            #expect(outcomes.lost.isEmpty && outcomes.doubled.isEmpty, "\(outcomes)")
            #expect(fixture.pids == [daemon.processIdentifier])
            #expect(recovered != nil, "STATUS still says it waits: \(notify.assignments.last { $0.hasPrefix("STATUS=") } ?? "")")
        }

        /// The spool turns read-only under the daemon (root ignores permission bits, so the
        /// tmpfs is remounted read-only): outcomes are committed and sent, moves fail and wait,
        /// each stuck file gets an error entry, a restart only moves them (never analyses them
        /// again), and once the spool is writable again everything drains without a restart.
        @Test func aReadOnlySpoolHoldsMovesUntilItIsWritableAgain() throws {
            let fixture = try DaemonFixture(topics: DaemonFixture.natoTopic, spool: "spool")
            let spool = try TmpfsMount(at: fixture.spool, size: "64m")
            try FileManager.default.createDirectory(at: fixture.inbox, withIntermediateDirectories: true)
            let notify = try NotifySocket(folder: fixture.folder)
            try fixture.start(notify: notify)
            #expect(notify.wait { $0 == "READY=1" } != nil)

            fixture.signal(SIGSTOP)
            let names = try fixture.dropBurst(100, prefix: "readonly")
            try spool.remount("ro")
            fixture.signal(SIGCONT)
            let readOnlyAt = Date()
            let status = notify.wait(timeout: 30) { $0.hasPrefix("STATUS=") && $0.contains("files wait in the inbox to move") }
            // Six failed rounds of retries (0.1 s doubling) before each file gets its error entry.
            let stuck = try fixture.journal.wait(for: fixture.pids, timeout: 60) { entries in
                Set(entries.filter { $0["MESSAGE"]?.contains("stays in the inbox") == true }.compactMap { $0["NEWSWATCH_FILE"] })
                    .isSuperset(of: names)
            }
            let errorTimes = stuck.filter { $0["MESSAGE"]?.contains("stays in the inbox") == true }.compactMap(\.realtime)
            let firstReport = errorTimes.min() ?? Date()
            let reported = errorTimes.max() ?? Date()
            let outcomesWhileReadOnly = Tally(expected: names, seen: stuck.outcomeFiles)

            // A restart while it is still read-only: the files' outcomes are committed, so they
            // are only moved (and still cannot be), never read and analysed again.
            fixture.signal(SIGTERM)
            #expect(fixture.waitForExit() == 0)
            let second = try fixture.start(notify: notify)
            Thread.sleep(forTimeInterval: 2)
            let secondRun = try fixture.journal.entries(of: [second.processIdentifier])
            #expect(fixture.contents(of: fixture.inbox).count == names.count)

            try spool.remount("rw")
            let writable = Date()
            waitUntil(timeout: 60) { fixture.contents(of: fixture.inbox).isEmpty }
            let drained = Date()
            fixture.signal(SIGTERM)
            #expect(fixture.waitForExit() == 0)

            let entries = try fixture.entries()
            let outcomes = Tally(expected: names, seen: entries.outcomeFiles)
            let files = Tally(expected: names, seen: fixture.pages(in: fixture.processed))
            let error = stuck.first { $0["MESSAGE"]?.contains("stays in the inbox") == true }
            reportFault(
                "read-only spool",
                "\(names.count) pages; error entries naming each file from \(String(format: "%.1f", firstReport.timeIntervalSince(readOnlyAt))) s to \(String(format: "%.1f", reported.timeIntervalSince(readOnlyAt))) s after it turned read-only; "
                    + "a restart meanwhile analysed \(secondRun.outcomes.count) again; drained \(String(format: "%.1f", drained.timeIntervalSince(writable))) s after it turned writable; "
                    + "files: \(files); outcomes: \(outcomes); STATUS: \(status ?? "none")")
            #expect(status != nil)
            #expect(error?["PRIORITY"] == "3" && error?["NEWSWATCH_REASON"]?.contains("Read-only") == true, "\(error ?? [:])")
            #expect(outcomesWhileReadOnly.lost.isEmpty, "outcomes are committed and sent while the spool is read-only")
            #expect(secondRun.outcomes.isEmpty, "a restart analysed committed files again")
            #expect(files.lost.isEmpty && files.doubled.isEmpty, "\(files)")
            #expect(outcomes.lost.isEmpty && outcomes.doubled.isEmpty, "\(outcomes)")
        }

        /// processed/ on another file system than the inbox: rename cannot cross it, so the
        /// daemon refuses to start and says why (exit 1, systemd shows the message).
        @Test func processedOnAnotherFileSystemIsRefusedAtStart() throws {
            let fixture = try DaemonFixture(topics: DaemonFixture.natoTopic)
            let elsewhere = try TmpfsMount(at: fixture.processed, size: "1m")
            try fixture.start(environment: ["NEWSWATCH_JOURNAL_SOCKET": fixture.folder.appending(path: "none").path])
            let status = fixture.waitForExit(timeout: 20)
            let message = fixture.standardError
            reportFault(
                "processed/ on another file system",
                "exit \(status.map(String.init) ?? "none"): \(message.split(separator: "\n").last ?? "")")
            #expect(status == 1)
            #expect(message.contains("another file system"), "\(message)")
            #expect(message.contains(elsewhere.path.lastPathComponent))
        }
    }
}
