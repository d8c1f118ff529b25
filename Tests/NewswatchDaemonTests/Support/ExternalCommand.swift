import Foundation

/// What a finished command printed (stdout and stderr interleaved) and its exit status.
struct CommandResult {
    var status: Int32
    var output: String
}

/// Runs `tool` (found on PATH unless it is a path) to its end, without a pager or colours.
func runCommand(_ tool: String, _ arguments: [String]) throws -> CommandResult {
    let process = Process()
    process.executableURL = URL(filePath: tool.hasPrefix("/") ? tool : "/usr/bin/env")
    process.arguments = tool.hasPrefix("/") ? arguments : [tool] + arguments
    var environment = ProcessInfo.processInfo.environment
    environment["SYSTEMD_PAGER"] = "cat"
    environment["SYSTEMD_COLORS"] = "0"
    environment["LC_ALL"] = "C.UTF-8"
    process.environment = environment
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return CommandResult(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self))
}

/// Runs `tool` and throws unless it exits 0, so a fault test's setup step that fails says so.
@discardableResult
func runChecked(_ tool: String, _ arguments: [String]) throws -> String {
    let result = try runCommand(tool, arguments)
    guard result.status == 0 else {
        throw HarnessError("\(tool) \(arguments.joined(separator: " ")) exited \(result.status): \(result.output)")
    }
    return result.output
}
