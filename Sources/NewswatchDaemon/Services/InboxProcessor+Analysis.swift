import Foundation
import PageParsing
import SystemPackage

extension InboxProcessor {
    /// The parallel stage: read and analyse each file, split over the cores when there are several.
    func analyze(_ names: [FilePath], settings: PipelineSettings) async -> [AnalyzedFile] {
        guard !names.isEmpty else { return [] }
        let reader = InboxFileReader(
            inbox: settings.configuration.inbox.path, maxFileSize: settings.configuration.inbox.maxFileSize)
        let analyzer = settings.analyzer
        let workers = min(names.count, Self.cores)
        if workers <= 1 {
            return names.map { Self.analyze($0, reader: reader, analyzer: analyzer) }
        }
        return await withTaskGroup(of: (Int, [AnalyzedFile]).self) { group in
            for worker in 0..<workers {
                group.addTask {
                    let share = stride(from: worker, to: names.count, by: workers).map {
                        Self.analyze(names[$0], reader: reader, analyzer: analyzer)
                    }
                    return (worker, share)
                }
            }
            var shares = [[AnalyzedFile]](repeating: [], count: workers)
            for await (worker, share) in group { shares[worker] = share }
            // Back into arrival order, so duplicates within a burst point at the earlier file.
            var ordered: [AnalyzedFile] = []
            ordered.reserveCapacity(names.count)
            for position in 0..<names.count {
                ordered.append(shares[position % workers][position / workers])
            }
            return ordered
        }
    }

    /// Cores to spread a batch over; read once, because Foundation reads cgroup files each time.
    static let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)

    static func analyze(_ name: FilePath, reader: InboxFileReader, analyzer: PageAnalyzer) -> AnalyzedFile {
        switch reader.read(name) {
        case .vanished:
            return AnalyzedFile(name: name, identity: nil, outcome: .vanished)
        case .skipped(let reason):
            return AnalyzedFile(name: name, identity: nil, outcome: .skipped(reason: reason))
        case .rejected(let reason, let identity):
            return AnalyzedFile(name: name, identity: identity, outcome: .failed(reason: reason, kind: .unreadable))
        case .contents(let bytes, let identity):
            switch analyzer.analyze(bytes, name: name.string) {
            case .success(let (pages, failedItems)):
                return AnalyzedFile(name: name, identity: identity, outcome: .pages(pages, failedItems: failedItems))
            case .failure(let error):
                return AnalyzedFile(name: name, identity: identity, outcome: .failed(reason: error.message, kind: FailureKind(error)))
            }
        }
    }

}
