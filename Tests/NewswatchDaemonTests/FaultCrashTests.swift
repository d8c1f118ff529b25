import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The fault suite, part one: the daemon killed again and again, and journald killed under
/// it. Real binary, real journald, real files; each test prints its figures (`FAULT …`).
extension DaemonTests {
    @Suite("Faults: crashes", .timeLimit(.minutes(10)))
    struct FaultCrashTests {
        /// Bursts on one state, each cut by SIGKILL at a random moment (during start-up and
        /// recovery, or once a random share of the burst is through): every file must end up
        /// exactly once in processed/, every outcome and every alert exactly once in the journal.
        @Test func aCrashLoopLosesNothingAndDoublesNothing() throws {
            let fixture = try DaemonFixture(topics: DaemonFixture.natoTopic)
            let rounds = 12
            let perRound = 250
            var names: [String] = []
            var killsWithWorkLeft = 0
            var generator = SystemRandomNumberGenerator()
            let started = Date()
            for round in 0..<rounds {
                let before = fixture.pages(in: fixture.processed).count
                try fixture.start()
                names += try fixture.dropBurst(perRound, prefix: "crash-\(round)", first: round * perRound)
                if round % 4 == 3 {
                    // Early: while it starts, recovers the last run's outbox, lists the inbox.
                    Thread.sleep(forTimeInterval: Double.random(in: 0.01...0.3, using: &generator))
                } else {
                    let target = before + Int.random(in: 1...(perRound - 20), using: &generator)
                    waitUntil(timeout: 20) { fixture.pages(in: fixture.processed).count >= target }
                }
                fixture.signal(SIGKILL)
                _ = fixture.waitForExit()
                if !fixture.contents(of: fixture.inbox).isEmpty { killsWithWorkLeft += 1 }
            }
            let lastKill = Date()
            try fixture.start()
            waitUntil(timeout: 300) { fixture.contents(of: fixture.inbox).isEmpty }
            try fixture.waitForOutcomes(names, timeout: 120)
            fixture.signal(SIGTERM)
            #expect(fixture.waitForExit() == 0)
            let drained = Date()

            let entries = try fixture.entries()
            let outcomes = Tally(expected: names, seen: entries.outcomeFiles)
            let alerts = Tally(expected: names, seen: entries.alertFiles)
            let files = Tally(expected: names, seen: fixture.pages(in: fixture.processed) + fixture.pages(in: fixture.failed))
            let resent = entries.filter { $0["MESSAGE"]?.contains("are not in the journal; sending them again") == true }.count
            reportFault(
                "crash loop",
                "\(rounds) SIGKILLs (\(killsWithWorkLeft) with files left in the inbox), \(names.count) files in \(String(format: "%.1f", drained.timeIntervalSince(started))) s "
                    + "(last start drained in \(String(format: "%.1f", drained.timeIntervalSince(lastKill))) s); "
                    + "files: \(files); outcomes: \(outcomes); alerts: \(alerts); batches found incomplete in the journal and completed: \(resent)"
            )
            #expect(killsWithWorkLeft >= 10, "the kills did not land during bursts")
            #expect(fixture.contents(of: fixture.inbox).isEmpty)
            #expect(files.lost.isEmpty && files.doubled.isEmpty, "\(files)")
            #expect(outcomes.lost.isEmpty, "lost outcomes: \(outcomes.lost.prefix(5))")
            #expect(outcomes.doubled.isEmpty, "doubled outcomes: \(outcomes.doubled.prefix(5))")
            #expect(alerts.lost.isEmpty, "lost alerts: \(alerts.lost.prefix(5))")
            #expect(alerts.doubled.isEmpty, "doubled alerts: \(alerts.doubled.prefix(5))")
        }

        /// A private journald, killed (SIGKILL) mid-burst and started again two seconds later:
        /// entries it had queued die with it, sends fail while it is away. Every outcome and
        /// alert must be in its journal exactly once in the end, and the daemon never restarts.
        @Test func journaldKilledMidBurstLosesNothing() throws {
            let fixture = try DaemonFixture(topics: DaemonFixture.natoTopic)
            let journald = try PrivateJournald(folder: fixture.folder.appending(path: "journald"))
            let notify = try NotifySocket(folder: fixture.folder)
            let daemon = try fixture.start(notify: notify, launcher: journald.launcher)
            #expect(notify.wait { $0 == "READY=1" } != nil, "no READY=1: \(fixture.standardError)")

            let pages = 2_000
            let names = try fixture.dropBurst(pages, prefix: "journald")
            waitUntil(timeout: 60) { fixture.pages(in: fixture.processed).count >= 300 }
            journald.kill()
            let killedAt = Date()
            let movedAtKill = fixture.pages(in: fixture.processed).count
            // Away for two seconds at least, and until STATUS= (sent every two seconds) said so.
            Thread.sleep(forTimeInterval: 2)
            let waiting = notify.wait(timeout: 6) { $0.hasPrefix("STATUS=") && $0.contains("wait for journald") }
            try journald.start()
            let restartedAt = Date()

            let journal = journald.journal
            // The folder first (cheap to look at), then the journal (each look parses it all).
            waitUntil(timeout: 180) { fixture.contents(of: fixture.inbox).isEmpty }
            let complete = try journal.wait(for: [daemon.processIdentifier], timeout: 180) { entries in
                Set(entries.outcomeFiles).count == pages && Set(entries.alertFiles).count == pages
            }
            let drained = Date()
            fixture.signal(SIGTERM)
            #expect(fixture.waitForExit() == 0)
            let entries = try journal.entries(of: [daemon.processIdentifier])
            let outcomes = Tally(expected: names, seen: entries.outcomeFiles)
            let alerts = Tally(expected: names, seen: entries.alertFiles)
            let files = Tally(expected: names, seen: fixture.pages(in: fixture.processed))
            reportFault(
                "journald killed",
                "\(pages) pages, journald SIGKILLed with \(movedAtKill) moved and restarted after \(String(format: "%.1f", restartedAt.timeIntervalSince(killedAt))) s; "
                    + "all in its journal \(String(format: "%.1f", drained.timeIntervalSince(restartedAt))) s after the restart; "
                    + "files: \(files); outcomes: \(outcomes); alerts: \(alerts); STATUS meanwhile: \(waiting ?? "none seen")")
            #expect(complete.count > 0)
            #expect(waiting != nil, "STATUS never said that entries wait for journald")
            #expect(files.lost.isEmpty && files.doubled.isEmpty, "\(files)")
            #expect(outcomes.lost.isEmpty, "lost outcomes: \(outcomes.lost.prefix(5))")
            #expect(alerts.lost.isEmpty, "lost alerts: \(alerts.lost.prefix(5))")
            #expect(outcomes.doubled.isEmpty, "doubled outcomes: \(outcomes.doubled.prefix(5))")
            #expect(alerts.doubled.isEmpty, "doubled alerts: \(alerts.doubled.prefix(5))")
            #expect(fixture.pids.count == 1, "the daemon was restarted")
        }
    }
}
