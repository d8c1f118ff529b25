import Foundation
import NewswatchTestSupport
import PageParsing

/// Times `PageReader` over both dev corpora — the extraction dev corpus in each rendering
/// and Reader View's test pages (HTML, and w3m and lynx dumps rendered at the start when
/// those browsers are installed) — one core, several rounds, and scores the bodies
/// with the project scorer; for Reader View's pages also the title, date and byline
/// agreement with its metadata. HTML is timed as stored (gzip, unpacked by the reader)
/// and already unpacked, as `scripts/trafilatura_extraction.py` times the Python anchor.
///
/// Options: `--rounds N` (default 5), `--dump FOLDER` (writes `CORPUS-RENDERING.json`
/// predictions for per-page study), `--page ID-PREFIX` (prints one page's reading),
/// `--rendering NAME` (only `html`, `text-w3m` or `text-lynx`, for profiling one path),
/// `--corpus NAME` (only `extraction-dev` or `readability-dev`).
func runExtractionBenchmark(arguments: [String]) throws {
    var rounds = 5
    var dumpFolder: URL?
    var renderings = DevCorpus.Rendering.allCases
    var corpusNames = ["extraction-dev", "readability-dev"]
    var index = 0
    while index < arguments.count {
        switch arguments[index] {
        case "--rounds" where index + 1 < arguments.count:
            rounds = Int(arguments[index + 1]) ?? rounds
            index += 1
        case "--page" where index + 1 < arguments.count:
            try showPage(prefix: arguments[index + 1])
            return
        case "--rendering" where index + 1 < arguments.count:
            renderings = DevCorpus.Rendering.allCases.filter { $0.rawValue == arguments[index + 1] }
            index += 1
        case "--corpus" where index + 1 < arguments.count:
            corpusNames = [arguments[index + 1]]
            index += 1
        case "--dump" where index + 1 < arguments.count:
            dumpFolder = URL(filePath: arguments[index + 1], directoryHint: .isDirectory)
            index += 1
        default:
            print("unknown option \(arguments[index])")
        }
        index += 1
    }
    for name in corpusNames {
        let readerView = name == "readability-dev"
        let corpus = readerView ? try DevCorpus.readerView() : try DevCorpus()
        let metadata = readerView ? try ReaderViewMetadata.load() : [:]
        print("\(name): \(corpus.ids.count) pages, \(rounds) rounds, one core")
        // Reader View's pages are HTML only: their dumps are rendered now, when w3m and lynx are installed.
        var dumps: DevCorpus? = corpus
        if readerView, renderings != [.html] {
            do {
                dumps = try corpus.renderedAsText(renderings)
            } catch {
                dumps = nil
                print("  text dumps not timed: \(error)")
            }
        }
        defer { if readerView, let folder = dumps?.folder { try? FileManager.default.removeItem(at: folder) } }
        for rendering in renderings {
            guard let source = rendering == .html ? corpus : dumps else { continue }
            let (bodies, agreement) = try timeReading(
                source, rendering, rounds: rounds, metadata: rendering == .html ? metadata : [:])
            if let dumpFolder {
                try FileManager.default.createDirectory(at: dumpFolder, withIntermediateDirectories: true)
                if readerView && rendering == .html {
                    try agreement.disagreements.joined(separator: "\n")
                        .write(to: dumpFolder.appending(path: "\(name)-metadata.txt"), atomically: true, encoding: .utf8)
                }
                let object = bodies.mapValues { ["articleBody": $0] }
                try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
                    .write(to: dumpFolder.appending(path: "\(name)-\(rendering.rawValue).json"))
            }
        }
    }
}

/// Reads every page of `rendering` `rounds` times, prints pages/s (best round) and the
/// scores, and returns the bodies read and the metadata agreement.
private func timeReading(
    _ corpus: DevCorpus, _ rendering: DevCorpus.Rendering, rounds: Int, metadata: [String: ReaderViewMetadata]
) throws -> ([String: String], ReaderViewMetadata.Agreement) {
    let reader = PageReader()
    let files = try corpus.ids.map { ($0, try corpus.bytes(of: $0, in: rendering)) }
    if rendering == .html {
        // The same pages already unpacked, as the Python anchor is timed.
        let unpacked = try files.map { ($0.0, try gunzip(corpus.url(of: $0.0, in: rendering))) }
        let best = bestRound(rounds: rounds) {
            for (id, bytes) in unpacked { _ = try? reader.read(bytes, fileName: "\(id).html") }
        }
        print(
            "html unpacked: \(String(format: "%.0f", Double(files.count) / best)) pages/s (best round \(String(format: "%.1f", best * 1000)) ms)"
        )
    }
    var bodies: [String: String] = [:]
    var agreement = ReaderViewMetadata.Agreement()
    var failures: [String] = []
    var best = Double.infinity
    for round in 0..<rounds {
        let start = cpuSeconds()
        for (id, bytes) in files {
            let page = (try? reader.read(bytes, fileName: rendering.fileName(for: id)))?.first
            if round == 0 {
                bodies[id] = page?.body ?? ""
                if page == nil { failures.append(id) }
                if let expected = metadata[id] {
                    agreement.add(expected, title: page?.title, published: page?.published, author: page?.author)
                }
            }
        }
        best = min(best, cpuSeconds() - start)
    }
    let score = try corpus.score(bodies: bodies)
    let rate = Double(files.count) / best
    let megabytes = Double(files.reduce(0) { $0 + $1.1.count }) / 1_048_576
    print(
        "\(rendering.rawValue): \(String(format: "%.0f", rate)) pages/s (best round \(String(format: "%.1f", best * 1000)) ms, \(String(format: "%.1f", megabytes)) MiB input), \(score), no page: \(failures.count) \(failures.joined(separator: " "))"
    )
    if !metadata.isEmpty { print("  metadata: \(agreement)") }
    return (bodies, agreement)
}

/// Prints the reading of the first page, in either dev corpus, whose id starts with `prefix`.
private func showPage(prefix: String) throws {
    for corpus in [try DevCorpus(), try DevCorpus.readerView()] {
        guard let id = corpus.ids.first(where: { $0.hasPrefix(prefix) }) else { continue }
        do {
            let page = try PageReader().read(try corpus.bytes(of: id, in: .html), fileName: id)[0]
            print("title:", page.title ?? "-")
            print("published:", page.published ?? "-")
            print("author:", page.author ?? "-")
            print(page.paragraphs.joined(separator: "\n¶ "))
        } catch {
            print("error: \(error)")
        }
        return
    }
}

/// The CPU seconds of the fastest of `rounds` runs of `work`.
private func bestRound(rounds: Int, _ work: () -> Void) -> Double {
    var best = Double.infinity
    for _ in 0..<rounds {
        let start = cpuSeconds()
        work()
        best = min(best, cpuSeconds() - start)
    }
    return best
}

/// The gzipped file at `url` unpacked by `gzip -dc`, outside any timing.
private func gunzip(_ url: URL) throws -> [UInt8] {
    let process = Process()
    process.executableURL = URL(filePath: "/usr/bin/env")
    process.arguments = ["gzip", "-dc", url.path]
    let output = Pipe()
    process.standardOutput = output
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return [UInt8](data)
}

/// CPU time of this process, so other work on the machine does not count against it.
private func cpuSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}
