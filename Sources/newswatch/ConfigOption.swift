import ArgumentParser
import Foundation
import NewswatchDaemon

/// `--config PATH`, shared by the commands that read the configuration.
struct ConfigOption: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "The configuration file (default: $NEWSWATCH_CONFIG, else /etc/newswatch/newswatch.toml).",
            valueName: "path"))
    var config: String?

    var location: ConfigurationLocation {
        ConfigurationLocation(option: config, environment: ProcessInfo.processInfo.environment)
    }

    /// The configuration, with its warnings on standard error.
    /// - Throws: `ExitCode.failure` after printing every problem when it cannot be used.
    func load(showingWarnings: Bool = true) throws -> NewswatchConfiguration {
        guard let configuration = try load(allowingMissing: false, showingWarnings: showingWarnings) else {
            throw ExitCode.failure
        }
        return configuration
    }

    /// Like `load()`, but a missing file at the default path is nil after a note, for the
    /// commands that can work without topics (`check`); a missing `--config` or
    /// `NEWSWATCH_CONFIG` file is still an error.
    func load(allowingMissing: Bool, showingWarnings: Bool = true) throws -> NewswatchConfiguration? {
        let location = self.location
        do {
            let configuration = try ConfigurationLoader.standard.load(from: location.path)
            if showingWarnings {
                for warning in configuration.warnings { printError("\(warning)") }
            }
            return configuration
        } catch {
            if error.fileIsMissing && allowingMissing && location.source == .builtIn {
                printError("newswatch: note: \(location.missingMessage); matching no topics")
                return nil
            }
            report(error)
            throw ExitCode.failure
        }
    }

    /// Prints every problem of a configuration that cannot be used, on standard error.
    func report(_ error: ConfigurationError) {
        if error.fileIsMissing {
            printError("newswatch: \(location.missingMessage)")
            return
        }
        for problem in error.problems { printError("\(problem)") }
        if error.errors.count > 1 { printError("newswatch: \(error.errors.count) errors in the configuration") }
    }
}
