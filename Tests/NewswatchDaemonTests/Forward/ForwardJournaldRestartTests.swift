import Foundation
import Testing

@testable import NewswatchDaemon

#if canImport(Glibc)
    import Glibc
#endif

/// Runs inside the serialized `DaemonTests`: these tests block their thread while they wait
/// for real processes, and two at once would starve the other suites of the two cooperative threads.
extension DaemonTests {
    /// journald restarted, rotated and vacuumed under the forwarder — with a private journald of
    /// this test (`PrivateJournald`), never the machine's shared one.
    @Suite("Forwarder and a private journald", .serialized, .timeLimit(.minutes(3)))
    struct ForwardJournaldRestartTests {
        @Test func alertsWrittenAcrossAJournaldRestartAllArrive() throws {
            let receiver = try WebhookReceiver()
            receiver.respond { _, _ in
                Thread.sleep(forTimeInterval: 0.01)  // delivery lags behind the writer: mid-stream at the restart
                return .status(200)
            }
            let forward = try ForwardFixture(destinations: ForwardDeliveryTests.webhook(receiver))
            let journald = try PrivateJournald(folder: forward.folder.appending(path: "journald"))
            try forward.start(arguments: ["--journal-directory", try journald.machineFolder().path])
            let count = 200
            try journald.writeAlerts(0..<count / 2, topicPrefix: forward.prefix)
            try journald.restart()
            let beforeRestart = receiver.requests.count
            try journald.writeAlerts(count / 2..<count, topicPrefix: forward.prefix)
            let requests = receiver.wait(timeout: 60) { Set($0.compactMap(\.alertNumber)).count >= count }
            forward.signal(SIGTERM)
            #expect(forward.waitForExit() == 0, "\(forward.standardError)")

            let numbers = requests.compactMap(\.alertNumber)
            #expect(Set(numbers) == Set(0..<count), "missing: \(Set(0..<count).subtracting(numbers).sorted().prefix(20))")
            #expect(numbers == Array(0..<count), "out of order or repeated")
            #expect(beforeRestart < count / 2, "the restart came after the first half was delivered")
        }

        @Test func alertsWrittenAfterARotationWhileRunningArrive() throws {
            let receiver = try WebhookReceiver()
            let forward = try ForwardFixture(destinations: ForwardDeliveryTests.webhook(receiver))
            let journald = try PrivateJournald(folder: forward.folder.appending(path: "journald"))
            try forward.start(arguments: ["--journal-directory", try journald.machineFolder().path])
            try journald.writeAlerts(0..<20, topicPrefix: forward.prefix)
            try journald.rotate()
            try journald.writeAlerts(20..<40, topicPrefix: forward.prefix)
            let requests = receiver.wait { $0.count >= 40 }
            forward.signal(SIGTERM)
            #expect(forward.waitForExit() == 0)
            #expect(requests.compactMap(\.alertNumber) == Array(0..<40))
            let files = try FileManager.default.contentsOfDirectory(atPath: try journald.machineFolder().path)
            #expect(files.count >= 2, "no rotation happened: \(files)")
        }

        @Test func alertsVacuumedBeforeDeliveryAreCountedInAWarning() throws {
            let receiver = try WebhookReceiver()
            let forward = try ForwardFixture(destinations: ForwardDeliveryTests.webhook(receiver))
            let journald = try PrivateJournald(folder: forward.folder.appending(path: "journald"))
            let directory = try journald.machineFolder().path
            try forward.start(arguments: ["--journal-directory", directory])
            try journald.writeAlerts(0..<10, topicPrefix: forward.prefix)
            receiver.wait { $0.count >= 10 }
            forward.signal(SIGTERM)
            #expect(forward.waitForExit() == 0)
            // While the forwarder is stopped: ten more alerts, a rotation, and a vacuum that removes them.
            try journald.writeAlerts(10..<20, topicPrefix: forward.prefix)
            try journald.rotate()
            try journald.writeAlerts(20..<25, topicPrefix: forward.prefix)
            try journald.vacuum()
            try forward.start(arguments: ["--journal-directory", directory])
            let requests = receiver.wait { $0.count >= 15 }
            Thread.sleep(forTimeInterval: 1)
            forward.signal(SIGTERM)
            #expect(forward.waitForExit() == 0)

            #expect(requests.compactMap(\.alertNumber) == Array(0..<10) + Array(20..<25))
            let warnings = try forward.forwarderEntries().filter { $0["MESSAGE_ID"] == JournalEntry.entriesLostMessageID }
            #expect(warnings.count == 1)
            let lost = warnings.first?["NEWSWATCH_LOST"].flatMap(Int.init) ?? 0
            // The ten alerts, plus what journald itself logged in between (its rotation notice).
            #expect(lost >= 10 && lost < 20, "NEWSWATCH_LOST=\(warnings.first?["NEWSWATCH_LOST"] ?? "none")")
            #expect(warnings.first?["PRIORITY"] == "4")
        }
    }
}
