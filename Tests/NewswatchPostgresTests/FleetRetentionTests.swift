import NewswatchPostgres
import NewswatchTestSupport
import PostgresNIO
import Testing

/// Retention of the shared state runs once for the fleet; the outbox stays per host.
@Suite("fleet retention and outbox", .timeLimit(.minutes(2)))
struct FleetRetentionTests {
    static let now: Int64 = 1_790_000_000
    static let day: Int64 = 86_400
    let logger = TestCluster.logger

    /// Pages and alert marks of an old story (40 days) and a fresh one (1 day).
    private func fill(_ host: FleetDatabase) async throws {
        let old = SharedStoryIndexTests.page(
            "an old story about a harvest that ended long ago", host: host.host, at: Self.now - 40 * Self.day)
        let fresh = SharedStoryIndexTests.page(SharedStoryIndexTests.article, host: host.host, at: Self.now - Self.day)
        try await host.transaction { connection in
            try await SharedStoryIndex.remember([old, fresh], on: connection, logger: logger)
            try await FleetPages.record(
                [
                    .init(file: "old.html", outcome: "new", doc: "d-old", story: "old", title: "Harvest", seenAt: old.seenAt),
                    .init(file: "fresh.html", outcome: "new", doc: "d-fresh", story: "fresh", seenAt: fresh.seenAt),
                    .init(file: "broken.bin", outcome: "failed", reason: "binary", seenAt: old.seenAt),
                ], host: host.host, on: connection, logger: logger)
            _ = try await FleetAlerts.claim(
                [.init(story: "old", topic: "t"), .init(story: "fresh", topic: "t")], host: host.host, now: old.seenAt,
                on: connection, logger: logger)
        }
    }

    @Test func threeHostsPruningAtOnceDeleteOnceAndTheOthersStandAside() async throws {
        let fleet = try await Fleet.make(3)
        try await fill(fleet.hosts[0])
        let cutoff = Self.now - 30 * Self.day
        let outcomes = try await fleet.concurrently { _, host in
            try await FleetRetention.prune(olderThan: cutoff, interval: 3600, now: Self.now, on: host)
        }
        let pruned = outcomes.filter { if case .pruned = $0 { true } else { false } }
        #expect(pruned.count == 1)
        // 1 index page + 2 page rows + the old story's alert mark.
        #expect(pruned.first == .pruned(rows: 4))
        #expect(
            try await fleet.scalar("SELECT string_agg(file, ',' ORDER BY file) FROM page", as: String.self)
                == "fresh.html")
        #expect(try await fleet.scalar("SELECT string_agg(story, ',') FROM story_topic", as: String.self) == "fresh")
        #expect(try await fleet.scalar("SELECT count(*) FROM story_index_page", as: Int.self) == 1)
        #expect(try await fleet.scalar("SELECT count(DISTINCT content_id) FROM lookup_key", as: Int.self) == 1)

        // A host whose timer fires a minute later finds the run recent and leaves it.
        let later = try await FleetRetention.prune(olderThan: cutoff + 60, interval: 3600, now: Self.now + 60, on: fleet.hosts[2])
        let winner = outcomes.firstIndex(of: .pruned(rows: 4)).map { fleet.hosts[$0].host }
        #expect(later == .recent(prunedAt: Self.now, by: winner))
        await fleet.close()
    }

    @Test func aHostSeesOnlyItsOwnOutbox() async throws {
        let fleet = try await Fleet.make(2)
        let (a, b) = (fleet.hosts[0], fleet.hosts[1])
        let idA = try await a.transaction { connection in
            try await FleetOutbox.enqueue(entries: [1, 2, 0, 3], moves: [9], host: a.host, on: connection, logger: logger)
        }
        _ = try await b.transaction { connection in
            try await FleetOutbox.enqueue(entries: [7], moves: [], host: b.host, on: connection, logger: logger)
        }
        let pendingA = try await a.transaction { try await FleetOutbox.pending(host: a.host, on: $0, logger: logger) }
        #expect(pendingA == [FleetOutbox.Batch(id: idA, entries: [1, 2, 0, 3], moves: [9])])
        try await a.transaction { try await FleetOutbox.dequeue([idA], host: a.host, on: $0, logger: logger) }
        #expect(try await a.transaction { try await FleetOutbox.pending(host: a.host, on: $0, logger: logger) }.isEmpty)
        #expect(try await b.transaction { try await FleetOutbox.pending(host: b.host, on: $0, logger: logger) }.count == 1)
        await fleet.close()
    }

    @Test func pageRecordsKeepTheirNullsAndHost() async throws {
        let fleet = try await Fleet.make(1)
        try await fleet.hosts[0].transaction { connection in
            try await FleetPages.record(
                [
                    .init(
                        file: "a \"quoted\" name.html", item: 2, outcome: "update", doc: "d", story: "s", score: 0.5, matchedDoc: "m",
                        seenAt: 7)
                ],
                host: "host-a", on: connection, logger: logger)
        }
        let row = try await fleet.scalar(
            "SELECT concat_ws('|', host, file, item, outcome, score, matched_doc, coalesce(reason, 'NULL'), seen_at) FROM page",
            as: String.self)
        #expect(row == "host-a|a \"quoted\" name.html|2|update|0.5|m|NULL|7")
        await fleet.close()
    }

    @Test func storiesReportThePagesOfEveryHost() async throws {
        let fleet = try await Fleet.make(2)
        let (a, b) = (fleet.hosts[0], fleet.hosts[1])
        try await a.transaction { connection in
            try await FleetPages.record(
                [.init(file: "a.html", outcome: "new", doc: "d1", story: "s1", title: "First", source: "TASS", seenAt: 10)],
                host: a.host, on: connection, logger: logger)
            _ = try await FleetAlerts.claim([.init(story: "s1", topic: "nato")], host: a.host, now: 10, on: connection, logger: logger)
        }
        try await b.transaction { connection in
            try await FleetPages.record(
                [
                    .init(file: "b.txt", outcome: "duplicate", doc: "d2", story: "s1", score: 0.97, matchedDoc: "d1", seenAt: 20),
                    .init(file: "c.html", outcome: "new", doc: "d3", story: "s2", title: "Other", seenAt: 15),
                ], host: b.host, on: connection, logger: logger)
        }
        let stories = try await b.transaction { try await FleetPages.recentStories(limit: 10, on: $0, logger: logger) }
        #expect(stories.map(\.id) == ["s1", "s2"])
        #expect(stories.first?.title == "First" && stories.first?.source == "TASS" && stories.first?.topics == ["nato"])
        #expect(stories.first?.pages.map(\.host) == [a.host, b.host])
        #expect(stories.first?.pages.last?.matchedDoc == "d1" && stories.first?.pages.last?.score == 0.97)
        #expect(stories.first?.firstSeen == 10 && stories.first?.lastSeen == 20)
        await fleet.close()
    }
}
