import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

@testable import NewswatchDaemon

/// journald restarted while the forwarder delivers — with a private journald of this test
/// in a private mount namespace (its own sockets on a tmpfs, its own journal folder), never
/// the machine's shared journald, which other tests are using.
@Suite("Forwarder and a journald restart", .serialized, .timeLimit(.minutes(3)))
struct ForwardJournaldRestartTests {
    /// Runs in `unshare -m`: starts journald, waits for `go`, writes alerts, restarts
    /// journald mid-stream, writes more, and stops journald when told `done`.
    static let script = #"""
        set -eu
        folder=$1 prefix=$2 count=$3
        mount --make-rprivate /
        mount -t tmpfs tmpfs /run/systemd/journal
        mount -t tmpfs tmpfs /run/log
        mkdir -p /run/log/journal
        mount --bind "$folder/journal" /run/log/journal
        mount -t tmpfs tmpfs /var/log/journal
        printf '[Journal]\nStorage=volatile\nReadKMsg=no\nForwardToSyslog=no\nForwardToWall=no\nForwardToConsole=no\nRateLimitBurst=0\n' > "$folder/journald.conf"
        mount --bind "$folder/journald.conf" /etc/systemd/journald.conf
        start_journald() {
            /lib/systemd/systemd-journald </dev/null >>"$folder/journald.log" 2>&1 &
            journald=$!
            for _ in $(seq 1 100); do [ -S /run/systemd/journal/socket ] && return 0; sleep 0.05; done
            echo "private journald did not start" >&2; exit 1
        }
        write_alerts() {
            python3 - "$prefix" "$1" "$2" <<'PY'
        import socket, sys, time
        prefix, first, last = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
        for number in range(first, last):
            fields = {"MESSAGE": f"Topic a: Story {number}", "PRIORITY": "4", "MESSAGE_ID": "46fb645ad9fe41fcbd2a627191c6e277",
                      "SYSLOG_IDENTIFIER": "newswatch-test", "NEWSWATCH_TOPIC": prefix + "a", "NEWSWATCH_TITLE": f"Story {number}",
                      "NEWSWATCH_TEST_NUMBER": str(number)}
            data = "".join(f"{k}={v}\n" for k, v in fields.items()).encode()
            for attempt in range(200):
                try:
                    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as s:
                        s.sendto(data, "/run/systemd/journal/socket")
                    break
                except OSError:
                    time.sleep(0.05)
            else:
                sys.exit("journald did not take entry %d" % number)
            time.sleep(0.002)
        PY
        }
        start_journald
        touch "$folder/ready"
        while [ ! -e "$folder/go" ]; do sleep 0.05; done
        half=$((count / 2))
        write_alerts 0 "$half"
        sleep 0.3
        kill -TERM "$journald"; wait "$journald" || true
        touch "$folder/restarted"
        start_journald
        write_alerts "$half" "$count"
        while [ ! -e "$folder/done" ]; do sleep 0.1; done
        kill -TERM "$journald"; wait "$journald" || true
        """#

    @Test func alertsWrittenAcrossAJournaldRestartAllArrive() throws {
        let receiver = try WebhookReceiver()
        receiver.respond { _, _ in
            Thread.sleep(forTimeInterval: 0.01)  // delivery lags behind the writer: mid-stream at the restart
            return .status(200)
        }
        let forward = try ForwardFixture(destinations: ForwardDeliveryTests.webhook(receiver))
        let journalFolder = forward.folder.appending(path: "journal")
        try FileManager.default.createDirectory(at: journalFolder, withIntermediateDirectories: true)
        let scriptFile = forward.folder.appending(path: "private-journald.sh")
        try Self.script.write(to: scriptFile, atomically: true, encoding: .utf8)
        let count = 200
        let namespace = Process()
        namespace.executableURL = URL(filePath: "/usr/bin/unshare")
        namespace.arguments = ["-m", "/bin/bash", scriptFile.path, forward.folder.path, forward.prefix, String(count)]
        let log = forward.folder.appending(path: "namespace.log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        namespace.standardOutput = try FileHandle(forWritingTo: log)
        namespace.standardError = namespace.standardOutput
        try namespace.run()
        defer {
            FileManager.default.createFile(atPath: forward.folder.appending(path: "done").path, contents: nil)
            namespace.waitUntilExit()
        }
        func exists(_ name: String) -> Bool { FileManager.default.fileExists(atPath: forward.folder.appending(path: name).path) }
        let deadline = Date().addingTimeInterval(20)
        while !exists("ready") && namespace.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        try #require(exists("ready"), "\((try? String(contentsOf: log, encoding: .utf8)) ?? "")")
        let machineFolder = try #require(
            try FileManager.default.contentsOfDirectory(at: journalFolder, includingPropertiesForKeys: nil).first)

        try forward.start(arguments: ["--journal-directory", machineFolder.path])
        FileManager.default.createFile(atPath: forward.folder.appending(path: "go").path, contents: nil)
        let requests = receiver.wait(timeout: 60) { Set($0.compactMap(\.alertNumber)).count >= count }
        let restartedMidStream = exists("restarted")
        forward.signal(SIGTERM)
        #expect(forward.waitForExit() == 0, "\(forward.standardError)")

        let numbers = requests.compactMap(\.alertNumber)
        #expect(Set(numbers) == Set(0..<count), "missing: \(Set(0..<count).subtracting(numbers).sorted().prefix(20))")
        #expect(numbers == Array(0..<count), "out of order or repeated")
        #expect(restartedMidStream)
        let files = try FileManager.default.contentsOfDirectory(atPath: machineFolder.path)
        #expect(files.contains("system.journal"), "\(files)")
    }
}
