import Foundation
import NewswatchTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `newswatch topics mute` and `unmute` with the real daemon: a mute set while it runs is
/// followed from the next batch, survives a restart, and an unmute lets alerts through again.
extension DaemonTests {
    @Suite("Daemon topic mutes", .timeLimit(.minutes(3)))
    struct DaemonMuteTests {
        /// Matches both seeds, so a muted nato-expansion is seen against an alert that still comes.
        static let topics =
            DaemonFixture.natoTopic + """

                [[topics]]
                id = "russia"
                name = "Russia"
                query = 'Russia'
                priority = "notice"
                """

        static func run(_ fixture: DaemonFixture, _ arguments: [String]) throws -> (status: Int32, output: String, error: String) {
            try DaemonFixture.command(
                ["topics"] + arguments + ["--config", fixture.config.path], environment: fixture.backend.environment)
        }

        static func topics(of alerts: [[String: String]], file: String) -> Set<String> {
            Set(alerts.filter { $0["NEWSWATCH_FILE"] == file }.compactMap { $0["NEWSWATCH_TOPIC"] })
        }

        /// On both stores: with PostgreSQL the commands and the daemon meet in the shared database.
        @Test(arguments: StateBackend.allCases)
        func aMuteSetWhileRunningHoldsTheTopicsAlertsAndSurvivesARestart(backend: StateBackend) async throws {
            let fixture = try DaemonFixture(topics: Self.topics, backend: try await backend.prepare())
            try fixture.start()
            _ = try DaemonStatusTests.waitForStatus(fixture) { $0["ready"] as? Bool == true }
            let mute = try Self.run(fixture, ["mute", "nato-expansion", "--for", "2h"])
            #expect(mute.status == 0, "\(mute.error)")
            #expect(mute.output.hasPrefix("muted nato-expansion until "), "\(mute.output)")
            let shown = try DaemonStatusTests.status(fixture).object["muted_topics"] as? [[String: Any]]
            #expect(shown?.map { $0["topic"] as? String } == ["nato-expansion"], "status shows a mute at once: \(shown ?? [])")

            try fixture.drop(seed: SharedData.seed000, as: "seed000.txt")
            let first = try fixture.waitForOutcomes(["seed000.txt"])
            #expect(first.outcome(of: "seed000.txt") == "new")
            // The alert of the other topic on the same page proves the page matched and alerted.
            _ = try fixture.journal.wait(for: [fixture.process!.processIdentifier], timeout: 10) {
                Self.topics(of: $0.alerts, file: "seed000.txt") == ["russia"]
            }
            #expect(Self.topics(of: try fixture.entries().alerts, file: "seed000.txt") == ["russia"])
            let logged = try fixture.entries().compactMap { $0["MESSAGE"] }.filter { $0.hasPrefix("muted topics") }
            #expect(
                logged.count == 1 && logged.first?.contains("nato-expansion until 20") == true, "the daemon says what it follows: \(logged)"
            )
            let status = try DaemonStatusTests.waitForStatus(fixture) { ($0["counts"] as? [String: Any])?["muted"] as? Int == 1 }
            let muted = status["muted_topics"] as? [[String: Any]]
            #expect(muted?.first?["topic"] as? String == "nato-expansion")

            fixture.signal(SIGTERM)
            #expect(fixture.waitForExit() == 0)
            try fixture.start()
            try fixture.drop(seed: SharedData.seed001, as: "seed001.txt")
            try fixture.waitForOutcomes(["seed001.txt"])
            _ = try fixture.journal.wait(for: [fixture.process!.processIdentifier], timeout: 10) {
                !Self.topics(of: $0.alerts, file: "seed001.txt").isEmpty
            }
            try await Task.sleep(for: .milliseconds(500))
            #expect(Self.topics(of: try fixture.entries().alerts, file: "seed001.txt") == ["russia"])

            let list = try Self.run(fixture, ["list", "--json"])
            let objects = list.output.split(separator: "\n").compactMap {
                try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
            }
            let nato = try #require(objects.first { $0["id"] as? String == "nato-expansion" })
            #expect(nato["muted"] as? Bool == true)
            let until = try #require(nato["muted_until"] as? Int)
            #expect(abs(until - Int(Date().timeIntervalSince1970) - 7200) < 120)
            #expect(objects.first { $0["id"] as? String == "russia" }?["muted"] as? Bool == false)
            let table = try Self.run(fixture, ["list"])
            #expect(table.output.split(separator: "\n").contains { $0.hasPrefix("nato-expansion") && $0.contains("until 20") })
            fixture.signal(SIGTERM)
            #expect(fixture.waitForExit() == 0)
        }

        @Test func aMuteFromBeforeStartHoldsAndAnUnmuteWhileRunningLetsAlertsThrough() throws {
            let fixture = try DaemonFixture(topics: Self.topics)
            #expect(try Self.run(fixture, ["mute", "nato-expansion"]).status == 0)
            try fixture.start()
            try fixture.drop(seed: SharedData.seed000, as: "seed000.txt")
            try fixture.waitForOutcomes(["seed000.txt"])
            _ = try fixture.journal.wait(for: [fixture.process!.processIdentifier], timeout: 10) {
                !Self.topics(of: $0.alerts, file: "seed000.txt").isEmpty
            }
            #expect(Self.topics(of: try fixture.entries().alerts, file: "seed000.txt") == ["russia"])
            #expect(try fixture.entries().contains { $0["MESSAGE"] == "muted topics (matches recorded, no alerts): nato-expansion" })

            let unmute = try Self.run(fixture, ["unmute", "nato-expansion"])
            #expect(unmute.status == 0 && unmute.output.contains("unmuted nato-expansion"), "\(unmute)")
            #expect(try Self.run(fixture, ["unmute", "nato-expansion"]).output.contains("was not muted"))
            try fixture.drop(seed: SharedData.seed001, as: "seed001.txt")
            _ = try fixture.journal.wait(for: [fixture.process!.processIdentifier], timeout: 20) {
                Self.topics(of: $0.alerts, file: "seed001.txt") == ["russia", "nato-expansion"]
            }
            #expect(Self.topics(of: try fixture.entries().alerts, file: "seed001.txt") == ["russia", "nato-expansion"])
            fixture.signal(SIGTERM)
            #expect(fixture.waitForExit() == 0)
        }

        @Test(
            "mute refuses an unknown topic or a bare number, naming what is wrong",
            arguments: [
                (["mute", "nato-expanson"], "no topic \"nato-expanson\" in", "did you mean \"nato-expansion\"?"),
                (["unmute", "nato-expanson"], "no topic \"nato-expanson\" in", "did you mean \"nato-expansion\"?"),
                (["mute", "nato-expansion", "--for", "2"], "--for 2 is not a duration", "2h"),
            ])
        func muteRefuses(arguments: [String], expected: String, hint: String) throws {
            let fixture = try DaemonFixture(topics: Self.topics)
            let result = try Self.run(fixture, arguments)
            #expect(result.status == 64)
            #expect(result.error.contains(expected) && result.error.contains(hint), "\(result.error)")
            #expect(!FileManager.default.fileExists(atPath: fixture.state.appending(path: "newswatch.sqlite").path))
        }
    }
}
