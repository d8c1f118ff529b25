import Foundation
import NewswatchTestSupport
import Testing

@testable import NewswatchDaemon

#if canImport(Glibc)
    import Glibc
#endif

/// `newswatch status` against the real daemon: what it says while the daemon runs, and its
/// exit codes when the daemon stopped cleanly, was killed, or left a file that cannot be read.
extension DaemonTests {
    @Suite("Daemon status", .timeLimit(.minutes(3)))
    struct DaemonStatusTests {
        static func status(_ fixture: DaemonFixture, json: Bool = true) throws -> (status: Int32, object: [String: Any], text: String) {
            let result = try DaemonFixture.command(
                ["status", "--config", fixture.config.path] + (json ? ["--json"] : []), environment: fixture.backend.environment)
            let object = json ? (try? JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any]) ?? [:] : [:]
            return (result.status, object, result.output + result.error)
        }

        /// Waits until `status --json` shows what `condition` wants; returns the last object.
        static func waitForStatus(_ fixture: DaemonFixture, _ condition: ([String: Any]) -> Bool) throws -> [String: Any] {
            var last: [String: Any] = [:]
            _ = try waitUntil(timeout: 20) {
                last = try status(fixture).object
                return condition(last)
            }
            return last
        }

        @Test func statusFollowsTheRunningDaemonAndExits3OnceItStops() throws {
            let fixture = try DaemonFixture()
            let before = try Self.status(fixture)
            #expect(before.status == 3)
            #expect(before.object["running"] as? Bool == false)
            #expect(
                (before.object["reason"] as? String)?.contains("no status file at \(fixture.statusFile.path)") == true, "\(before.object)")

            let process = try fixture.start()
            try fixture.drop(seed: SharedData.seed001, as: "seed001.txt")
            try fixture.drop(Data("\u{0}\u{1}binary".utf8), as: "junk.bin")
            try fixture.waitForOutcomes(["seed001.txt", "junk.bin"])
            let running = try Self.waitForStatus(fixture) { ($0["counts"] as? [String: Any])?["processed"] as? Int == 2 }
            #expect(running["running"] as? Bool == true)
            #expect(running["pid"] as? Int == Int(process.processIdentifier))
            #expect(running["ready"] as? Bool == true)
            #expect(running["config"] as? String == fixture.config.path)
            #expect(running["backlog"] as? Int == 0)
            let counts = try #require(running["counts"] as? [String: Any])
            #expect(counts["new"] as? Int == 1)
            #expect(counts["failed"] as? Int == 1)
            #expect(counts["alerts"] as? Int == 1)
            let lastAlert = try #require(running["last_alert"] as? [String: Any])
            #expect(lastAlert["topic"] as? String == "nato-expansion")
            #expect(lastAlert["file"] as? String == "seed001.txt")
            let lastError = try #require(running["last_error"] as? [String: Any], "\(running)")
            #expect((lastError["message"] as? String)?.hasPrefix("junk.bin: failed: ") == true)
            #expect(running["last_page"] is [String: Any])
            #expect(running.keys.contains("muted_topics"))

            let text = try Self.status(fixture, json: false)
            #expect(text.status == 0)
            #expect(text.text.contains("newswatch is running: pid \(process.processIdentifier)"), "\(text.text)")
            #expect(text.text.contains("alerts:      1"), "\(text.text)")
            #expect(text.text.contains("last alert:  nato-expansion \"Russia, Belarus discuss NATO expansion threats\""), "\(text.text)")

            fixture.signal(SIGTERM)
            #expect(fixture.waitForExit() == 0)
            #expect(!FileManager.default.fileExists(atPath: fixture.statusFile.path), "a clean stop deletes status.json")
            #expect(try Self.status(fixture).status == 3)
        }

        @Test func aKilledDaemonsLeftoverFileIsNotRunningAndAnUnreadableOneIsUnknown() throws {
            let fixture = try DaemonFixture()
            let process = try fixture.start()
            _ = try Self.waitForStatus(fixture) { $0["ready"] as? Bool == true }
            fixture.signal(SIGKILL)
            _ = fixture.waitForExit()
            #expect(FileManager.default.fileExists(atPath: fixture.statusFile.path))
            let stale = try Self.status(fixture, json: false)
            #expect(stale.status == 3)
            #expect(stale.text.contains("left by pid \(process.processIdentifier)"), "\(stale.text)")
            #expect(stale.text.contains("killed or crashed"), "\(stale.text)")

            try Data("{\"pid\": ".utf8).write(to: fixture.statusFile)
            let broken = try Self.status(fixture)
            #expect(broken.status == 4)
            #expect((broken.object["reason"] as? String)?.contains("is not a newswatch status file") == true, "\(broken.object)")
        }

        @Test func statusNamesWhatItReadsInHelp() throws {
            let help = try DaemonFixture.command(["status", "--help"])
            #expect(help.status == 0)
            #expect(help.output.contains("runtime_directory") && help.output.contains("3 not running"), "\(help.output)")
        }
    }
}

/// `newswatch status` on status files made here: a live pid whose file stopped being
/// rewritten, and a pid reused by another process after a crash.
@Suite("Status file")
struct StatusFileTests {
    static func write(_ status: DaemonStatus, in fixture: DaemonFixture) throws {
        try FileManager.default.createDirectory(
            at: fixture.statusFile.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(status.json).write(to: fixture.statusFile)
    }

    @Test func aStatusNotRewrittenForLongIsShownWithAWarning() throws {
        let fixture = try DaemonFixture()
        // This test process stands in for the daemon: its pid runs and its start tick matches.
        var status = DaemonStatus(process: .current, startedAt: 1_000, config: fixture.config.path, inbox: fixture.inbox.path)
        status.updatedAt = Int64(Date().timeIntervalSince1970) - 120
        try Self.write(status, in: fixture)
        let result = try DaemonFixture.command(["status", "--config", fixture.config.path])
        #expect(result.status == 0)
        #expect(result.output.contains("the status was last written 2 min ago; the daemon may be hung"), "\(result.output)")
    }

    @Test func aPidNowHeldByAnotherProcessIsNotTheDaemon() throws {
        let fixture = try DaemonFixture()
        var process = ProcessIdentity.current
        let ticks = try #require(process.startTicks, "/proc/self/stat gives the start tick")
        process.startTicks = ticks + 1
        try Self.write(DaemonStatus(process: process, startedAt: 1_000, config: "c", inbox: "i"), in: fixture)
        let result = try DaemonFixture.command(["status", "--config", fixture.config.path])
        #expect(result.status == 3)
        #expect(result.output.contains("left by pid \(process.pid)"), "\(result.output)")
    }
}
