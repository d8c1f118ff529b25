#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import NewswatchDaemon
import SystemPackage

/// `--config PATH`, shared by the commands that read the configuration.
struct ConfigOption: ParsableArguments {
    @Option(name: .long, help: "The configuration file.")
    var config: String = NewswatchConfiguration.defaultPath.string

    var path: FilePath { FilePath(config) }

    /// Whether `--config` was left at its default.
    var isDefault: Bool { config == NewswatchConfiguration.defaultPath.string }
}

/// Prints to standard error.
func printError(_ message: String) {
    var standardError = StandardError()
    print(message, to: &standardError)
}

struct StandardError: TextOutputStream {
    mutating func write(_ string: String) {
        var bytes = Array(string.utf8)
        _ = bytes.withUnsafeMutableBytes { Glibc.write(2, $0.baseAddress, $0.count) }
    }
}
