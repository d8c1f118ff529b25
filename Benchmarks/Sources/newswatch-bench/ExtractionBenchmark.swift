import Foundation
import NewswatchTestSupport
import PageParsing

/// Times `PageReader` over the dev corpus in each rendering, one core, several rounds,
/// and scores the bodies with the project scorer.
///
/// Options: `--rounds N` (default 5), `--dump FOLDER` (writes `RENDERING.json`
/// predictions for per-page study), `--page ID-PREFIX` (prints one page's reading),
/// `--rendering NAME` (only `html`, `text-w3m` or `text-lynx`, for profiling one path).
func runExtractionBenchmark(arguments: [String]) throws {
    var rounds = 5
    var dumpFolder: URL?
    var renderings = DevCorpus.Rendering.allCases
    var index = 0
    while index < arguments.count {
        switch arguments[index] {
        case "--rounds" where index + 1 < arguments.count:
            rounds = Int(arguments[index + 1]) ?? rounds
            index += 1
        case "--page" where index + 1 < arguments.count:
            // Shows one page's reading, to study a miss.
            let corpus = try DevCorpus()
            guard let id = corpus.ids.first(where: { $0.hasPrefix(arguments[index + 1]) }) else { return }
            do {
                let page = try PageReader().read(try corpus.bytes(of: id, in: .html), fileName: id)[0]
                print(page.title ?? "-", page.published ?? "-", page.paragraphs.joined(separator: "\n¶ "))
            } catch {
                print("error: \(error)")
            }
            return
        case "--rendering" where index + 1 < arguments.count:
            renderings = DevCorpus.Rendering.allCases.filter { $0.rawValue == arguments[index + 1] }
            index += 1
        case "--dump" where index + 1 < arguments.count:
            dumpFolder = URL(filePath: arguments[index + 1], directoryHint: .isDirectory)
            index += 1
        default:
            print("unknown option \(arguments[index])")
        }
        index += 1
    }
    let corpus = try DevCorpus()
    let reader = PageReader()
    print("extraction: \(corpus.ids.count) pages, \(rounds) rounds, one core")
    for rendering in renderings {
        let files = try corpus.ids.map { ($0, try corpus.bytes(of: $0, in: rendering)) }
        var bodies: [String: String] = [:]
        var failures = 0
        var best = Double.infinity
        for round in 0..<rounds {
            let start = cpuSeconds()
            for (id, bytes) in files {
                let body = (try? reader.read(bytes, fileName: rendering.fileName(for: id)))?.first?.body
                if round == 0 {
                    bodies[id] = body ?? ""
                    if body == nil { failures += 1 }
                }
            }
            best = min(best, cpuSeconds() - start)
        }
        let score = try corpus.score(bodies: bodies)
        let rate = Double(files.count) / best
        let megabytes = Double(files.reduce(0) { $0 + $1.1.count }) / 1_048_576
        print(
            "\(rendering.rawValue): \(String(format: "%.0f", rate)) pages/s (best round \(String(format: "%.1f", best * 1000)) ms, \(String(format: "%.1f", megabytes)) MiB input), \(score), no page: \(failures)"
        )
        if let dumpFolder {
            try FileManager.default.createDirectory(at: dumpFolder, withIntermediateDirectories: true)
            let object = bodies.mapValues { ["articleBody": $0] }
            try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
                .write(to: dumpFolder.appending(path: "\(rendering.rawValue).json"))
        }
    }
}

/// CPU time of this process, so other work on the machine does not count against it.
private func cpuSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}
