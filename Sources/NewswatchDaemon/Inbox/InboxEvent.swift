public import SystemPackage

/// What the inbox watch reports to the processor.
public enum InboxEvent: Sendable, Equatable {
    /// A file was closed after writing or renamed in (or found by a listing): it may be
    /// taken. Its path inside the inbox: `page.html`, or `reuters/page.html` in a sub-folder.
    case arrived(FilePath)
    /// Events may have been missed (queue overflow, watch set again): list the inbox.
    case rescan(reason: String)
    /// The inbox folder was deleted or moved away; the watch waits for it to come back.
    case inboxGone
}
