import Foundation
import NewswatchPostgres
import Testing

@Suite("database password")
struct DatabasePasswordTests {
    let location = try! DatabaseLocation(parsing: "postgresql://newswatch@db.example:5432/newswatch")

    /// A fresh folder for credential and password files.
    private func folder() throws -> String {
        let path = FileManager.default.temporaryDirectory.appending(path: "nw-pw-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    private func write(_ text: String, to path: String, mode: Int = 0o600) throws {
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
    }

    @Test func theEnvironmentComesFirst() throws {
        let home = try folder()
        try write("*:*:*:*:from-pgpass\n", to: home + "/.pgpass")
        try write("from-credential\n", to: home + "/database-password")
        let (found, _) = DatabasePassword.find(
            for: location,
            environment: ["NEWSWATCH_DATABASE_PASSWORD": "from-env", "CREDENTIALS_DIRECTORY": home, "HOME": home])
        #expect(found == .init(password: "from-env", source: "NEWSWATCH_DATABASE_PASSWORD"))
    }

    @Test func aSystemdCredentialComesBeforeThePasswordFileAndLosesOneNewline() throws {
        let home = try folder()
        try write("*:*:*:*:from-pgpass\n", to: home + "/.pgpass")
        try write("from-credential\n", to: home + "/database-password")
        let (found, _) = DatabasePassword.find(for: location, environment: ["CREDENTIALS_DIRECTORY": home, "HOME": home])
        #expect(found == .init(password: "from-credential", source: "credential database-password"))
    }

    @Test func thePasswordFileMatchesFieldsWildcardsAndEscapes() throws {
        let home = try folder()
        try write(
            """
            # host:port:database:user:password
            db.example:5432:other:newswatch:wrong-database
            db.example:*:newswatch:someone:wrong-user
            db.example:*:newswatch:newswatch:pa\\:ss\\\\word
            *:*:*:*:too-late
            """, to: home + "/.pgpass")
        let (found, warnings) = DatabasePassword.find(for: location, environment: ["HOME": home])
        #expect(found == .init(password: "pa:ss\\word", source: home + "/.pgpass:4"))
        #expect(warnings.isEmpty)
    }

    @Test func pgpassfileNamesAnotherFile() throws {
        let home = try folder()
        try write("*:*:*:newswatch:elsewhere\n", to: home + "/pass")
        let (found, _) = DatabasePassword.find(for: location, environment: ["PGPASSFILE": home + "/pass", "HOME": "/nonexistent"])
        #expect(found?.password == "elsewhere")
    }

    @Test(arguments: [0o640, 0o604, 0o660])
    func aPasswordFileOthersMayReadIsIgnoredWithAWarning(mode: Int) throws {
        let home = try folder()
        try write("*:*:*:*:exposed\n", to: home + "/.pgpass", mode: mode)
        let (found, warnings) = DatabasePassword.find(for: location, environment: ["HOME": home])
        #expect(found == nil)
        #expect(warnings.first?.message.contains("chmod 0600") == true)
    }

    @Test func aDefaultSocketFolderMatchesLocalhostAndAnotherFolderMatchesItself() throws {
        let home = try folder()
        try write("localhost:5432:*:*:local\n/srv/pg:5432:*:*:srv\n", to: home + "/.pgpass")
        let local = try DatabaseLocation(parsing: "postgresql://newswatch@%2Fvar%2Frun%2Fpostgresql/newswatch")
        let srv = try DatabaseLocation(parsing: "postgresql:///newswatch?host=/srv/pg&user=newswatch")
        #expect(DatabasePassword.find(for: local, environment: ["HOME": home]).found?.password == "local")
        #expect(DatabasePassword.find(for: srv, environment: ["HOME": home]).found?.password == "srv")
    }

    @Test func noSourceIsNoPasswordNotAnError() throws {
        let home = try folder()
        let (found, warnings) = DatabasePassword.find(for: location, environment: ["HOME": home])
        #expect(found == nil)
        #expect(warnings.isEmpty)
    }
}

@Suite("reconnect backoff")
struct ReconnectBackoffTests {
    @Test func waitsDoubleUpToTheMaximum() {
        let backoff = ReconnectBackoff(first: .milliseconds(250), maximum: .seconds(5), jitter: 0)
        let waits = (1...8).map { backoff.delay(afterFailures: $0) }
        #expect(
            waits == [
                .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2), .seconds(4), .seconds(5), .seconds(5),
                .seconds(5),
            ])
    }

    @Test func jitterOnlyShortensAWaitByItsShare() {
        let backoff = ReconnectBackoff(first: .seconds(1), maximum: .seconds(30), jitter: 0.2)
        var generator = SystemRandomNumberGenerator()
        for failures in 1...10 {
            let wait = backoff.jitteredDelay(afterFailures: failures, using: &generator)
            let full = backoff.delay(afterFailures: failures)
            #expect(wait <= full && wait >= full * 0.8)
        }
    }
}
