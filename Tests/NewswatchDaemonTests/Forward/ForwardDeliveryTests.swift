import Foundation
import NewswatchTestSupport
import Testing

@testable import NewswatchDaemon

#if canImport(Glibc)
    import Glibc
#endif

/// Runs inside the serialized `DaemonTests`: these tests block their thread while they wait
/// for real processes, and two at once would starve the other suites of the two cooperative threads.
extension DaemonTests {
    /// The real `newswatch forward` binary, the real journal, a real HTTP server on 127.0.0.1.
    @Suite("Forwarder delivery", .serialized, .timeLimit(.minutes(3)))
    struct ForwardDeliveryTests {
        static func webhook(_ receiver: WebhookReceiver, name: String = "hook", extra: String = "") -> String {
            """
            [[forward]]
            name = "\(name)"
            url = "\(receiver.url)"
            topics = ["PREFIX*"]
            backoff = "1s"
            max_backoff = "2s"
            \(extra)
            """
        }

        @Test func alertsRaisedByTheDaemonFromTheSeedsArriveOnceEach() throws {
            let receiver = try WebhookReceiver()
            let forward = try ForwardFixture(destinations: Self.webhook(receiver))
            try forward.start()
            // The daemon's topic id carries the fixture's prefix, so only this test's alerts pass.
            let topic = DaemonFixture.natoTopic.replacingOccurrences(of: "\"nato-expansion\"", with: "\"\(forward.prefix)nato\"")
            let daemon = try DaemonFixture(topics: topic)
            try daemon.start()
            try daemon.drop(seed: SharedData.seed000, as: "seed000.txt")
            try daemon.drop(seed: SharedData.seed001, as: "seed001.txt")
            try daemon.waitForOutcomes(["seed000.txt", "seed001.txt"])
            receiver.wait { $0.count >= 2 }
            Thread.sleep(forTimeInterval: 1.5)  // a repeat would come now
            daemon.signal(SIGTERM)
            forward.signal(SIGTERM)
            #expect(daemon.waitForExit() == 0)
            #expect(forward.waitForExit() == 0, "\(forward.standardError)")

            let requests = receiver.requests
            let files = requests.compactMap { ($0.json["fields"] as? [String: Any])?["NEWSWATCH_FILE"] as? String }
            #expect(files.sorted() == ["seed000.txt", "seed001.txt"], "\(requests.map { String(decoding: $0.body, as: UTF8.self) })")
            let seed001 = try #require(
                requests.first { ($0.json["fields"] as? [String: Any])?["NEWSWATCH_FILE"] as? String == "seed001.txt" })
            #expect(seed001.method == "POST")
            #expect(seed001.headers["content-type"] == "application/json")
            #expect(
                seed001.json["message"] as? String
                    == "NATO expansion: \"Russia, Belarus discuss NATO expansion threats\" (TASS, 2016-08-23)")
            #expect(seed001.json["priority"] as? String == "warning")
            #expect(seed001.json["kind"] as? String == "alert")
            #expect((seed001.json["cursor"] as? String)?.hasPrefix("s=") == true)
            let fields = seed001.json["fields"] as? [String: Any] ?? [:]
            for name in [
                "NEWSWATCH_TOPIC", "NEWSWATCH_TOPIC_NAME", "NEWSWATCH_TITLE", "NEWSWATCH_SOURCE", "NEWSWATCH_DOC",
                "NEWSWATCH_STORY", "NEWSWATCH_MATCHED", "NEWSWATCH_SNIPPET", "NEWSWATCH_HITS", "NEWSWATCH_PUBLISHED",
            ] {
                #expect(fields[name] is String, "\(name) missing from \(fields.keys.sorted())")
            }
            #expect(receiver.connections == 1, "alerts should share one kept-alive connection")
            // Each delivery is a journal entry of its own.
            let delivered = try forward.forwarderEntries().filter { $0["MESSAGE_ID"] == JournalEntry.deliveredMessageID }
            #expect(delivered.count == 2)
            #expect(delivered.allSatisfy { $0["NEWSWATCH_DESTINATION"] == "hook" && $0["NEWSWATCH_DETAIL"] == "HTTP 200" })
        }

        @Test func aForwarderKilledMidStreamDeliversTheRestAndRepeatsAtMostTheLastBatch() throws {
            let receiver = try WebhookReceiver()
            receiver.respond { _, _ in
                Thread.sleep(forTimeInterval: 0.004)  // slow enough to kill it mid-stream
                return .status(200)
            }
            let forward = try ForwardFixture(destinations: Self.webhook(receiver))
            try forward.start()
            let count = 400
            for number in 0..<count { forward.writeAlert(number) }
            receiver.wait { $0.count >= 100 }
            forward.signal(SIGKILL)
            _ = forward.waitForExit()
            let beforeKill = receiver.requests.compactMap(\.alertNumber)
            try forward.start()
            let all = receiver.wait(timeout: 60) { Set($0.compactMap(\.alertNumber)).count >= count }.compactMap(\.alertNumber)
            forward.signal(SIGTERM)
            #expect(forward.waitForExit() == 0)

            #expect(Set(all) == Set(0..<count), "missing: \(Set(0..<count).subtracting(all).sorted().prefix(20))")
            #expect(beforeKill.count < count, "the kill came after the stream ended")
            let repeats = all.count - count
            #expect(repeats <= DestinationForwarder<ContinuousClock>.batchLimit, "\(repeats) alerts delivered twice")
            // Repeats are the tail of what came before the kill, and then everything is in order.
            let afterKill = Array(all.dropFirst(beforeKill.count))
            #expect(afterKill == Array((afterKill.first ?? 0)..<count))
            #expect((afterKill.first ?? 0) <= beforeKill.count)
        }

        @Test func aDestinationFailingForTenSecondsCatchesUpInOrder() throws {
            let receiver = try WebhookReceiver()
            let healthyAt = Date().addingTimeInterval(10)
            receiver.respond { _, _ in Date() < healthyAt ? .status(500) : .status(200) }
            let other = try WebhookReceiver()
            let forward = try ForwardFixture(
                destinations: Self.webhook(receiver, name: "down") + "\n" + Self.webhook(other, name: "up"))
            try forward.start()
            for number in 0..<20 { forward.writeAlert(number) }
            // The healthy destination is not held back by the failing one.
            let early = other.wait(timeout: 8) { $0.count >= 20 }
            #expect(early.count == 20 && Date() < healthyAt, "the healthy destination waited for the failing one")
            let requests = receiver.wait(timeout: 40) { $0.filter { $0.time >= healthyAt }.count >= 20 }
            forward.signal(SIGTERM)
            #expect(forward.waitForExit() == 0)

            let accepted = requests.filter { $0.time >= healthyAt }.compactMap(\.alertNumber)
            #expect(accepted == Array(0..<20))
            let failedAttempts = requests.filter { $0.time < healthyAt }.compactMap(\.alertNumber)
            #expect(!failedAttempts.isEmpty && failedAttempts.allSatisfy { $0 == 0 }, "only the first alert is retried while down")
            let failures = try forward.forwarderEntries().filter { $0["MESSAGE_ID"] == JournalEntry.deliveryFailedMessageID }
            #expect(failures.count == failedAttempts.count)
            #expect(failures.allSatisfy { $0["NEWSWATCH_DESTINATION"] == "down" && $0["NEWSWATCH_DETAIL"]?.contains("HTTP 500") == true })
        }

        @Test func tooManyRequestsWaitsForRetryAfter() throws {
            let receiver = try WebhookReceiver()
            receiver.respond { _, index in index == 0 ? .status(429, retryAfter: "3") : .status(200) }
            let forward = try ForwardFixture(destinations: Self.webhook(receiver))
            try forward.start()
            forward.writeAlert(1)
            let requests = receiver.wait { $0.count >= 2 }
            forward.signal(SIGTERM)
            #expect(forward.waitForExit() == 0)
            #expect(requests.compactMap(\.alertNumber) == [1, 1])
            if requests.count == 2 {
                // backoff says 1-2 s; Retry-After says 3 s and wins.
                #expect(requests[1].time.timeIntervalSince(requests[0].time) >= 2.9)
            }
        }

        @Test func aClientErrorIsLoggedAndSkippedNotRetried() throws {
            let receiver = try WebhookReceiver()
            receiver.respond { request, _ in request.alertNumber == 2 ? .status(400) : .status(200) }
            let forward = try ForwardFixture(destinations: Self.webhook(receiver))
            try forward.start()
            for number in 1...3 { forward.writeAlert(number) }
            receiver.wait { $0.compactMap(\.alertNumber).contains(3) }
            Thread.sleep(forTimeInterval: 1.5)
            forward.signal(SIGTERM)
            #expect(forward.waitForExit() == 0)
            #expect(receiver.requests.compactMap(\.alertNumber) == [1, 2, 3])
            let rejected = try forward.forwarderEntries().filter { $0["MESSAGE_ID"] == JournalEntry.deliveryRejectedMessageID }
            #expect(rejected.count == 1)
            #expect(rejected.first?["NEWSWATCH_DETAIL"]?.hasPrefix("HTTP 400") == true)
            #expect(rejected.first?["PRIORITY"] == "3")
        }

        @Test func aHangingDestinationTimesOutAndIsRetried() throws {
            let receiver = try WebhookReceiver()
            receiver.respond { _, index in index == 0 ? .hang : .status(200) }
            let forward = try ForwardFixture(destinations: Self.webhook(receiver, extra: "timeout = \"1s\""))
            try forward.start()
            forward.writeAlert(7)
            let requests = receiver.wait { $0.count >= 2 }
            forward.signal(SIGTERM)
            #expect(forward.waitForExit() == 0)
            #expect(requests.compactMap(\.alertNumber) == [7, 7])
            let failures = try forward.forwarderEntries().filter { $0["MESSAGE_ID"] == JournalEntry.deliveryFailedMessageID }
            #expect(failures.count == 1)
        }

        @Test func aTopicFilterAndADigestWindowGiveExactlyTheExpectedMessages() throws {
            let filtered = try WebhookReceiver()
            let digest = try WebhookReceiver()
            let forward = try ForwardFixture(
                destinations: """
                    [[forward]]
                    name = "nato-only"
                    url = "\(filtered.url)"
                    topics = ["PREFIXnato-*", "PREFIXsanctions"]
                    priority = "warning"

                    [[forward]]
                    name = "digest"
                    url = "\(digest.url)"
                    format = "slack"
                    topics = ["PREFIX*"]
                    digest = "3s"
                    """)
            try forward.start()
            forward.writeAlert(1, topic: "nato-expansion")
            forward.writeAlert(2, topic: "nato-expansion", priority: .info)  // below warning
            forward.writeAlert(3, topic: "weather")  // not listed
            forward.writeAlert(4, topic: "sanctions", priority: .err)
            forward.writeAlert(5, topic: "nato-drills")
            let first = digest.wait(timeout: 15) { $0.count >= 1 }
            #expect(first.count == 1)
            forward.writeAlert(6, topic: "weather")
            forward.writeAlert(7, topic: "nato-expansion", priority: .notice)
            let second = digest.wait(timeout: 15) { $0.count >= 2 }
            Thread.sleep(forTimeInterval: 1)
            forward.signal(SIGTERM)
            #expect(forward.waitForExit() == 0)

            #expect(filtered.requests.compactMap(\.alertNumber) == [1, 4, 5])
            #expect(second.count == 2 && digest.requests.count == 2)
            let texts = digest.requests.compactMap { $0.json["text"] as? String }
            #expect(texts.count == 2)
            #expect(
                texts.first?.hasPrefix(
                    "*5 newswatch alerts: Topic nato-expansion (2), Topic weather (1), Topic sanctions (1), Topic nato-drills (1)*")
                    == true, "\(texts)")
            for number in 1...5 { #expect(texts.first?.contains("Story \(number)") == true) }
            #expect(texts.last?.hasPrefix("*2 newswatch alerts:") == true)
            #expect(texts.last?.contains("Story 6") == true && texts.last?.contains("Story 7") == true)
        }
    }
}
