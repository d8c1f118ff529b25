import Foundation
import NewswatchTestSupport

/// Reader View's test pages rendered by the text browsers into a temporary folder laid out
/// as the extraction dev corpus (`text-w3m/`, `text-lynx/`, `ground-truth.json`), with the
/// commands that made that corpus's dumps, so both dev sets are read as text dumps too.
enum ReaderViewDumps {
    /// The renderings of `corpus`'s pages (HTML only) in a new folder, or nil when w3m or
    /// lynx is not installed.
    static func render(_ corpus: DevCorpus, _ renderings: [DevCorpus.Rendering]) throws -> DevCorpus? {
        let folder = FileManager.default.temporaryDirectory.appending(path: "newswatch-reader-view-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: corpus.folder.appending(path: "ground-truth.json"), to: folder.appending(path: "ground-truth.json"))
        for rendering in renderings where rendering != .html {
            let target = folder.appending(path: rendering.rawValue)
            try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
            for id in corpus.ids {
                let html = try run(["gzip", "-dc", corpus.url(of: id, in: .html).path])
                guard let dump = try? run(command(for: rendering), input: html) else { return nil }
                try dump.write(to: target.appending(path: rendering.fileName(for: id)))
            }
        }
        return try DevCorpus(folder: folder)
    }

    private static func command(for rendering: DevCorpus.Rendering) -> [String] {
        rendering == .w3m
            ? ["w3m", "-dump", "-cols", "200", "-T", "text/html", "-O", "UTF-8"]
            : ["lynx", "-dump", "-stdin", "-nolist", "-width=200", "-display_charset=utf-8"]
    }

    private struct ToolFailed: Error {}

    /// The standard output of `arguments` run with `input` on its standard input.
    private static func run(_ arguments: [String], input: Data = Data()) throws -> Data {
        let process = Process()
        process.executableURL = URL(filePath: "/usr/bin/env")
        process.arguments = arguments
        let stdin = Pipe()
        let stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = FileHandle.nullDevice
        try process.run()
        let writer = Thread {
            stdin.fileHandleForWriting.write(input)
            try? stdin.fileHandleForWriting.close()
        }
        writer.start()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw ToolFailed() }
        return output
    }
}
