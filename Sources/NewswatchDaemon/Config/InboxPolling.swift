/// `[inbox] poll`: whether the inbox is also listed at an interval.
///
/// inotify sees only writes made through this kernel: files that other hosts write into an
/// inbox on NFS, SMB/CIFS or a FUSE file system bring no event, and only a listing finds them.
public enum InboxPolling: Sendable, Equatable {
    /// Poll every `InboxPolling.networkInterval` when the inbox is on a network or FUSE file
    /// system, never on a local one (the default).
    case auto
    /// inotify only, wherever the inbox is.
    case off
    /// List the inbox at this interval (seconds), wherever it is.
    case every(Duration)

    /// The interval `auto` polls at on a network file system.
    public static let networkInterval = Duration.seconds(2)

    /// The interval to poll at for an inbox on a file system of that kind; nil: never.
    public func interval(onNetworkFileSystem: Bool) -> Duration? {
        switch self {
        case .auto: onNetworkFileSystem ? Self.networkInterval : nil
        case .off: nil
        case .every(let interval): interval
        }
    }

    /// How the setting is written in `newswatch.toml`.
    public var text: String {
        switch self {
        case .auto: "auto"
        case .off: "off"
        case .every(let interval): DurationText.text(seconds: interval.components.seconds)
        }
    }
}
