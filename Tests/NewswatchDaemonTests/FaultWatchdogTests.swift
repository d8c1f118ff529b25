import Foundation
import NewswatchTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The fault suite, part three: a processing loop that cannot move on must stop the
/// watchdog pings, so systemd restarts it, and ping again once it moves.
extension DaemonTests {
    @Suite("Faults: watchdog", .timeLimit(.minutes(3)))
    struct FaultWatchdogTests {
        /// Another process holds the state database's write lock: the commit of a dropped
        /// page blocks, the pings stop within the watchdog interval, and come back once the
        /// lock is released and the page is committed.
        @Test func aLockedDatabaseStopsTheWatchdogPingsUntilItIsReleased() throws {
            let fixture = try DaemonFixture(topics: DaemonFixture.natoTopic)
            let notify = try NotifySocket(folder: fixture.folder)
            // WATCHDOG_USEC of one second: a ping every half second.
            try fixture.start(notify: notify, environment: ["WATCHDOG_USEC": "1000000"])
            #expect(notify.wait { $0 == "READY=1" } != nil)
            try fixture.drop(seed: SharedData.seed001, as: "before.txt")
            try fixture.waitForOutcomes(["before.txt"])
            Thread.sleep(forTimeInterval: 1.5)

            let locker = try DatabaseLocker(database: fixture.state.appending(path: "newswatch.sqlite"))
            let lockedAt = Date()
            try fixture.drop(seed: SharedData.seed000, as: "while-locked.txt")
            Thread.sleep(forTimeInterval: 4)
            locker.release()
            let releasedAt = Date()
            try fixture.waitForOutcomes(["while-locked.txt"], timeout: 30)
            Thread.sleep(forTimeInterval: 1.5)
            fixture.signal(SIGTERM)
            #expect(fixture.waitForExit() == 0)

            let pings = notify.pingTimes
            let lastBeforeStall = pings.last { $0 < releasedAt }
            let firstAfter = pings.first { $0 > releasedAt }
            let duringLock = pings.filter { $0 > lockedAt.addingTimeInterval(1.5) && $0 < releasedAt }
            let stoppedAfter = lastBeforeStall.map { $0.timeIntervalSince(lockedAt) } ?? .nan
            let resumedAfter = firstAfter.map { $0.timeIntervalSince(releasedAt) } ?? .nan
            let stalled = try fixture.entries().first { $0["MESSAGE"]?.contains("watchdog pings stop") == true }
            reportFault(
                "database locked",
                "WATCHDOG_USEC=1 s (pings every 0.5 s); locked 4 s: last ping \(String(format: "%.2f", stoppedAfter)) s after the lock, "
                    + "\(duringLock.count) pings from 1.5 s into the lock to its release, first ping again \(String(format: "%.2f", resumedAfter)) s after the release"
            )
            #expect(pings.filter { $0 < lockedAt }.count >= 2, "no pings before the lock: \(notify.messages)")
            #expect(stoppedAfter <= 1.5, "pings went on \(stoppedAfter) s into the stall")
            #expect(duringLock.isEmpty, "\(duringLock.count) pings while the loop was stuck")
            #expect(resumedAfter <= 1.5, "pings came back \(resumedAfter) s after the release")
            #expect(stalled?["PRIORITY"] == "3", "no error entry about the stall")
        }
    }
}

/// Holds SQLite's write lock on a database from another process (`BEGIN EXCLUSIVE` in
/// Python's sqlite3) until released.
final class DatabaseLocker {
    private let process = Process()
    private let input = Pipe()

    init(database: URL) throws {
        let output = Pipe()
        process.executableURL = URL(filePath: "/usr/bin/env")
        process.arguments = [
            "python3", "-c",
            """
            import sqlite3, sys
            connection = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=30)
            connection.execute("BEGIN EXCLUSIVE")
            print("locked", flush=True)
            sys.stdin.readline()
            connection.execute("COMMIT")
            """,
            database.path,
        ]
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        let line = String(decoding: output.fileHandleForReading.availableData, as: UTF8.self)
        guard line.hasPrefix("locked") else { throw HarnessError("could not lock \(database.path): \(line)") }
    }

    func release() {
        input.fileHandleForWriting.write(Data("\n".utf8))
        process.waitUntilExit()
    }
}
