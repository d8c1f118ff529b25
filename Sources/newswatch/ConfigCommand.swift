import ArgumentParser
import NewswatchDaemon

/// `newswatch config …`: check the configuration, or show it in effect.
struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Check the configuration, or show the one in effect.",
        subcommands: [Validate.self, Show.self]
    )

    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check the configuration, its topics.d drop-ins and [[forward]] destinations.",
            discussion: """
                Prints every error (not only the first) as FILE:LINE: KEY: what is wrong, and warnings as \
                FILE:LINE: warning: KEY: …, on standard error. Exit 0 when the configuration can be used (warnings \
                or not), 1 when it cannot.
                """
        )

        @OptionGroup var options: ConfigOption

        func run() throws {
            let configuration = try options.load()
            let enabled = configuration.enabledTopics.count
            let disabled = configuration.topics.count - enabled
            let topics = "\(enabled) topic\(enabled == 1 ? "" : "s")" + (disabled > 0 ? " (\(disabled) disabled)" : "")
            let warnings = configuration.warnings.count
            let noted = warnings > 0 ? ", \(warnings) warning\(warnings == 1 ? "" : "s")" : ""
            let forward = configuration.forward.count
            let destinations = forward > 0 ? ", \(forward) forward destination\(forward == 1 ? "" : "s")" : ""
            print("\(configuration.file): valid, \(topics), inbox \(configuration.inbox.path)\(destinations)\(noted)")
        }
    }
}
