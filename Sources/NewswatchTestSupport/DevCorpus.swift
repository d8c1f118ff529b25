public import Foundation

/// The extraction dev corpus: 88 real news pages, each as gzipped HTML, a `w3m -dump`
/// and a `lynx -dump` text, with the true article body.
public struct DevCorpus: Sendable {
    /// One rendering of the corpus pages.
    public enum Rendering: String, Sendable, CaseIterable {
        case html
        case w3m = "text-w3m"
        case lynx = "text-lynx"

        /// The file name of page `id` in this rendering's folder.
        public func fileName(for id: String) -> String {
            self == .html ? "\(id).html.gz" : "\(id).txt"
        }
    }

    public let folder: URL
    /// Page id → true article body.
    public let truth: [String: String]

    public init(folder: URL = SharedData.root.appending(path: "corpus/extraction-dev", directoryHint: .isDirectory))
        throws
    {
        self.folder = folder
        let data = try Data(contentsOf: folder.appending(path: "ground-truth.json"))
        let object = try JSONSerialization.jsonObject(with: data) as? [String: [String: Any]] ?? [:]
        var truth: [String: String] = [:]
        for (id, item) in object {
            truth[id] = item["articleBody"] as? String ?? ""
        }
        self.truth = truth
    }

    /// Page ids in a stable order.
    public var ids: [String] { truth.keys.sorted() }

    public func url(of id: String, in rendering: Rendering) -> URL {
        folder.appending(path: rendering.rawValue).appending(path: rendering.fileName(for: id))
    }

    /// The raw bytes of page `id` in `rendering` (gzip stays compressed: the reader unpacks it).
    public func bytes(of id: String, in rendering: Rendering) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: url(of: id, in: rendering)))
    }

    /// The shingle F1 of `bodies` (page id → extracted body), computed by the project's
    /// scorer `shared/tools/score_extraction.py`, so tests and benchmarks report the same
    /// number the targets are stated in.
    public func score(bodies: [String: String]) throws -> ExtractionScore {
        let directory = FileManager.default.temporaryDirectory.appending(path: "newswatch-score-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let predictions = directory.appending(path: "predictions.json")
        let object = bodies.mapValues { ["articleBody": $0] }
        try JSONSerialization.data(withJSONObject: object).write(to: predictions)

        let process = Process()
        process.executableURL = URL(filePath: "/usr/bin/env")
        process.arguments = [
            "python3", SharedData.root.appending(path: "tools/score_extraction.py").path,
            folder.appending(path: "ground-truth.json").path, predictions.path,
        ]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard let score = ExtractionScore(scorerOutput: output) else {
            throw ScoringError(message: "score_extraction.py printed no score: \(output)")
        }
        return score
    }
}

/// Precision, recall and F1 as printed by the scorer's last line.
public struct ExtractionScore: Sendable, CustomStringConvertible {
    public var precision: Double
    public var recall: Double
    public var f1: Double

    init?(scorerOutput: String) {
        guard let line = scorerOutput.split(separator: "\n").last else { return nil }
        let words = line.split(separator: " ").map(String.init)
        func value(after key: String) -> Double? {
            guard let index = words.firstIndex(of: key), index + 1 < words.count else { return nil }
            return Double(words[index + 1])
        }
        guard let p = value(after: "precision"), let r = value(after: "recall"), let f = value(after: "f1") else {
            return nil
        }
        precision = p
        recall = r
        f1 = f
    }

    public var description: String { "precision \(precision) recall \(recall) f1 \(f1)" }
}

public struct ScoringError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
