import Synchronization

/// Names reported from another thread (the inotify reader, a poller), for a test to read.
final class NameLog: Sendable {
    private let names = Mutex<[String]>([])

    func append(_ name: String) { names.withLock { $0.append(name) } }

    var all: [String] { names.withLock { $0 } }
}
