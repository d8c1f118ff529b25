import Foundation
import Logging

/// Passes every record on to the daemon's own handler, and keeps the last error-level
/// message as `last_error` for `newswatch status`: whatever part of the daemon reported it.
struct ActivityLogHandler: LogHandler {
    var wrapped: any LogHandler
    let activity: DaemonActivity

    var metadata: Logger.Metadata {
        get { wrapped.metadata }
        set { wrapped.metadata = newValue }
    }

    var logLevel: Logger.Level {
        get { wrapped.logLevel }
        set { wrapped.logLevel = newValue }
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { wrapped[metadataKey: key] }
        set { wrapped[metadataKey: key] = newValue }
    }

    func log(event: LogEvent) {
        if event.level >= .error {
            activity.recordError(event.message.description, at: Int64(Date().timeIntervalSince1970))
        }
        wrapped.log(event: event)
    }
}
