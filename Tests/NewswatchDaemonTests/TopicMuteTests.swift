import Foundation
import NewswatchTestSupport
import StoryDedup
import SystemPackage
import Testing

@testable import NewswatchDaemon

/// Mutes on a real SQLite file: what `topics mute` writes, the counter the daemon checks
/// before a batch, expiry, and the desk recording a muted match without an alert.
@Suite("Topic mutes")
struct TopicMuteTests {
    let folder: URL
    let database: StateDatabase

    init() throws {
        folder = FileManager.default.temporaryDirectory.appending(path: "newswatch-mute-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        database = try StateDatabase(path: FilePath(folder.appending(path: "state.sqlite").path))
    }

    func loaded(at now: Int64) throws -> TopicMutes {
        try database.read { db in try TopicMuteStore.load(at: now, in: db) }
    }

    @Test func everyMuteAndUnmuteMovesTheCounterOn() throws {
        let start = try loaded(at: 100).generation
        try database.mute(topic: "nato", until: 200, now: 100)
        let muted = try loaded(at: 100)
        #expect(muted.generation > start)
        #expect(muted.isMuted("nato", at: 150))
        #expect(try database.unmute(topic: "nato", now: 120))
        let unmuted = try loaded(at: 120)
        #expect(unmuted.generation > muted.generation)
        #expect(!unmuted.isMuted("nato", at: 150))
    }

    @Test func aMuteEndsByItselfWhenItsTimeIsUp() throws {
        try database.mute(topic: "nato", until: 200, now: 100)
        try database.mute(topic: "baltic", until: nil, now: 100)
        let mutes = try loaded(at: 100)
        #expect(mutes.isMuted("nato", at: 199))
        #expect(!mutes.isMuted("nato", at: 200))
        #expect(mutes.isMuted("baltic", at: .max - 1))
        #expect(try database.mutes(at: 250).map(\.topic) == ["baltic"])
        #expect(try !database.unmute(topic: "nato", now: 250), "an expired mute is not there to end")
    }

    @Test func mutingAgainReplacesTheEnd() throws {
        try database.mute(topic: "nato", until: 200, now: 100)
        try database.mute(topic: "nato", until: 900, now: 150)
        #expect(try database.mutes(at: 150) == [TopicMute(topic: "nato", until: 900, mutedAt: 150)])
    }

    @Test func mutesSurviveReopeningTheDatabase() throws {
        try database.mute(topic: "nato", until: nil, now: 100)
        let reopened = try StateDatabase(path: database.path)
        #expect(try reopened.mutes(at: 10_000).map(\.topic) == ["nato"])
    }

    @Test(arguments: StateBackend.allCases)
    func aMutedTopicsMatchIsRecordedAndCountedButRaisesNoAlert(backend: StateBackend) async throws {
        let settings = try StoryDeskTests.settings([StoryDeskTests.nato, StoryDeskTests.baltic])
        let store: any StateStore =
            backend == .sqlite ? SQLiteStateStore(database: database) : try await backend.makeStore(in: folder)
        var desk = StoryDesk(index: StoryIndex())
        // Muted through the store as `topics mute` does; the commit reads the mute itself.
        try await store.mute(topic: "baltic", until: 5_000, now: 900)
        let first = try await store.commit(
            [StoryDeskTests.file("a.txt", StoryDeskTests.article, settings: settings)], desk: &desk, settings: settings,
            now: 1_000, forgetting: DeliveredRows())
        #expect(desk.mutes.isMuted("baltic", at: 1_000))
        #expect(first.alerts.isEmpty)
        #expect(first.counts.muted == 1)
        #expect(first.counts.mutedByTopic == ["baltic": 1])
        #expect(first.outcomes.first?.verdict == .new)

        // Once the mute is over, an update of the story that matched while muted stays quiet
        // (it counts as alerted); a new story alerts.
        var update = StoryDeskTests.article
        update.append("A late paragraph on the harbour fees and the ferry timetable for the islands.")
        let body = (1...8).map { "Another story line \($0): Baltic grid operators test the new cable \($0 * 7)." }
        let later = try await store.commit(
            [
                StoryDeskTests.file("b.txt", update, settings: settings),
                StoryDeskTests.file("c.txt", body, settings: settings),
            ], desk: &desk, settings: settings, now: 6_000, forgetting: DeliveredRows())
        #expect(later.outcomes.map(\.verdict) == [.update, .new])
        #expect(later.alerts.map(\.outcome.file) == ["c.txt"])
        #expect(later.counts.alertsByTopic == ["baltic": 1])
        #expect(later.counts.muted == 0)
        await store.close()
    }

    /// A fleet's mute: made through one daemon's store, seen by another's on the same database
    /// in its next commit, and ended from either.
    @Test func aMuteOnTheSharedDatabaseHoldsForEveryHost() async throws {
        let cluster = try TestCluster.shared()
        let url = cluster.url(try await cluster.makeDatabase())
        let a = try await PostgresStateStore.open(
            url: url, host: "host-a", attempts: 1, password: cluster.password, logger: TestCluster.logger)
        let b = try await PostgresStateStore.open(
            url: url, host: "host-b", attempts: 1, password: cluster.password, logger: TestCluster.logger)
        let settings = try StoryDeskTests.settings([StoryDeskTests.nato, StoryDeskTests.baltic])
        var desk = StoryDesk(index: StoryIndex())
        desk.mutes = try await b.topicMutes(at: 900)
        try await a.mute(topic: "baltic", until: nil, now: 900)
        #expect(try await b.mutes(at: 950) == [TopicMute(topic: "baltic", until: nil, mutedAt: 900)])
        let committed = try await b.commit(
            [StoryDeskTests.file("a.txt", StoryDeskTests.article, settings: settings)], desk: &desk, settings: settings,
            now: 1_000, forgetting: DeliveredRows())
        #expect(committed.alerts.isEmpty && committed.counts.mutedByTopic == ["baltic": 1])
        #expect(try await b.unmute(topic: "baltic", now: 1_100))
        #expect(try await a.mutes(at: 1_200).isEmpty)
        #expect(try await !a.unmute(topic: "baltic", now: 1_200), "nothing left to end")
        await a.close()
        await b.close()
    }
}
