import ArgumentParser
import Foundation
import NewswatchDaemon
import SystemPackage

/// `newswatch retry`: failed files back into the inbox, once their cause is fixed.
struct RetryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retry",
        abstract: "Move failed files back into the inbox so the daemon reads them again.",
        discussion: """
            FILE is a path to a file in the failed/ folder, or a bare name, which stands for every failed file of \
            that name in any dated folder (NAME.reason stands for NAME). Each file is renamed into the inbox \
            sub-folder it came from, under its own name, or page.1.html, page.2.html, … when the inbox already \
            has one: nothing there is replaced. Its NAME.reason is printed and deleted (the reason stays in the journal; \
            a retry that fails again writes a new one). A running daemon takes the files at once; a stopped one at \
            its next start. With --json, one object per line per file: file, inbox (the new path, or null), reason, \
            error. Exit 0 when every file was moved, 1 when one could not be, 64 without FILE or --all.
            """
    )

    @OptionGroup var options: ConfigOption

    @Flag(name: .long, help: "Retry every file in failed/.")
    var all = false

    @Flag(name: .long, help: "Print one JSON object per line per file.")
    var json = false

    @Argument(help: ArgumentHelp("Failed files to retry.", valueName: "file"))
    var files: [String] = []

    func validate() throws {
        if all == !files.isEmpty {
            throw ValidationError(all ? "Give FILE names or --all, not both." : "Give the FILE names to retry, or --all.")
        }
    }

    func run() throws {
        let configuration = try options.load(showingWarnings: false)
        let failed = FailedFolder(inbox: configuration.inbox, archive: configuration.archive)
        var names: [(argument: String, name: FilePath?)]
        if all {
            do {
                names = try failed.names().map { ($0.string, $0) }
            } catch {
                printError("newswatch: cannot list \(failed.folder): \(error.errno.description)")
                throw ExitCode.failure
            }
            if names.isEmpty { printError("newswatch: nothing to retry in \(failed.folder)") }
        } else {
            names = files.flatMap { argument in
                let found = failed.names(for: argument)
                return found.isEmpty ? [(argument, nil)] : found.map { (argument, $0) }
            }
        }
        var failures = 0
        for (argument, name) in names {
            let path = name.map { failed.folder.pushing($0) } ?? FilePath(argument)
            do {
                guard let name else {
                    throw RetryRefusal(
                        argument.contains("/") ? "is not in \(failed.folder)" : "no failed file of that name in \(failed.folder)")
                }
                let retried = try failed.retry(name)
                print(json ? Self.jsonLine(file: path, retried: retried, error: nil) : Self.text(path, retried))
            } catch {
                failures += 1
                let message = (error as? SystemCallError).map { "\($0.errno.description)" } ?? "\(error)"
                if json {
                    print(Self.jsonLine(file: path, retried: nil, error: message))
                } else {
                    printError("newswatch: \(path.string): \(message)")
                }
            }
        }
        if failures > 0 { throw ExitCode.failure }
    }

    static func text(_ path: FilePath, _ retried: FailedFolder.Retried) -> String {
        "\(path) -> \(retried.target)" + (retried.reason.map { " (failed: \($0))" } ?? "")
    }

    static func jsonLine(file: FilePath, retried: FailedFolder.Retried?, error: String?) -> String {
        let object: [String: Any] = [
            "file": file.string, "inbox": retried.map { $0.target.string as Any } ?? NSNull(),
            "reason": retried?.reason as Any? ?? NSNull(), "error": error as Any? ?? NSNull(),
        ]
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}

/// Why a FILE argument was not retried.
struct RetryRefusal: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
