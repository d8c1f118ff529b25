import SystemPackage
import Testing

@testable import NewswatchDaemon

/// Telling a file linked in whole (IN_CREATE alone) from one still being written (IN_CREATE
/// then IN_OPEN, then IN_CLOSE_WRITE).
@Suite("Fresh files")
struct FreshFilesTests {
    let start = ContinuousClock.now

    @Test func aFileNobodyOpensIsTakenOnceTheGraceIsOver() {
        var fresh = FreshFiles()
        fresh.created("linked.txt", at: start)
        #expect(fresh.settled(now: start).isEmpty)
        #expect(fresh.millisecondsToWait(now: start) == 20)
        #expect(fresh.settled(now: start + FreshFiles.grace) == ["linked.txt"])
        #expect(fresh.millisecondsToWait(now: start) == -1)
    }

    @Test func aFileOpenedAfterCreationWaitsForItsWriterToClose() {
        var fresh = FreshFiles()
        fresh.created("written.txt", at: start)
        fresh.opened("written.txt")
        #expect(fresh.settled(now: start + .seconds(10)).isEmpty)
        #expect(fresh.millisecondsToWait(now: start) == -1)
        fresh.forget("written.txt")  // IN_CLOSE_WRITE: taken the ordinary way
        #expect(fresh.settled(now: start + .seconds(20)).isEmpty)
    }

    @Test func aReaderThatOpensAndClosesAWholeFileDoesNotHoldItBack() {
        var fresh = FreshFiles()
        fresh.created("looked-at.txt", at: start)
        fresh.opened("looked-at.txt")
        let taken = fresh.closedUnwritten("looked-at.txt")
        #expect(taken)
        let unknown = fresh.closedUnwritten("never-created.txt")
        #expect(!unknown)
    }
}
