public import Logging

/// A swift-log handler that writes each log record as a journal entry, metadata as
/// `NEWSWATCH_*` fields, so operators filter daemon messages with the same tools as alerts.
public struct JournalLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .info
    private let writer: JournalWriter
    private let label: String

    public init(label: String, writer: JournalWriter) {
        self.label = label
        self.writer = writer
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var entry = JournalEntry(message: event.message.description, priority: Self.priority(of: event.level))
        var combined = metadata
        if let extra = event.metadata { combined.merge(extra) { $1 } }
        for (key, value) in combined.sorted(by: { $0.key < $1.key }) {
            let name = "NEWSWATCH_" + key.uppercased().map { $0.isLetter || $0.isNumber ? $0 : "_" }.map(String.init).joined()
            if JournalEntry.isValidFieldName(name) {
                entry.append(name, value.description)
            }
        }
        entry.append("CODE_FILE", event.file)
        entry.append("CODE_LINE", String(event.line))
        entry.append("CODE_FUNC", event.function)
        writer.write(entry)
    }

    static func priority(of level: Logger.Level) -> JournalPriority {
        switch level {
        case .trace, .debug: .debug
        case .info: .info
        case .notice: .notice
        case .warning: .warning
        case .error: .err
        case .critical: .crit
        }
    }
}
