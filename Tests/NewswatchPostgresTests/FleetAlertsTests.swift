import NewswatchPostgres
import NewswatchTestSupport
import PostgresNIO
import Testing

/// One alert per (story, topic) across the fleet, decided by racing transactions on the real
/// server; `cooldown` and `max_per_hour` for the whole fleet.
@Suite("fleet alerts", .timeLimit(.minutes(2)))
struct FleetAlertsTests {
    static let now: Int64 = 1_790_000_000

    /// Claims in one transaction of `host`, holding it open `hold` before COMMIT so racing
    /// hosts really overlap.
    static func claim(
        _ claims: [FleetAlerts.Claim], on host: FleetDatabase, at now: Int64 = now, hold: Duration = .zero
    ) async throws -> [FleetAlerts.Verdict] {
        try await host.transaction { connection in
            let verdicts = try await FleetAlerts.claim(
                claims, host: host.host, now: now, on: connection, logger: TestCluster.logger)
            if hold > .zero { try await Task.sleep(for: hold) }
            return verdicts
        }
    }

    @Test func sixHostsRacingForOneStoryAndTopicRaiseOneAlert() async throws {
        let fleet = try await Fleet.make(6)
        let claim = FleetAlerts.Claim(story: "3f2a9c0d1e4b5a67", topic: "nato-expansion")
        let verdicts = try await fleet.concurrently { _, host in
            try await Self.claim([claim], on: host, hold: .milliseconds(150))
        }.flatMap { $0 }
        #expect(verdicts.filter { $0 == .alert }.count == 1)
        #expect(verdicts.filter { $0 == .taken }.count == 5)
        let owner = try await fleet.scalar("SELECT host FROM story_topic", as: String.self)
        let winner = verdicts.firstIndex(of: .alert).map { fleet.hosts[$0].host }
        #expect(owner == winner)
        await fleet.close()
    }

    @Test func manyStoriesRacedOnEveryHostAlertOncePerStoryAndTopic() async throws {
        let fleet = try await Fleet.make(3)
        // Every host meets the same 40 (story, topic) pairs, in a different order, at once.
        let claims = (0..<20).flatMap { story in
            ["a", "b"].map { FleetAlerts.Claim(story: "story-\(story)", topic: "topic-\($0)") }
        }
        let results = try await fleet.concurrently { number, host in
            var order = claims
            if number == 1 { order.reverse() }
            if number == 2 { order = order.enumerated().sorted { ($0.offset * 7) % 40 < ($1.offset * 7) % 40 }.map(\.element) }
            return zip(order, try await Self.claim(order, on: host)).map { ($0.story + "/" + $0.topic, $1) }
        }.flatMap { $0 }
        var alerts: [String: Int] = [:]
        for (key, verdict) in results where verdict == .alert { alerts[key, default: 0] += 1 }
        #expect(alerts.count == claims.count)
        #expect(alerts.values.allSatisfy { $0 == 1 })
        await fleet.close()
    }

    @Test func anUpdateAlertsAgainOnlyPastTheCooldownAndANewPageNever() async throws {
        let fleet = try await Fleet.make(2)
        let (a, b) = (fleet.hosts[0], fleet.hosts[1])
        let first = FleetAlerts.Claim(story: "s", topic: "t", isUpdate: false, cooldown: 3600)
        let update = FleetAlerts.Claim(story: "s", topic: "t", isUpdate: true, cooldown: 3600)
        let noCooldown = FleetAlerts.Claim(story: "s", topic: "t", isUpdate: true, cooldown: nil)
        #expect(try await Self.claim([first], on: a) == [.alert])
        #expect(try await Self.claim([update], on: b, at: Self.now + 1800) == [.taken])
        #expect(try await Self.claim([first], on: b, at: Self.now + 7200) == [.taken])
        #expect(try await Self.claim([noCooldown], on: b, at: Self.now + 7200) == [.taken])
        #expect(try await Self.claim([update], on: b, at: Self.now + 3600) == [.alert])
        // The cooldown counts from the last alert, whichever host raised it.
        #expect(try await Self.claim([update], on: a, at: Self.now + 5400) == [.taken])
        await fleet.close()
    }

    @Test func maxPerHourHoldsForTheWholeFleet() async throws {
        let fleet = try await Fleet.make(4)
        // Each host has 3 new stories of a topic limited to 5 an hour: 12 claims, 5 alerts.
        let verdicts = try await fleet.concurrently { number, host in
            try await Self.claim(
                (0..<3).map { FleetAlerts.Claim(story: "h\(number)-s\($0)", topic: "limited", maxPerHour: 5) }, on: host,
                hold: .milliseconds(50))
        }.flatMap { $0 }
        #expect(verdicts.filter { $0 == .alert }.count == 5)
        #expect(verdicts.filter { $0 == .held }.count == 7)

        // Within the hour nothing ends; after it, one host reports the summary, once.
        let early = try await fleet.hosts[0].transaction { connection in
            try await FleetAlerts.endedWindows(now: Self.now + 1800, on: connection, logger: TestCluster.logger)
        }
        #expect(early.isEmpty)
        let ended = try await fleet.concurrently { _, host in
            try await host.transaction { connection in
                try await FleetAlerts.endedWindows(now: Self.now + 3700, on: connection, logger: TestCluster.logger)
            }
        }.flatMap { $0 }
        #expect(ended == [FleetAlerts.HeldBack(topic: "limited", held: 7, windowStart: Self.now)])

        // A new hour admits alerts again.
        let next = try await Self.claim(
            [FleetAlerts.Claim(story: "later", topic: "limited", maxPerHour: 5)], on: fleet.hosts[1], at: Self.now + 3800)
        #expect(next == [.alert])
        await fleet.close()
    }

    @Test func aRolledBackClaimLeavesTheAlertToTheNextPage() async throws {
        let fleet = try await Fleet.make(2)
        let claim = FleetAlerts.Claim(story: "s", topic: "t")
        struct Abort: Error {}
        await #expect(throws: Abort.self) {
            try await fleet.hosts[0].transaction { connection in
                _ = try await FleetAlerts.claim([claim], host: "host-a", now: Self.now, on: connection, logger: TestCluster.logger)
                throw Abort()
            }
        }
        #expect(try await Self.claim([claim], on: fleet.hosts[1]) == [.alert])
        await fleet.close()
    }
}
