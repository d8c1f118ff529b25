import ArgumentParser
import NewswatchDaemon

/// `newswatch config validate`.
struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Work with the configuration file.",
        subcommands: [Validate.self]
    )

    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check the configuration, its topics.d drop-ins and [[forward]] tables; exit 1 naming file, line and key when invalid."
        )

        @OptionGroup var options: ConfigOption

        func run() throws {
            do {
                let configuration = try ConfigurationLoader.standard.load(from: options.path)
                let forwarding = try ConfigurationLoader.forwarding(from: options.path)
                print("\(configuration.file): valid, \(configuration.topics.count) topics, inbox \(configuration.inbox.path), \(forwarding.destinations.count) forward destinations")
            } catch {
                printError("newswatch: \(error)")
                throw ExitCode.failure
            }
        }
    }
}
