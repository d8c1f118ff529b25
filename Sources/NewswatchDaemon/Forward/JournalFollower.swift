import Foundation
import ServiceLifecycle
import Synchronization
import SystemPackage

/// Blocks in `sd_journal_wait` on a thread of its own and tells the destinations when the
/// journal grows or its files change (rotation, vacuuming, a journald restart). Idle, the
/// forwarder sleeps here at 0 % CPU; the wait wakes once a second only to notice shutdown.
final class JournalFollower: Service {
    let directory: FilePath?
    let changes: JournalChanges

    init(directory: FilePath?, changes: JournalChanges) {
        self.directory = directory
        self.changes = changes
    }

    /// Set at shutdown; the waiting thread sees it within a second.
    private let stopping = Atomic<Bool>(false)
    private let failure = Mutex<SystemCallError?>(nil)

    func run() async throws {
        let directory = directory
        let changes = changes
        let outcome = AsyncStream<Result<Void, SystemCallError>>.makeStream()
        // sd_journal_wait blocks its thread: not one of the few threads of Swift's cooperative pool.
        Thread.detachNewThread { [self] in
            do throws(SystemCallError) {
                let journal = try SystemJournal(directory: directory)
                try journal.seekTail()
                while !stopping.load(ordering: .relaxed) {
                    if try journal.wait(timeout: .seconds(1)) != .none { changes.signal() }
                }
                outcome.continuation.yield(.success(()))
            } catch {
                outcome.continuation.yield(.failure(error))
            }
            outcome.continuation.finish()
        }
        await withGracefulShutdownHandler {
            await withTaskCancellationHandler {
                if case .failure(let error) = await outcome.stream.first(where: { _ in true }) {
                    // The destinations cannot learn of new alerts any more: stop, so systemd restarts us.
                    stopping.store(true, ordering: .relaxed)
                    changes.signal()
                    failure.withLock { $0 = error }
                }
            } onCancel: {
                self.stopping.store(true, ordering: .relaxed)
            }
        } onGracefulShutdown: {
            self.stopping.store(true, ordering: .relaxed)
        }
        if let error = failure.withLock({ $0 }) { throw error }
    }
}
