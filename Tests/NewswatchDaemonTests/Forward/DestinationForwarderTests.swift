import Foundation
import Synchronization
import SystemPackage
import Testing

@testable import NewswatchDaemon

/// Runs inside the serialized `DaemonTests`: these tests block their thread while they wait
/// for real processes, and two at once would starve the other suites of the two cooperative threads.
extension DaemonTests {
    /// One destination's loop in process, on the real journal, with time from a `ManualClock`:
    /// the retry schedule is checked without waiting for it.
    @Suite("Destination forwarder on a manual clock", .timeLimit(.minutes(1)))
    struct DestinationForwarderTests {
        /// Fails the first `failures` attempts, then takes every message; records what it got.
        final class FlakySink: AlertSink {
            private let state: Mutex<(failures: Int, attempts: [[String]])>

            init(failures: Int) { state = Mutex((failures, [])) }

            var attempts: [[String]] { state.withLock { $0.attempts } }

            func deliver(_ alerts: [JournalAlert], digest: Bool) async -> DeliveryOutcome {
                state.withLock { state in
                    state.attempts.append(alerts.compactMap { $0.fields["NEWSWATCH_TEST_NUMBER"] })
                    guard state.failures > 0 else { return .delivered(detail: "ok") }
                    state.failures -= 1
                    return .retry(reason: "down", after: nil)
                }
            }
        }

        @Test func retriesWaitTheGrowingBackoffOnTheInjectedClock() async throws {
            let fixture = try ForwardFixture(destinations: "")
            let feed = try AlertFeed()
            try feed.seekEnd()
            try? FileManager.default.createDirectory(at: fixture.state, withIntermediateDirectories: true)
            let store = try CursorStore(path: .init(fixture.state.appending(path: "cursors.json").path))
            var destination = ForwardDestination(
                name: "flaky", target: .webhook(.init(url: .plain("http://127.0.0.1:9/"), format: .json, bearerCredential: nil)))
            destination.topics = ["\(fixture.prefix)*"]
            destination.backoff = 1
            destination.maxBackoff = 4
            let sink = FlakySink(failures: 4)
            let clock = ManualClock()
            let changes = JournalChanges()
            let forwarder = DestinationForwarder(
                destination: destination, feed: feed, sink: sink, store: store, changes: changes,
                journal: JournalWriter(identifier: "newswatch-test", destination: .journal), clock: clock)
            fixture.writeAlert(5)
            let task = Task { try await forwarder.run() }
            defer { task.cancel() }

            // Each failure leaves one sleeper on the clock; move it past that sleep.
            for failure in 1...4 {
                try await Self.until {
                    clock.sleeperCount == 1 || sink.attempts.count > failure
                } pinging: {
                    changes.signal()
                }
                #expect(sink.attempts.count == failure)
                clock.advance(by: .seconds(10))
            }
            try await Self.until {
                sink.attempts.count == 5
            } pinging: {
            }
            task.cancel()
            _ = try? await task.value

            #expect(sink.attempts == Array(repeating: ["5"], count: 5))
            let sleeps = clock.requested.map { Double($0.components.seconds) + Double($0.components.attoseconds) / 1e18 }
            #expect(sleeps.count == 4)
            // Equal jitter: between half and all of 1, 2, 4, 4 seconds (the maximum).
            for (sleep, ceiling) in zip(sleeps, [1.0, 2, 4, 4]) {
                #expect(sleep >= ceiling / 2 && sleep <= ceiling, "\(sleeps)")
            }
            #expect(store.cursor(for: "flaky") != nil, "the cursor is saved after the delivery")
        }

        /// Polls `condition` on real time (the journal and the tasks run for real), calling `ping` between looks.
        static func until(_ condition: () -> Bool, pinging ping: () -> Void) async throws {
            let deadline = Date().addingTimeInterval(20)
            while !condition() {
                guard Date() < deadline else { throw HarnessError("timed out") }
                ping()
                try await Task.sleep(for: .milliseconds(20))
            }
        }
    }
}
