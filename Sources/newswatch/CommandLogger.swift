import Logging

extension Logger {
    /// The logger a command hands to the state store: messages at `level` and above (connection
    /// trouble) go to standard error, the queries' chatter stays quiet.
    static func command(_ label: String, level: Logger.Level = .error) -> Logger {
        var logger = Logger(label: label) { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = level
        return logger
    }
}
