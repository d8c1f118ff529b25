import NewswatchPostgres
import Testing

@Suite("database URL")
struct DatabaseLocationTests {
    @Test(
        "a URL names the server, user, database and TLS mode as libpq reads it",
        arguments: [
            ("postgresql://newswatch@db.example/newswatch", "newswatch@db.example:5432/newswatch", DatabaseLocation.TLSMode.prefer),
            ("postgres://alice@db.example:6543/state?sslmode=verify-full", "alice@db.example:6543/state", .verifyFull),
            ("postgresql://newswatch@[2001:db8::5]:5433/news", "newswatch@[2001:db8::5]:5433/news", .prefer),
            ("postgresql://newswatch@%2Frun%2Fpostgresql/newswatch", "newswatch@/run/postgresql:5432/newswatch", .prefer),
            ("postgresql:///newswatch?host=/srv/pg&port=5444&user=bob", "bob@/srv/pg:5444/newswatch", .prefer),
            ("postgresql://newswatch@", "newswatch@/var/run/postgresql:5432/newswatch", .prefer),
            ("postgresql://ne%40ws@10.0.0.7/my%20db?sslmode=require", "ne@ws@10.0.0.7:5432/my db", .require),
        ]
    )
    func urlIsParsed(url: String, shown: String, mode: DatabaseLocation.TLSMode) throws {
        let location = try DatabaseLocation(parsing: url, defaultUser: "operator")
        #expect(location.description == shown)
        #expect(location.tlsMode == mode)
    }

    @Test func aURLWithoutUserTakesTheLoginNameAndItsDatabase() throws {
        let location = try DatabaseLocation(parsing: "postgresql://db.example", defaultUser: "operator")
        #expect(location.user == "operator")
        #expect(location.database == "operator")
        #expect(location.endpoint == .tcp(host: "db.example", port: 5432))
    }

    @Test func aSocketFolderNamesItsSocketFile() throws {
        let location = try DatabaseLocation(parsing: "postgresql://newswatch@%2Frun%2Fpostgresql:5433/n")
        #expect(location.endpoint == .socket(folder: "/run/postgresql", port: 5433))
        #expect(location.socketPath == "/run/postgresql/.s.PGSQL.5433")
    }

    @Test func parametersSetCATimeoutAndApplicationName() throws {
        let location = try DatabaseLocation(
            parsing: "postgresql://n@db/n?sslmode=verify-ca&sslrootcert=/etc/ssl/db-ca.pem&connect_timeout=3&application_name=nw-a")
        #expect(location.tlsMode == .verifyCA)
        #expect(location.rootCertificate == "/etc/ssl/db-ca.pem")
        #expect(location.connectTimeout == .seconds(3))
        #expect(location.applicationName == "nw-a")
    }

    @Test(
        "a URL that cannot be used is refused with what to fix",
        arguments: [
            ("mysql://db/newswatch", "must start with postgresql://"),
            ("postgresql://newswatch:secret@db/newswatch", "keep it out of the configuration file"),
            ("postgresql://db/newswatch?password=secret", "keep it out of the configuration file"),
            ("postgresql://db:99999/newswatch", "port \"99999\""),
            ("postgresql://db/newswatch?sslmode=sometimes", "sslmode \"sometimes\" is not one of"),
            ("postgresql://db/newswatch?sslmod=require", "unknown URL parameter \"sslmod\""),
            ("postgresql://a,b/newswatch", "several hosts"),
            ("postgresql://[::1/newswatch", "closing ]"),
            ("postgresql://db/news%zz", "broken %-escape"),
            ("postgresql://db/n?connect_timeout=soon", "connect_timeout \"soon\""),
        ]
    )
    func badURLIsRefused(url: String, reason: String) {
        #expect {
            _ = try DatabaseLocation(parsing: url, defaultUser: "operator")
        } throws: { error in
            "\(error)".contains(reason)
        }
    }

    @Test func theDescriptionNeverHoldsASecretOrParameters() throws {
        let location = try DatabaseLocation(parsing: "postgresql://n@db/n?sslmode=require&application_name=x")
        #expect(location.description == "n@db:5432/n")
    }
}
