import Foundation
import NewswatchTestSupport
import StoryDedup
import SystemPackage
import Testing

@testable import NewswatchDaemon

/// The dev corpus through the daemon's own stages (`PageAnalyzer` on the file bytes, the
/// story desk on a real SQLite file or PostgreSQL database, confirming on stored precise
/// signatures) groups the renderings exactly as the pure pipeline the story tests measure.
@Suite("Stories of the dev corpus through the story desk")
struct DevCorpusStoryDeskTests {
    @Test(
        "The story desk forms the same stories as the pure pipeline",
        arguments: [RenderedCorpus.Order.pageByPage, .htmlFirst, .shuffled(seed: 1)], StateBackend.allCases
    )
    func deskGroupsLikeThePurePipeline(order: RenderedCorpus.Order, backend: StateBackend) async throws {
        let corpus = try RenderedCorpus.shared()
        let devCorpus = try DevCorpus()
        let folder = FileManager.default.temporaryDirectory
            .appending(path: "newswatch-corpus-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try await backend.makeStore(in: folder)
        let settings = try PipelineSettings(
            configuration: NewswatchConfiguration(
                file: "/tmp/newswatch.toml", inbox: InboxSettings(path: "/tmp/inbox"),
                state: StateSettings(directory: "/tmp/state"), topics: []))
        var desk = StoryDesk(index: StoryIndex(configuration: settings.dedupConfiguration))

        // Files named apart (w3m and lynx dumps share a name), extension kept as the hint.
        func name(_ file: RenderedCorpus.File) -> String {
            "\(file.rendering)-\(file.rendering.fileName(for: file.id))"
        }
        let arrival = order.arrival(of: corpus.files)
        var stories: [String: String] = [:]
        for batch in stride(from: 0, to: arrival.count, by: 32).map({ arrival[$0..<min($0 + 32, arrival.count)] }) {
            let analyzed = try batch.map { number in
                let file = corpus.files[number]
                let bytes = try devCorpus.bytes(of: file.id, in: file.rendering)
                let outcome: AnalyzedFile.Outcome
                switch settings.analyzer.analyze(bytes, name: name(file)) {
                case .success(let (pages, failedItems)): outcome = .pages(pages, failedItems: failedItems)
                case .failure(let error): outcome = .failed(reason: "\(error)", kind: FailureKind(error))
                }
                return AnalyzedFile(name: FilePath(name(file)), identity: nil, outcome: outcome)
            }
            let committed = try await store.commit(
                analyzed, desk: &desk, settings: settings, now: 1_700_000_000, forgetting: DeliveredRows())
            for entry in committed.entries {
                if let file = entry["NEWSWATCH_FILE"], let story = entry["NEWSWATCH_STORY"] { stories[file] = story }
            }
        }
        // A failed file joins no story.
        let deskStories = corpus.files.map { stories[name($0)] ?? "failed \(name($0))" }
        let deskScore = PairwiseScore(assigned: deskStories, truth: corpus.files.map(\.id))
        let pure = corpus.grouping(in: order)
        #expect(
            RenderedCorpus.partition(deskStories) == pure.partition,
            "\(order.name): desk \(deskScore), pure pipeline \(pure.score)")
    }
}
