import Foundation
import NewswatchCore
import NewswatchTestSupport
import StoryDedup
import SystemPackage
import Testing
import TopicMatching

@testable import NewswatchDaemon

/// The sequential stage on a real SQLite file and on a real PostgreSQL database, with time passed in: verdicts, one alert per
/// story and topic, cooldown and the hourly rate limit.
@Suite("Story desk")
struct StoryDeskTests {
    let folder: URL
    var store: any StateStore
    var desk = StoryDesk(index: StoryIndex())

    init() throws {
        folder = FileManager.default.temporaryDirectory.appending(path: "newswatch-desk-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        store = SQLiteStateStore(database: try StateDatabase(path: FilePath(folder.appending(path: "state.sqlite").path)))
    }

    /// Switches to a fresh database of the PostgreSQL test cluster for `postgresql`.
    mutating func use(_ backend: StateBackend) async throws {
        guard backend == .postgresql else { return }
        store = try await backend.makeStore(in: folder)
    }

    static func settings(_ topics: [TopicSettings]) throws -> PipelineSettings {
        try PipelineSettings(
            configuration: NewswatchConfiguration(
                file: "/tmp/newswatch.toml", inbox: InboxSettings(path: "/tmp/inbox"),
                state: StateSettings(directory: "/tmp/state"), topics: topics))
    }

    static let nato = TopicSettings(id: "nato", name: "NATO", query: "NATO")
    static let baltic = TopicSettings(id: "baltic", name: "Baltic", query: "Baltic")

    /// A file holding one page whose body is `paragraphs`, analysed as the daemon would.
    static func file(_ name: String, _ paragraphs: [String], settings: PipelineSettings) -> AnalyzedFile {
        let page = Page(format: .text, title: name, paragraphs: paragraphs)
        return AnalyzedFile(
            name: FilePath(name), identity: nil, outcome: .pages([settings.analyzer.analyze(page)]))
    }

    static let article = (1...12).map { number in
        "Paragraph \(number) of the report: ministers of the Baltic states met in Riga on Tuesday to discuss "
            + "rail links, energy prices, port capacity and a joint exercise planned for the autumn number \(number)."
    }

    mutating func commit(_ files: [AnalyzedFile], settings: PipelineSettings, at now: Int64) async throws
        -> StoryDesk.Committed
    {
        try await store.commit(files, desk: &desk, settings: settings, now: now, forgetting: DeliveredRows())
    }

    @Test(arguments: StateBackend.allCases)
    mutating func anUpdateAlertsOnlyForTopicsItsStoryHadNotMatched(backend: StateBackend) async throws {
        try await use(backend)
        let settings = try Self.settings([Self.nato, Self.baltic])
        let first = try await commit([Self.file("first.txt", Self.article, settings: settings)], settings: settings, at: 1_000)
        #expect(first.entries.filter { $0["NEWSWATCH_TOPIC"] != nil }.map { $0["NEWSWATCH_TOPIC"] } == ["baltic"])

        // The same article extended by half, now also about NATO.
        let extended = Self.article + (1...6).map { "Added paragraph \($0): NATO officials joined the talks on troop rotation \($0)." }
        let second = try await commit([Self.file("extended.txt", extended, settings: settings)], settings: settings, at: 2_000)
        let outcome = second.entries.first { $0["NEWSWATCH_OUTCOME"] != nil }
        #expect(outcome?["NEWSWATCH_OUTCOME"] == "update")
        #expect(outcome?["NEWSWATCH_STORY"] == first.entries.first { $0["NEWSWATCH_OUTCOME"] != nil }?["NEWSWATCH_STORY"])
        let alerts = second.entries.compactMap { $0["NEWSWATCH_TOPIC"] }
        #expect(alerts == ["nato"])
    }

    @Test(arguments: StateBackend.allCases)
    mutating func aDuplicateNeverAlerts(backend: StateBackend) async throws {
        try await use(backend)
        let settings = try Self.settings([Self.baltic])
        _ = try await commit([Self.file("a.txt", Self.article, settings: settings)], settings: settings, at: 1_000)
        let again = try await commit([Self.file("b.txt", Self.article, settings: settings)], settings: settings, at: 1_001)
        #expect(again.entries.first?["NEWSWATCH_OUTCOME"] == "duplicate")
        #expect(again.counts.alerts == 0)
        #expect(again.entries.count == 1)
    }

    @Test(arguments: StateBackend.allCases)
    mutating func cooldownLetsAnUpdateAlertAgainOnlyAfterItPasses(backend: StateBackend) async throws {
        try await use(backend)
        var topic = Self.baltic
        topic.cooldown = 3_600
        let settings = try Self.settings([topic])
        _ = try await commit([Self.file("a.txt", Self.article, settings: settings)], settings: settings, at: 10_000)
        var changed = Self.article
        changed[3] = "A corrected paragraph: the meeting moved to Tallinn and the exercise to the spring."
        changed.append("A new closing paragraph about the harbour fees and the ferry timetable.")
        let soon = try await commit([Self.file("b.txt", changed, settings: settings)], settings: settings, at: 10_600)
        #expect(soon.entries.first?["NEWSWATCH_OUTCOME"] == "update")
        #expect(soon.counts.alerts == 0)
        changed.append("Another late paragraph on the customs union and the border crossings.")
        let later = try await commit([Self.file("c.txt", changed, settings: settings)], settings: settings, at: 14_000)
        #expect(later.counts.alerts == 1)
    }

    @Test(arguments: StateBackend.allCases)
    mutating func rateLimitHoldsAlertsBackAndSummarisesOnceTheHourIsOver(backend: StateBackend) async throws {
        try await use(backend)
        var topic = Self.baltic
        topic.maxPerHour = 2
        let settings = try Self.settings([topic])
        var alerts = 0
        for number in 0..<5 {
            let body = (1...8).map {
                "Story \(number) line \($0): Baltic \(["ferry", "grid", "rail", "port", "fish"][number]) news, item \(number * 100 + $0)."
            }
            alerts += try await commit(
                [Self.file("s\(number).txt", body, settings: settings)], settings: settings, at: 5_000 + Int64(number)
            ).counts.alerts
        }
        #expect(alerts == 2)
        #expect(try await store.endedRateWindows(now: 5_100, limits: ["baltic": 2]).isEmpty)
        let summaries = try await store.endedRateWindows(now: 5_000 + 3_600, limits: ["baltic": 2])
        #expect(summaries == [AlertRateLimiter.Summary(topic: "baltic", held: 3, limit: 2, start: 5_000)])
        #expect(try await store.endedRateWindows(now: 9_000, limits: ["baltic": 2]).isEmpty)
    }
}
