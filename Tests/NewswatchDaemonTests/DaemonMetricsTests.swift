import Foundation
import NewswatchTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The `[metrics] textfile` the real daemon writes, read by a real parser of the Prometheus
/// text format (Python's `prometheus_client.parser`, as node_exporter's collector reads it).
extension DaemonTests {
    @Suite("Daemon metrics textfile", .timeLimit(.minutes(3)))
    struct DaemonMetricsTests {
        struct Sample: Decodable {
            var name: String
            var labels: [String: String]
            var value: Double
        }

        struct Parsed: Decodable {
            /// Family name → type, as the parser read them.
            var types: [String: String]
            var samples: [Sample]

            func value(_ name: String, _ labels: [String: String] = [:]) -> Double? {
                samples.first { $0.name == name && $0.labels == labels }?.value
            }
        }

        static let parser = """
            import json, sys
            from prometheus_client.parser import text_string_to_metric_families
            types, samples = {}, []
            for family in text_string_to_metric_families(open(sys.argv[1]).read()):
                types[family.name] = family.type
                samples += [{"name": s.name, "labels": s.labels, "value": s.value} for s in family.samples]
            print(json.dumps({"types": types, "samples": samples}))
            """

        /// The file parsed by `prometheus_client`; throws with the parser's words when it refuses it.
        static func parse(_ file: URL) throws -> Parsed {
            // Debian's python3 has python3-prometheus-client (scripts/install-deps.sh).
            let result = try runCommand("/usr/bin/python3", ["-c", parser, file.path])
            guard result.status == 0 else { throw ParseFailure(output: result.output) }
            return try JSONDecoder().decode(Parsed.self, from: Data(result.output.utf8))
        }

        struct ParseFailure: Error, CustomStringConvertible {
            var output: String
            var description: String { "prometheus_client refused the file: \(output)" }
        }

        /// A daemon whose textfile is `path` (relative to the fixture's folder), written every second.
        static func fixture(textfile path: String, backend: StateBackend.Prepared = .init()) throws -> DaemonFixture {
            try DaemonFixture(extra: "[metrics]\ntextfile = \"\(path)\"\ninterval = \"1s\"", backend: backend)
        }

        @Test(arguments: StateBackend.allCases)
        func theDaemonsTextfileParsesAndCountsPagesAlertsFailuresAndBatches(backend: StateBackend) async throws {
            let fixture = try Self.fixture(textfile: "metrics/newswatch.prom", backend: try await backend.prepare())
            let folder = fixture.folder.appending(path: "metrics")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let file = folder.appending(path: "newswatch.prom")
            try fixture.start()
            try fixture.drop(seed: SharedData.seed001, as: "seed001.txt")
            try fixture.drop(Data("\u{0}\u{1}binary".utf8), as: "junk.bin")
            try fixture.waitForOutcomes(["seed001.txt", "junk.bin"])

            var parsed: Parsed?
            let settled = try waitUntil(timeout: 15) {
                guard FileManager.default.fileExists(atPath: file.path) else { return false }
                parsed = try Self.parse(file)
                return parsed?.value("newswatch_files_total") == 2
            }
            #expect(settled, "the textfile never counted both files")
            let metrics = try #require(parsed)
            #expect(metrics.types["newswatch_pages"] == "counter")
            #expect(metrics.types["newswatch_batch_duration_seconds"] == "histogram")
            #expect(metrics.types["newswatch_backlog_files"] == "gauge")
            #expect(metrics.value("newswatch_up") == 1)
            #expect(metrics.value("newswatch_pages_total", ["outcome": "new"]) == 1)
            #expect(metrics.value("newswatch_pages_total", ["outcome": "failed"]) == 1)
            #expect(metrics.value("newswatch_pages_total", ["outcome": "duplicate"]) == 0)
            #expect(metrics.value("newswatch_alerts_total", ["topic": "nato-expansion"]) == 1)
            #expect(metrics.value("newswatch_alerts_total", ["topic": "furniture-only"]) == 0)
            #expect(metrics.value("newswatch_failures_total", ["reason": "binary"]) == 1)
            #expect(metrics.value("newswatch_failures_total", ["reason": "no_article"]) == 0)
            #expect(metrics.value("newswatch_backlog_files") == 0)
            let batches = try #require(metrics.value("newswatch_batch_duration_seconds_count"))
            #expect(batches >= 1)
            #expect(metrics.value("newswatch_batch_duration_seconds_bucket", ["le": "+Inf"]) == batches)
            let now = Date().timeIntervalSince1970
            let lastSuccess = try #require(metrics.value("newswatch_last_success_timestamp_seconds"))
            #expect(abs(lastSuccess - now) < 60)
            #expect(abs((metrics.value("newswatch_start_time_seconds") ?? 0) - now) < 120)

            fixture.signal(SIGTERM)
            #expect(fixture.waitForExit() == 0)
            #expect(try Self.parse(file).value("newswatch_up") == 0, "the file left behind says the daemon stopped")
            #expect(fixture.contents(of: folder) == ["newswatch.prom"], "no temporary file is left beside it")
        }

        @Test func aTextfileFolderThatIsMissingIsWarnedAboutAndTheDaemonGoesOn() throws {
            let fixture = try Self.fixture(textfile: "no-such-folder/newswatch.prom")
            try fixture.start()
            try fixture.drop(seed: SharedData.seed001, as: "seed001.txt")
            let entries = try fixture.waitForOutcomes(["seed001.txt"])
            #expect(entries.outcome(of: "seed001.txt") == "new")
            let warnings = try fixture.entries().filter {
                $0["MESSAGE"]?.hasPrefix("cannot write \(fixture.folder.path)/no-such-folder/newswatch.prom") == true
            }
            #expect(warnings.count == 1, "one warning, not one a second: \(warnings.map { $0["MESSAGE"] ?? "" })")
            fixture.signal(SIGTERM)
            #expect(fixture.waitForExit() == 0)
        }
    }
}
