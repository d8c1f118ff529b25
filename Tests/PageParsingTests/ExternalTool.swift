import Foundation

/// Runs a system tool (`iconv`, `gzip`) on bytes, so test inputs in other charsets and
/// containers come from the real tools rather than from the code under test.
enum ExternalTool {
    static func run(_ tool: String, _ arguments: [String], input: [UInt8]) throws -> [UInt8] {
        let process = Process()
        process.executableURL = URL(filePath: "/usr/bin/env")
        process.arguments = [tool] + arguments
        let stdin = Pipe()
        let stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        try process.run()
        // Write from another thread so a large output cannot block the tool.
        let writer = Thread {
            stdin.fileHandleForWriting.write(Data(input))
            try? stdin.fileHandleForWriting.close()
        }
        writer.start()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return [UInt8](output)
    }

    static func iconv(_ text: String, to charset: String) throws -> [UInt8] {
        try run("iconv", ["-f", "UTF-8", "-t", charset], input: Array(text.utf8))
    }

    static func gzip(_ bytes: [UInt8]) throws -> [UInt8] {
        try run("gzip", ["-c"], input: bytes)
    }
}
