import Foundation
import NewswatchTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// What systemd relies on: the notify protocol, signals, and nothing lost on a crash.
extension DaemonTests {
    @Suite("Daemon service contract", .timeLimit(.minutes(5)))
    struct DaemonServiceContractTests {
        @Test(arguments: StateBackend.allCases)
        func notifiesReadyStatusWatchdogAndStopping(backend: StateBackend) async throws {
            let fixture = try DaemonFixture(backend: try await backend.prepare())
            let notify = try NotifySocket(folder: fixture.folder)
            let process = try fixture.start(
                notify: notify, environment: ["WATCHDOG_USEC": "400000"])
            #expect(notify.wait { $0 == "READY=1" } != nil, "no READY=1: \(notify.messages)")
            try fixture.drop(seed: SharedData.seed001, as: "one.txt")
            try fixture.waitForOutcomes(["one.txt"])
            let status = notify.wait { $0.hasPrefix("STATUS=") && $0.contains("processed 1") }
            #expect(status != nil, "no STATUS with counts: \(notify.messages)")
            #expect(status?.contains("alerts 1") == true)
            #expect(status?.contains("duplicates 0") == true)
            #expect(status?.contains("failed 0") == true)
            #expect(status?.contains("backlog 0") == true)
            // At half of 400 ms, a few pings arrive within a second.
            try await Task.sleep(for: .seconds(1))
            #expect(notify.assignments.filter { $0 == "WATCHDOG=1" }.count >= 3, "\(notify.messages)")
            kill(process.processIdentifier, SIGTERM)
            #expect(fixture.waitForExit() == 0)
            #expect(notify.wait(timeout: 2) { $0 == "STOPPING=1" } != nil, "no STOPPING=1: \(notify.messages)")
        }

        @Test func noWatchdogPingsWithoutWatchdogUsec() throws {
            let fixture = try DaemonFixture()
            let notify = try NotifySocket(folder: fixture.folder)
            try fixture.start(notify: notify)
            #expect(notify.wait { $0 == "READY=1" } != nil)
            Thread.sleep(forTimeInterval: 0.5)
            fixture.signal(SIGTERM)
            #expect(fixture.waitForExit() == 0)
            #expect(!notify.assignments.contains("WATCHDOG=1"))
        }

        @Test func sighupReloadsTopicsAndAnInvalidConfigKeepsTheOldOnes() throws {
            let fixture = try DaemonFixture(topics: DaemonFixture.furnitureTopic)
            let notify = try NotifySocket(folder: fixture.folder)
            try fixture.start(notify: notify)
            #expect(notify.wait { $0 == "READY=1" } != nil)

            try fixture.writeConfig(topics: DaemonFixture.natoTopic)
            fixture.signal(SIGHUP)
            let reloaded = try fixture.journal.wait(for: fixture.pids) { entries in
                entries.contains { $0["MESSAGE"]?.hasPrefix("reloaded") == true }
            }
            #expect(reloaded.contains { $0["MESSAGE"]?.hasPrefix("reloaded") == true }, "no reload message")
            try fixture.drop(seed: SharedData.seed001, as: "after-reload.txt")
            var entries = try fixture.waitForOutcomes(["after-reload.txt"])
            #expect(entries.alerts.contains { $0["NEWSWATCH_TOPIC"] == "nato-expansion" })

            // A broken query: the error is logged and the NATO topic keeps working.
            try fixture.writeConfig(
                topics: DaemonFixture.natoTopic.replacingOccurrences(of: "priority = \"warning\"", with: "priority = \"loud\""))
            fixture.signal(SIGHUP)
            entries = try fixture.journal.wait(for: fixture.pids) { entries in
                entries.contains { $0["MESSAGE"]?.contains("reload failed") == true }
            }
            let failure = entries.first { $0["MESSAGE"]?.contains("reload failed") == true }
            #expect(failure?["MESSAGE"]?.contains("newswatch.toml:") == true, "\(failure ?? [:])")
            #expect(failure?["MESSAGE"]?.contains("priority") == true)
            try fixture.drop(seed: SharedData.seed000, as: "still-running.txt")
            entries = try fixture.waitForOutcomes(["still-running.txt"])
            #expect(entries.alerts.contains { $0["NEWSWATCH_FILE"] == "still-running.txt" })
            fixture.signal(SIGTERM)
            #expect(fixture.waitForExit() == 0)
        }

        /// On both stores: on PostgreSQL the killed daemon's outbox rows are its own host's.
        @Test(arguments: StateBackend.allCases)
        func sigkillMidBurstLosesNoFileAndNoAlert(backend: StateBackend) async throws {
            let fixture = try DaemonFixture(backend: try await backend.prepare())
            // Enough pages that a burst of committed batches (128 pages each) is still running
            // when the kill lands.
            let pages = 1_500
            // Distinct stories that all match the NATO topic.
            for number in 0..<pages {
                let page = BurstText.page(number)
                try page.write(to: fixture.inbox.appending(path: "burst-\(number).txt"), atomically: false, encoding: .utf8)
            }
            let notify = try NotifySocket(folder: fixture.folder)
            try fixture.start(notify: notify)
            #expect(notify.wait { $0 == "READY=1" } != nil)
            // Kill it as soon as the first batch is through (its files moved), in the middle of the
            // backlog: the folder is watched directly, since reading the journal back lags.
            let deadline = ContinuousClock.now + .seconds(20)
            while fixture.contents(of: fixture.processed).isEmpty, ContinuousClock.now < deadline {
                usleep(1_000)
            }
            fixture.signal(SIGKILL)
            _ = fixture.waitForExit()
            let left = fixture.contents(of: fixture.inbox).count
            #expect(left > 0, "the burst finished before the kill; the test proves nothing")

            try fixture.start()
            let names = (0..<pages).map { "burst-\($0).txt" }
            let entries = try fixture.waitForOutcomes(names, timeout: 120)
            fixture.signal(SIGTERM)
            #expect(fixture.waitForExit() == 0)

            #expect(fixture.contents(of: fixture.inbox).isEmpty)
            #expect(fixture.contents(of: fixture.processed).count == pages)
            let outcomeFiles = Set(entries.outcomes.compactMap { $0["NEWSWATCH_FILE"] })
            #expect(outcomeFiles == Set(names))
            let alerted = Set(entries.alerts.compactMap { $0["NEWSWATCH_FILE"] })
            #expect(alerted == Set(names), "\(Set(names).subtracting(alerted).count) alerts lost")
        }
    }
}

/// Distinct, sentence-like pages for bursts: each its own story, each about NATO expansion.
enum BurstText {
    static let syllables = ["ka", "lo", "mi", "ren", "tas", "vu", "dor", "sel", "pra", "nik", "ost", "bel", "gra", "fen", "zu", "hal"]

    static func page(_ number: Int) -> String {
        var state = UInt64(number) &* 0x9E37_79B9_7F4A_7C15 &+ 0x1234_5678
        func next() -> Int {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return Int(state % 1_000_003)
        }
        func word() -> String { (0..<(2 + next() % 2)).map { _ in syllables[next() % syllables.count] }.joined() }
        func sentence() -> String {
            let words = (0..<(10 + next() % 8)).map { _ in word() }
            return words.joined(separator: " ").prefix(1).uppercased() + words.joined(separator: " ").dropFirst() + "."
        }
        let title = "Council of \(word().capitalized) debates NATO expansion, bulletin \(number)"
        let first = (0..<5).map { _ in sentence() }.joined(separator: " ")
        let second = (0..<5).map { _ in sentence() }.joined(separator: " ")
        return "\(title)\n\n\(first) Officials discussed NATO expansion in the region.\n\n\(second)\n"
    }
}
