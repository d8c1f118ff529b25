import Foundation

extension DevCorpus {
    /// A text browser that failed to render a page, or is not installed.
    public struct TextBrowserFailed: Error, CustomStringConvertible {
        public let command: [String]
        public let page: String

        public var description: String {
            "\(command.joined(separator: " ")) failed on page \(page): is \(command[0]) installed (scripts/install-deps.sh)?"
        }
    }

    /// This corpus's HTML pages rendered by the real text browsers into a new temporary folder
    /// laid out as the extraction dev corpus (`text-w3m/`, `text-lynx/`, `ground-truth.json`),
    /// with the commands that made that corpus's dumps: so Reader View's pages, HTML only, are
    /// read as text dumps too. The caller removes `folder` when done.
    /// - Throws: `TextBrowserFailed` when w3m or lynx is missing or fails.
    public func renderedAsText(_ renderings: [Rendering] = [.w3m, .lynx]) throws -> DevCorpus {
        let target = FileManager.default.temporaryDirectory.appending(path: "newswatch-dumps-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: folder.appending(path: "ground-truth.json"), to: target.appending(path: "ground-truth.json"))
        for rendering in renderings {
            guard let command = rendering.textBrowserCommand else { continue }
            let renderingFolder = target.appending(path: rendering.rawValue)
            try FileManager.default.createDirectory(at: renderingFolder, withIntermediateDirectories: true)
            for id in ids {
                let html = try Self.run(["gzip", "-dc", url(of: id, in: .html).path], page: id)
                try Self.run(command, input: html, page: id)
                    .write(to: renderingFolder.appending(path: rendering.fileName(for: id)))
            }
        }
        return try DevCorpus(folder: target)
    }

    /// The standard output of `command` run with `input` on its standard input.
    private static func run(_ command: [String], input: Data = Data(), page: String) throws -> Data {
        let process = Process()
        process.executableURL = URL(filePath: "/usr/bin/env")
        process.arguments = command
        let stdin = Pipe()
        let stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Written from another thread, so a large output cannot block the tool.
        let writer = Thread {
            stdin.fileHandleForWriting.write(input)
            try? stdin.fileHandleForWriting.close()
        }
        writer.start()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw TextBrowserFailed(command: command, page: page) }
        return output
    }
}

extension DevCorpus.Rendering {
    /// The command that renders HTML on its standard input as this rendering, as the
    /// extraction dev corpus's dumps were made (200 columns, UTF-8); nil for HTML.
    public var textBrowserCommand: [String]? {
        switch self {
        case .html: nil
        case .w3m: ["w3m", "-dump", "-cols", "200", "-T", "text/html", "-O", "UTF-8"]
        case .lynx: ["lynx", "-dump", "-stdin", "-nolist", "-width=200", "-display_charset=utf-8"]
        }
    }
}
