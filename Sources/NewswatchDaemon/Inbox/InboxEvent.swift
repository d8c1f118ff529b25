public import SystemPackage

/// What the inbox watch reports to the processor.
public enum InboxEvent: Sendable, Equatable {
    /// A file was closed after writing or renamed in: it may be taken.
    case arrived(FilePath.Component)
    /// Events may have been missed (queue overflow, watch set again): list the inbox.
    case rescan(reason: String)
    /// The inbox folder was deleted or moved away; the watch waits for it to come back.
    case inboxGone
}
