import Foundation
import NewswatchPostgres
import NewswatchTestSupport
import PostgresNIO
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Three real daemons, three inboxes, one PostgreSQL database: the dev corpus's 264
/// renderings spread over the inboxes at random and dropped at once. In the first test each
/// daemon runs in a network namespace of its own, joined to the server by a veth link, where
/// `ip netns` works here (else, saying so, on loopback); the fault tests run on loopback.
extension DaemonTests {
    @Suite("Fleet on PostgreSQL", .serialized, .timeLimit(.minutes(15)))
    struct FleetTests {
        /// Topics broad enough that many stories of the corpus match several of them.
        static let topics = """
            [[topics]]
            id = "government"
            query = 'government OR minister OR president OR parliament'
            [[topics]]
            id = "law"
            query = 'police OR court OR judge OR law'
            [[topics]]
            id = "money"
            query = 'market OR economy OR prices OR bank'
            [[topics]]
            id = "science"
            query = 'scientists OR research OR university OR study'
            """

        /// A rendering of the corpus as a file to drop.
        struct Drop {
            var name: String
            var bytes: Data
        }

        static func renderings() throws -> [Drop] {
            let corpus = try DevCorpus()
            return try corpus.ids.flatMap { id in
                try DevCorpus.Rendering.allCases.map { rendering in
                    Drop(
                        name: "\(rendering.rawValue)-\(rendering.fileName(for: id))",
                        bytes: Data(try corpus.bytes(of: id, in: rendering)))
                }
            }
        }

        /// Starts a daemon (through `launcher`, such as `ip netns exec`) and waits until it is
        /// ready; `run` names the start (each has its socket).
        static func start(_ fixture: DaemonFixture, run: Int = 0, launcher: [String] = []) throws -> NotifySocket {
            let folder = fixture.folder.appending(path: "run-\(run)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let notify = try NotifySocket(folder: folder)
            try fixture.start(notify: notify, launcher: launcher)
            guard notify.wait(timeout: 60, for: { $0 == "READY=1" }) != nil else {
                throw HarnessError("the daemon in \(fixture.folder.path) never became ready: \(fixture.standardError)")
            }
            return notify
        }

        /// Writes every file beside its inbox first, then renames them all in, alternating
        /// inboxes: one burst.
        static func dropAtOnce(_ drops: [Drop], into fixtures: [DaemonFixture], seed: UInt64) throws -> [Int] {
            var generator = SeededGenerator(state: seed)
            let targets = drops.map { _ in Int.random(in: 0..<fixtures.count, using: &generator) }
            for (drop, target) in zip(drops, targets) {
                try drop.bytes.write(to: fixtures[target].inbox.appending(path: ".\(drop.name).part"))
            }
            for (drop, target) in zip(drops, targets) {
                let inbox = fixtures[target].inbox
                try FileManager.default.moveItem(
                    at: inbox.appending(path: ".\(drop.name).part"), to: inbox.appending(path: drop.name))
            }
            return targets
        }

        /// Waits until every file dropped into each fixture has an outcome entry there.
        static func waitForOutcomes(_ drops: [Drop], targets: [Int], fixtures: [DaemonFixture], timeout: Double = 300)
            throws -> [[String: String]]
        {
            var all: [[String: String]] = []
            for (number, fixture) in fixtures.enumerated() {
                let names = zip(drops, targets).filter { $0.1 == number }.map(\.0.name)
                all += try fixture.waitForOutcomes(names, timeout: timeout)
            }
            return all
        }

        /// Each file's story (a failed file is a story of its own), in the order of `drops`.
        static func stories(of drops: [Drop], in entries: [[String: String]]) -> [String] {
            var story: [String: String] = [:]
            for entry in entries.outcomes {
                if let file = entry["NEWSWATCH_FILE"] { story[file] = entry["NEWSWATCH_STORY"] ?? "failed \(file)" }
            }
            return drops.map { story[$0.name] ?? "missing \($0.name)" }
        }

        /// The alerted (story, topic) pairs of the shared state: the claims every journal must show.
        static func claimedAlerts(in database: String, cluster: TestCluster) async throws -> Set<String> {
            let fleet = try cluster.fleet(database, host: "test-reader")
            let claims = try await fleet.transaction { connection in
                var claims: Set<String> = []
                for (story, topic) in try await connection.query(
                    "SELECT story, topic FROM story_topic", logger: TestCluster.logger
                ).decode((String, String).self) {
                    claims.insert("\(story) \(topic)")
                }
                return claims
            }
            await fleet.close()
            return claims
        }

        /// Whether a session of `database` came to wait on a lock within 30 s.
        static func waitUntilASessionWaitsOnALock(in database: String, cluster: TestCluster) async throws -> Bool {
            for _ in 0..<300 {
                let waiting = try await cluster.withAdmin { admin in
                    var count = 0
                    for try await found in try await admin.query(
                        "SELECT count(*)::int FROM pg_stat_activity WHERE datname = \(database) AND wait_event_type = 'Lock'",
                        logger: TestCluster.logger
                    ).decode(Int.self) {
                        count = found
                    }
                    return count
                }
                if waiting > 0 { return true }
                try await Task.sleep(for: .milliseconds(100))
            }
            return false
        }

        /// The sessions of `database` as the server sees them: for each application name, the
        /// clients' addresses (`socket` for a Unix socket), with ` tls` for a session over TLS.
        static func sessions(in database: String, cluster: TestCluster) async throws -> [String: Set<String>] {
            try await cluster.withAdmin { admin in
                var sessions: [String: Set<String>] = [:]
                for try await (application, address, tls) in try await admin.query(
                    """
                    SELECT a.application_name, coalesce(host(a.client_addr), 'socket'), coalesce(s.ssl, false)
                    FROM pg_stat_activity a LEFT JOIN pg_stat_ssl s ON s.pid = a.pid
                    WHERE a.datname = \(database) AND a.usename = 'newswatch'
                    """,
                    logger: TestCluster.logger
                ).decode((String, String, Bool).self) {
                    sessions[application, default: []].insert(address + (tls ? " tls" : ""))
                }
                return sessions
            }
        }

        static func stop(_ fixtures: [DaemonFixture]) {
            for fixture in fixtures { fixture.signal(SIGTERM) }
            for fixture in fixtures { #expect(fixture.waitForExit(timeout: 60) == 0, "\(fixture.standardError.suffix(2_000))") }
        }

        /// `count` daemons named `host-N` (also their sessions' `application_name`) on `database`:
        /// over loopback without TLS, or daemon N over `links[N]` to the server's end of it with TLS
        /// as the cluster offers it (`verify-full`: its certificate names the link's address).
        static func fleet(
            database: String, count: Int, cluster: TestCluster, links: [NamespaceLinks.Link]? = nil
        ) throws -> [DaemonFixture] {
            try (0..<count).map { number in
                let tls = links == nil ? "sslmode=disable" : cluster.verifiedTLS
                return try DaemonFixture(
                    topics: topics,
                    backend: try StateBackend.postgresql(
                        database: database, host: "host-\(number)", cluster: cluster,
                        address: links?[number].hostAddress ?? "127.0.0.1",
                        query: "\(tls)&application_name=newswatch-host-\(number)"))
            }
        }

        @Test func threeDaemonsFindTheStoriesOneFindsAloneAndAlertEachStoryAndTopicOnce() async throws {
            let drops = try Self.renderings()
            #expect(drops.count == 264)

            // One daemon alone, on its own SQLite state.
            let alone = try DaemonFixture(topics: Self.topics)
            _ = try Self.start(alone)
            let aloneTargets = try Self.dropAtOnce(drops, into: [alone], seed: 1)
            let aloneEntries = try Self.waitForOutcomes(drops, targets: aloneTargets, fixtures: [alone])
            Self.stop([alone])

            // Three daemons on one PostgreSQL database, each in a network namespace of its own
            // joined to the server by a veth link (a cluster of the test's own listens on the host
            // ends), or on loopback with the shared cluster where `ip netns` does not work.
            let network: NamespaceLinks?
            do {
                network = try NamespaceLinks(count: 3)
            } catch {
                print("FLEET network: no network namespaces here, so the daemons run on loopback: \(error)")
                network = nil
            }
            defer { network?.remove() }
            let links = network?.links
            let cluster = try links.map { try TestCluster.startPrivate(alsoListeningOn: $0.map(\.hostNetwork)) } ?? TestCluster.shared()
            defer { if links != nil { try? cluster.stopServer() } }
            let database = try await cluster.makeDatabase()
            let fixtures = try Self.fleet(database: database, count: 3, cluster: cluster, links: links)
            let sockets = try fixtures.indices.map { try Self.start(fixtures[$0], launcher: links?[$0].launcher ?? []) }
            let targets = try Self.dropAtOnce(drops, into: fixtures, seed: 13)
            let entries = try Self.waitForOutcomes(drops, targets: targets, fixtures: fixtures)

            // The server saw each daemon's sessions come from its namespace's end of its link
            // (over TLS when the cluster offers it), not from 127.0.0.1.
            let sessions = try await Self.sessions(in: database, cluster: cluster)
            let tls = links != nil && cluster.rootCertificate != nil ? " tls" : ""
            for number in fixtures.indices {
                let expected = (links?[number].namespaceAddress ?? "127.0.0.1") + tls
                #expect(sessions["newswatch-host-\(number)"] == [expected], "\(sessions)")
            }
            print(
                "FLEET network: \(links.map { "veth links \($0.map { "\($0.namespace) \($0.namespaceAddress) -> \($0.hostAddress)" })" } ?? "loopback"); "
                    + "the server's sessions: \(sessions.sorted { $0.key < $1.key })")
            Self.stop(fixtures)
            _ = sockets

            let fleetStories = Self.stories(of: drops, in: entries)
            let aloneStories = Self.stories(of: drops, in: aloneEntries)
            #expect(!fleetStories.contains { $0.hasPrefix("missing") })
            let agreement = PairwiseScore(assigned: fleetStories, truth: aloneStories)
            print(
                "FLEET stories: three daemons vs one alone: \(agreement); \(Set(fleetStories).count) vs \(Set(aloneStories).count) stories")
            #expect(agreement.precision >= 0.99 && agreement.recall >= 0.99, "\(agreement)")

            // Exactly one alert per (story, topic) across the three journals, and every claim alerted.
            var perPair: [String: Int] = [:]
            for alert in entries.alerts {
                perPair["\(alert["NEWSWATCH_STORY"] ?? "") \(alert["NEWSWATCH_TOPIC"] ?? "")", default: 0] += 1
            }
            #expect(perPair.values.allSatisfy { $0 == 1 }, "\(perPair.filter { $0.value > 1 })")
            let claimed = try await Self.claimedAlerts(in: database, cluster: cluster)
            #expect(Set(perPair.keys) == claimed)
            let hosts = Set(entries.alerts.compactMap { $0["_PID"] })
            print(
                "FLEET alerts: \(perPair.count) (story, topic) pairs alerted by \(hosts.count) daemons; alone: \(aloneEntries.alerts.count)"
            )
            #expect(perPair.count > 10, "the topics should match many stories of the corpus")
        }

        @Test func aStoppingDaemonDoesNotWaitForADatabaseThatHoldsItsTransaction() async throws {
            let drops = Array(try Self.renderings().prefix(3))
            let cluster = try TestCluster.shared()
            let database = try await cluster.makeDatabase()
            let daemon = try Self.fleet(database: database, count: 1, cluster: cluster)[0]
            let socket = try Self.start(daemon)
            // Another session holds the page table: the daemon's commit waits on the server.
            let holder = try FleetDatabase(
                location: try DatabaseLocation(parsing: cluster.url(database)), host: "holder", password: cluster.password,
                transactionLimit: .seconds(120), logger: TestCluster.logger)
            let stoppedAfter = try await holder.transaction { connection in
                try await connection.query("LOCK TABLE page IN ACCESS EXCLUSIVE MODE", logger: TestCluster.logger)
                _ = try Self.dropAtOnce(drops, into: [daemon], seed: 7)
                #expect(try await Self.waitUntilASessionWaitsOnALock(in: database, cluster: cluster))
                let started = ContinuousClock.now
                daemon.signal(SIGTERM)
                #expect(daemon.waitForExit(timeout: 60) == 0, "\(daemon.standardError.suffix(2_000))")
                return ContinuousClock.now - started
            }
            await holder.close()
            print("FLEET stop: the daemon stopped \(stoppedAfter) after SIGTERM while its commit waited on a lock")
            #expect(stoppedAfter < .seconds(15), "SIGTERM waits at most a few seconds for the database")
            #expect(Set(daemon.contents(of: daemon.inbox)).isSuperset(of: drops.map(\.name)), "the files wait in the inbox")

            // Started again, it takes the files.
            let again = try Self.start(daemon, run: 1)
            _ = try daemon.waitForOutcomes(drops.map(\.name), timeout: 120)
            Self.stop([daemon])
            _ = (socket, again)
        }

        @Test func aKilledDaemonAndAStoppedDatabaseLoseNoFileAndNoAlert() async throws {
            let drops = try Self.renderings()
            // A cluster of its own: the test stops its server.
            let cluster = try TestCluster.startPrivate()
            let database = try await cluster.makeDatabase()
            let fixtures = try Self.fleet(database: database, count: 3, cluster: cluster)
            var sockets = try fixtures.map { try Self.start($0) }
            let targets = try Self.dropAtOnce(drops, into: fixtures, seed: 29)

            // Mid-burst: SIGKILL one daemon once it has committed a few files, and start it again.
            let victim = fixtures[1]
            _ = try victim.journal.wait(for: victim.pids, timeout: 120) { $0.outcomes.count >= 5 }
            victim.signal(SIGKILL)
            _ = victim.waitForExit(timeout: 20)
            sockets[1] = try Self.start(victim, run: 1)

            // Then the database goes away for five seconds, and more files arrive meanwhile (so
            // the outage is mid-burst however fast the first burst went).
            let before = try fixtures.map { try $0.entries().outcomes.count }.reduce(0, +)
            try cluster.stopServer()
            let late = drops.prefix(60).map { Drop(name: "late-\($0.name)", bytes: $0.bytes) }
            let lateTargets = try Self.dropAtOnce(late, into: fixtures, seed: 31)
            try await Task.sleep(for: .seconds(5))
            try cluster.startServer()
            print("FLEET fault: database stopped for 5 s after \(before) outcome entries, \(late.count) files dropped meanwhile")

            let entries = try Self.waitForOutcomes(
                drops + late, targets: targets + lateTargets, fixtures: fixtures, timeout: 180)
            Self.stop(fixtures)
            _ = sockets

            // Every file has its outcome and has left the inbox.
            let outcomes = Set(entries.outcomes.compactMap { $0["NEWSWATCH_FILE"] })
            #expect((drops + late).allSatisfy { outcomes.contains($0.name) })
            for fixture in fixtures {
                #expect(fixture.contents(of: fixture.inbox).filter { !$0.hasPrefix(".") }.isEmpty)
            }
            // Every claimed alert is in a journal; an alert shows more than once only as a replay
            // of the same outbox entry (the same NEWSWATCH_ENTRY) after the kill.
            var entryIDs: [String: Set<String>] = [:]
            var copies = 0
            for alert in entries.alerts {
                entryIDs["\(alert["NEWSWATCH_STORY"] ?? "") \(alert["NEWSWATCH_TOPIC"] ?? "")", default: []]
                    .insert(alert["NEWSWATCH_ENTRY"] ?? "none")
                copies += 1
            }
            let claimed = try await Self.claimedAlerts(in: database, cluster: cluster)
            #expect(Set(entryIDs.keys) == claimed)
            #expect(entryIDs.values.allSatisfy { $0.count == 1 }, "\(entryIDs.filter { $0.value.count > 1 })")
            print(
                "FLEET fault: \(entryIDs.count) (story, topic) pairs alerted, \(copies) alert entries (replays after SIGKILL: \(copies - entryIDs.count))"
            )
            let errors = try fixtures.flatMap { try $0.entries() }.filter {
                ($0["MESSAGE"] ?? "").contains("reconnects with backoff") && $0["PRIORITY"] == "3"
            }
            #expect(!errors.isEmpty, "a lost database is reported in the journal")
        }
    }
}
