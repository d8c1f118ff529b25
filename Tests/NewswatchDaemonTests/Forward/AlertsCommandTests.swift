import Foundation
import Testing

@testable import NewswatchDaemon

#if canImport(Glibc)
    import Glibc
#endif

/// Runs inside the serialized `DaemonTests`: these tests block their thread while they wait
/// for real processes, and two at once would starve the other suites of the two cooperative threads.
extension DaemonTests {
    /// `newswatch alerts`: the real binary reading alerts back from the real journal.
    @Suite("newswatch alerts", .timeLimit(.minutes(2)))
    struct AlertsCommandTests {
        /// Writes alerts under a fresh prefix and waits until journald has them.
        static func fixtureWithAlerts() throws -> ForwardFixture {
            let fixture = try ForwardFixture(destinations: "")
            fixture.writeAlert(1, topic: "nato")
            fixture.writeAlert(2, topic: "nato", priority: .info)
            fixture.writeAlert(3, topic: "weather", priority: .err)
            let deadline = Date().addingTimeInterval(10)
            while Date() < deadline {
                let output = try DaemonFixture.command(["alerts", "--json", "--since", "10m", "--topic", "\(fixture.prefix)*"]).output
                if output.split(separator: "\n").count >= 3 { break }
                Thread.sleep(forTimeInterval: 0.1)
            }
            return fixture
        }

        @Test func jsonLinesCarryTheAlertsOfATopicInOrder() throws {
            let fixture = try Self.fixtureWithAlerts()
            let result = try DaemonFixture.command(["alerts", "--since", "10m", "--topic", "\(fixture.prefix)nato", "--json"])
            #expect(result.status == 0, "\(result.error)")
            let objects = result.output.split(separator: "\n").compactMap {
                try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
            }
            #expect(objects.count == 2)
            let fields = objects.map { $0["fields"] as? [String: String] ?? [:] }
            #expect(fields.map { $0["NEWSWATCH_TEST_NUMBER"] } == ["1", "2"])
            #expect(objects.first?["priority"] as? String == "warning")
            #expect(objects.first?["kind"] as? String == "alert")
        }

        @Test func theTableShowsTimePriorityTopicTitleSourceAndStory() throws {
            let fixture = try Self.fixtureWithAlerts()
            let result = try DaemonFixture.command(["alerts", "--since", "10m", "--topic", "\(fixture.prefix)*", "--priority", "warning"])
            #expect(result.status == 0, "\(result.error)")
            let lines = result.output.split(separator: "\n").map(String.init)
            #expect(lines.first?.hasPrefix("TIME") == true && lines.first?.contains("STORY") == true)
            #expect(lines.count == 3, "\(result.output)")  // header, alert 1 (warning), alert 3 (err)
            let row = lines.dropFirst().first ?? ""
            #expect(row.contains("warning") && row.contains("\(fixture.prefix)nato ") && row.contains("Story 1"))
            #expect(row.contains("TASS") && row.hasSuffix(String(format: "%016x", 1)))
            #expect(lines.last?.contains("err") == true && lines.last?.contains("Story 3") == true)
        }

        @Test(
            "usage errors exit 64",
            arguments: [["alerts", "--since", "soonish"], ["alerts", "--priority", "urgent"], ["alerts", "--nope"]]
        )
        func usageErrorExits64(arguments: [String]) throws {
            let result = try DaemonFixture.command(arguments)
            #expect(result.status == 64, "\(result.output) \(result.error)")
        }

        @Test func followPrintsAlertsAsTheyArrive() throws {
            let fixture = try ForwardFixture(destinations: "")
            let process = Process()
            process.executableURL = DaemonFixture.binary
            process.arguments = ["alerts", "--follow", "--json", "--since", "1m", "--topic", "\(fixture.prefix)*"]
            let output = Pipe()
            process.standardOutput = output
            process.standardError = FileHandle.nullDevice
            try process.run()
            defer {
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
            }
            Thread.sleep(forTimeInterval: 0.5)
            fixture.writeAlert(42)
            let reader = output.fileHandleForReading
            var text = ""
            let deadline = Date().addingTimeInterval(10)
            while !text.contains("\n") && Date() < deadline {
                text += String(decoding: reader.availableData, as: UTF8.self)
            }
            #expect(text.contains("\"NEWSWATCH_TEST_NUMBER\":\"42\""), "\(text)")
            #expect(process.isRunning, "--follow keeps running")
        }
    }
}
