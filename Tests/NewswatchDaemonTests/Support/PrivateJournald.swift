import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A systemd-journald of one test, in a private mount namespace (`unshare -m`): its own
/// sockets on a tmpfs over /run/systemd/journal, its journal files in a folder of the test
/// (`journalFolder`), volatile storage. The machine's shared journald, which other tests
/// use, is never touched. Commands (write alerts, restart, rotate, vacuum) run inside the
/// namespace, one at a time, through numbered files.
final class PrivateJournald {
    let folder: URL
    let process = Process()
    private var next = 0
    var journalFolder: URL { folder.appending(path: "journal") }

    static let script = #"""
        set -eu
        folder=$1 prefix=$2
        mount --make-rprivate /
        mount -t tmpfs tmpfs /run/systemd/journal
        mount -t tmpfs tmpfs /run/log
        mkdir -p /run/log/journal
        mount --bind "$folder/journal" /run/log/journal
        mount -t tmpfs tmpfs /var/log/journal
        printf '[Journal]\nStorage=volatile\nReadKMsg=no\nForwardToSyslog=no\nForwardToWall=no\nForwardToConsole=no\nRateLimitBurst=0\n' > "$folder/journald.conf"
        mount --bind "$folder/journald.conf" /etc/systemd/journald.conf
        start_journald() {
            rm -f /run/systemd/journal/socket
            /lib/systemd/systemd-journald </dev/null >>"$folder/journald.log" 2>&1 &
            journald=$!
            for _ in $(seq 1 200); do [ -S /run/systemd/journal/socket ] && return 0; sleep 0.05; done
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
        n=0
        while true; do
            while [ ! -e "$folder/cmd-$n" ]; do sleep 0.02; done
            read -r command first last < "$folder/cmd-$n" || true
            case "$command" in
                write) write_alerts "$first" "$last" ;;
                restart) kill -TERM "$journald"; wait "$journald" || true; start_journald ;;
                rotate) kill -USR2 "$journald"; sleep 1 ;;
                vacuum) journalctl -D "$(ls -d /run/log/journal/*/)" --vacuum-size=1 >>"$folder/journald.log" 2>&1 ;;
                stop) kill -TERM "$journald"; wait "$journald" || true; touch "$folder/ok-$n"; exit 0 ;;
            esac
            touch "$folder/ok-$n"
            n=$((n + 1))
        done
        """#

    /// Starts journald in its namespace; `prefix` starts the topic of every alert written.
    init(folder: URL, prefix: String) throws {
        self.folder = folder
        try FileManager.default.createDirectory(at: journalFolder, withIntermediateDirectories: true)
        let script = folder.appending(path: "private-journald.sh")
        try Self.script.write(to: script, atomically: true, encoding: .utf8)
        process.executableURL = URL(filePath: "/usr/bin/unshare")
        process.arguments = ["-m", "/bin/bash", script.path, folder.path, prefix]
        let log = folder.appending(path: "namespace.log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: log)
        process.standardError = process.standardOutput
        try process.run()
        guard waitFor("ready", timeout: 20) else { throw HarnessError("private journald did not start: \(log)") }
    }

    deinit {
        if process.isRunning { _ = try? run("stop") }
        process.waitUntilExit()
    }

    /// The folder journald writes in (`journal/MACHINE-ID`), for `--journal-directory`.
    func machineFolder() throws -> URL {
        guard let folder = try FileManager.default.contentsOfDirectory(at: journalFolder, includingPropertiesForKeys: nil).first else {
            throw HarnessError("the private journald made no journal folder")
        }
        return folder
    }

    /// Runs `write FIRST LAST` (alerts numbered FIRST..<LAST), `restart`, `rotate`, `vacuum` or
    /// `stop` in the namespace and waits until it is done.
    func run(_ command: String) throws {
        let number = next
        next += 1
        try command.write(to: folder.appending(path: "cmd-\(number)"), atomically: true, encoding: .utf8)
        guard waitFor("ok-\(number)", timeout: 60) else { throw HarnessError("'\(command)' did not finish in the namespace") }
    }

    private func waitFor(_ name: String, timeout: Double) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        let path = folder.appending(path: name).path
        while !FileManager.default.fileExists(atPath: path) {
            guard process.isRunning, Date() < deadline else { return false }
            Thread.sleep(forTimeInterval: 0.02)
        }
        return true
    }
}
