import SystemPackage
import Testing

@testable import NewswatchDaemon

/// Failed moves wait and are retried with backoff; a stretch of failures names every waiting
/// file once; one system call a round while the cause lasts.
@Suite("Unfinished moves")
struct UnfinishedMovesTests {
    static func move(_ name: String, inode: UInt64) -> StateDatabase.PendingMove {
        .init(name: FilePath(name), identity: FileIdentity(device: 1, inode: inode), destination: .folder("/spool/processed"))
    }

    static let readOnly = SystemCallError(call: "renameat2", errno: .readOnlyFileSystem, reason: "moving")

    @Test func aStretchOfFailuresNamesEveryWaitingFileOnceAndCostsOneCallARound() {
        let clock = ManualClock()
        let moves = UnfinishedMoves(clock: ElapsedClock(clock))
        #expect(moves.add(Self.move("a.txt", inode: 1), error: Self.readOnly) == .firstFailure)
        #expect(moves.add(Self.move("b.txt", inode: 2), error: Self.readOnly) == .kept)
        #expect(moves.waiting(named: "a.txt") == [FileIdentity(device: 1, inode: 1)])

        var calls = 0
        var stuck: [String] = []
        var retried = 0
        // Five failed rounds after the first failure: 0.1 + 0.2 + 0.4 + 0.8 + 1.6 s.
        while stuck.isEmpty && retried < 20 {
            clock.advance(by: moves.nextDeadline! - ElapsedClock(clock).now + .seconds(1))
            let round = moves.retry { _ throws(SystemCallError) in
                calls += 1
                throw Self.readOnly
            }
            stuck = round.stuck.map(\.move.name.string)
            retried += 1
        }
        #expect(retried == UnfinishedMoves.reportAfter - 1)
        #expect(calls == retried, "one call a round while the cause lasts")
        #expect(stuck == ["a.txt", "b.txt"])
        #expect(moves.add(Self.move("c.txt", inode: 3), error: Self.readOnly) == .stuck)

        clock.advance(by: .seconds(10))
        let round = moves.retry { _ throws(SystemCallError) in }
        #expect(round.done.map(\.name.string) == ["a.txt", "b.txt", "c.txt"])
        #expect(round.recoveredAfter != nil)
        #expect(moves.isEmpty && moves.nextDeadline == nil && moves.waiting(named: "a.txt").isEmpty)
    }
}
