import Foundation
import NewswatchTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// How files enter and leave the inbox: the backlog, names still being written, bad input,
/// and an inbox that disappears.
extension DaemonTests {
    @Suite("Daemon inbox", .timeLimit(.minutes(3)))
    struct DaemonInboxTests {
        @Test(arguments: StateBackend.allCases)
        func backlogPresentAtStartIsProcessed(backend: StateBackend) async throws {
            let fixture = try DaemonFixture(backend: try await backend.prepare())
            try Data(contentsOf: SharedData.seed000).write(to: fixture.inbox.appending(path: "waiting-0.txt"))
            try Data(contentsOf: SharedData.seed001).write(to: fixture.inbox.appending(path: "waiting-1.txt"))
            try fixture.start()
            let entries = try fixture.waitForOutcomes(["waiting-0.txt", "waiting-1.txt"])
            fixture.signal(SIGTERM)
            #expect(fixture.waitForExit() == 0)
            #expect(entries.outcomes.count == 2)
            #expect(fixture.contents(of: fixture.inbox).isEmpty)
        }

        @Test func namesStillBeingWrittenWaitUntilRenamed() throws {
            let fixture = try DaemonFixture()
            let notify = try NotifySocket(folder: fixture.folder)
            try fixture.start(notify: notify)
            #expect(notify.wait { $0 == "READY=1" } != nil)
            let seed = try Data(contentsOf: SharedData.seed001)
            let partial = [".hidden", "page.tmp", "page.part", "page~"]
            for name in partial { try seed.write(to: fixture.inbox.appending(path: name)) }
            try fixture.drop(seed: SharedData.seed000, as: "marker.txt")
            try fixture.waitForOutcomes(["marker.txt"])
            #expect(fixture.contents(of: fixture.inbox) == partial.sorted())

            try FileManager.default.moveItem(at: fixture.inbox.appending(path: "page.part"), to: fixture.inbox.appending(path: "page.txt"))
            let entries = try fixture.waitForOutcomes(["page.txt"])
            fixture.signal(SIGTERM)
            #expect(fixture.waitForExit() == 0)
            #expect(entries.outcome(of: "page.txt") == "new")
            #expect(entries.outcomes.allSatisfy { !partial.contains($0["NEWSWATCH_FILE"] ?? "") })
        }

        @Test(arguments: StateBackend.allCases)
        func badInputIsFailedWithAReasonAndTheDaemonGoesOn(backend: StateBackend) async throws {
            let fixture = try DaemonFixture(extra: "", backend: try await backend.prepare())
            try fixture.writeConfig(
                topics: DaemonFixture.natoTopic,
                extra: "")  // max_file_size lives in [inbox]; set below
            let config = try String(contentsOf: fixture.config, encoding: .utf8)
                .replacingOccurrences(of: "path = \"inbox\"", with: "path = \"inbox\"\nmax_file_size = \"64KiB\"")
            try config.write(to: fixture.config, atomically: true, encoding: .utf8)
            let notify = try NotifySocket(folder: fixture.folder)
            try fixture.start(notify: notify)
            #expect(notify.wait { $0 == "READY=1" } != nil)

            let outside = fixture.folder.appending(path: "secret.txt")
            try Data(contentsOf: SharedData.seed001).write(to: outside)
            try FileManager.default.createSymbolicLink(at: fixture.inbox.appending(path: "link.txt"), withDestinationURL: outside)
            #expect(mkfifo(fixture.inbox.appending(path: "pipe.txt").path, 0o644) == 0)
            try fixture.drop(Data(), as: "empty.txt")
            try fixture.drop(Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 7919) }), as: "binary.txt")
            try fixture.drop(Data(repeating: UInt8(ascii: "a"), count: 100_000), as: "huge.txt")
            try fixture.drop(Data("Home\nNews\nSport\nContacts\n".utf8), as: "menu.txt")
            try fixture.drop(seed: SharedData.seed001, as: "good.txt")

            let bad = ["link.txt", "pipe.txt", "empty.txt", "binary.txt", "huge.txt", "menu.txt"]
            let entries = try fixture.waitForOutcomes(bad + ["good.txt"])
            fixture.signal(SIGTERM)
            #expect(fixture.waitForExit() == 0)

            for name in bad {
                let entry = entries.outcomes.last { $0["NEWSWATCH_FILE"] == name }
                #expect(entry?["NEWSWATCH_OUTCOME"] == "failed", "\(name): \(entry ?? [:])")
                #expect(entry?["NEWSWATCH_REASON"]?.isEmpty == false, "\(name) has no reason")
                #expect(fixture.contents(of: fixture.failed).contains(name), "\(name) not in failed/")
                let reason = try? String(contentsOf: fixture.archived(name + ".reason", in: fixture.failed), encoding: .utf8)
                #expect(reason?.contains(name) == true, "\(name).reason: \(reason ?? "missing")")
            }
            #expect(entries.outcome(of: "good.txt") == "new")
            #expect(entries.outcomes.first { $0["NEWSWATCH_FILE"] == "link.txt" }?["NEWSWATCH_REASON"]?.contains("symbolic link") == true)
            #expect(entries.outcomes.first { $0["NEWSWATCH_FILE"] == "pipe.txt" }?["NEWSWATCH_REASON"]?.contains("FIFO") == true)
            #expect(entries.outcomes.first { $0["NEWSWATCH_FILE"] == "huge.txt" }?["NEWSWATCH_REASON"]?.contains("limit") == true)
            // The link's target outside the inbox was neither read nor moved.
            #expect(FileManager.default.fileExists(atPath: outside.path))
            #expect(entries.alerts.allSatisfy { $0["NEWSWATCH_FILE"] == "good.txt" })
        }

        @Test func deletedInboxIsReportedAndWatchedAgainWhenItComesBack() throws {
            let fixture = try DaemonFixture()
            let notify = try NotifySocket(folder: fixture.folder)
            try fixture.start(notify: notify)
            #expect(notify.wait { $0 == "READY=1" } != nil)
            try FileManager.default.removeItem(at: fixture.inbox)
            let gone = try fixture.journal.wait(for: fixture.pids) { entries in
                entries.contains { $0["MESSAGE"]?.contains("was deleted or moved away") == true }
            }
            let report = gone.first { $0["MESSAGE"]?.contains("was deleted or moved away") == true }
            #expect(report?["PRIORITY"] == "3", "\(report ?? [:])")

            try FileManager.default.createDirectory(at: fixture.inbox, withIntermediateDirectories: true)
            Thread.sleep(forTimeInterval: 0.2)
            try fixture.drop(seed: SharedData.seed001, as: "back.txt")
            let entries = try fixture.waitForOutcomes(["back.txt"])
            fixture.signal(SIGTERM)
            #expect(fixture.waitForExit() == 0)
            #expect(entries.outcome(of: "back.txt") == "new")
        }

        @Test func queueOverflowTriggersARescanAndNothingIsMissed() throws {
            let limitFile = "/proc/sys/fs/inotify/max_queued_events"
            guard let original = try? String(contentsOfFile: limitFile, encoding: .utf8),
                (try? "16\n".write(toFile: limitFile, atomically: false, encoding: .utf8)) != nil
            else {
                Issue.record("cannot lower \(limitFile): this test needs root")
                return
            }
            defer { try? original.write(toFile: limitFile, atomically: false, encoding: .utf8) }
            let fixture = try DaemonFixture()
            let notify = try NotifySocket(folder: fixture.folder)
            // The queue limit applies to inotify instances created after the change.
            try fixture.start(notify: notify)
            #expect(notify.wait { $0 == "READY=1" } != nil)
            // Stop the daemon from reading while the burst lands, so the queue must overflow.
            fixture.signal(SIGSTOP)
            let names = (0..<100).map { "overflow-\($0).txt" }
            for (number, name) in names.enumerated() {
                try BurstText.page(10_000 + number).write(to: fixture.inbox.appending(path: name), atomically: false, encoding: .utf8)
            }
            fixture.signal(SIGCONT)
            let entries = try fixture.waitForOutcomes(names, timeout: 60)
            fixture.signal(SIGTERM)
            #expect(fixture.waitForExit() == 0)
            #expect(entries.contains { $0["MESSAGE"]?.contains("overflowed") == true }, "no overflow was reported")
            #expect(Set(entries.outcomes.compactMap { $0["NEWSWATCH_FILE"] }).isSuperset(of: names))
            #expect(fixture.contents(of: fixture.inbox).isEmpty)
        }
    }
}
