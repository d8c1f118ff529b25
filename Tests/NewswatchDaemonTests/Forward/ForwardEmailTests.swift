import Foundation
import Testing

@testable import NewswatchDaemon

#if canImport(Glibc)
    import Glibc
#endif

/// Runs inside the serialized `DaemonTests`: these tests block their thread while they wait
/// for real processes, and two at once would starve the other suites of the two cooperative threads.
extension DaemonTests {
    /// Email through a real SMTP server on 127.0.0.1 (Python's aiosmtpd) with STARTTLS and AUTH,
    /// the password from a credential file, and through a sendmail program.
    @Suite("Forwarder email", .serialized, .timeLimit(.minutes(2)))
    struct ForwardEmailTests {
        /// aiosmtpd with STARTTLS required and one login, writing each message as a JSON line.
        static let sinkScript = """
            import json, socket, ssl, sys, time
            from aiosmtpd.controller import Controller
            from aiosmtpd.smtp import AuthResult
            folder = sys.argv[1]
            class Handler:
                async def handle_DATA(self, server, session, envelope):
                    with open(folder + "/messages.jsonl", "a") as out:
                        out.write(json.dumps({"from": envelope.mail_from, "to": envelope.rcpt_tos,
                            "data": envelope.content.decode("utf-8", "replace"), "tls": session.ssl is not None,
                            "login": session.authenticated}) + "\\n")
                    return "250 OK queued"
            def authenticate(server, session, envelope, mechanism, data):
                return AuthResult(success=data.login == b"alerts" and data.password == b"s3cret pass")
            context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            context.load_cert_chain(folder + "/cert.pem", folder + "/key.pem")
            probe = socket.socket(); probe.bind(("127.0.0.1", 0)); port = probe.getsockname()[1]; probe.close()
            controller = Controller(Handler(), hostname="127.0.0.1", port=port, tls_context=context,
                require_starttls=True, authenticator=authenticate, auth_required=True)
            controller.start()
            open(folder + "/port", "w").write(str(port))
            while True: time.sleep(1)
            """

        final class SMTPSink {
            let folder: URL
            let process = Process()
            let port: Int

            init(folder: URL) throws {
                self.folder = folder
                let certificate = try SystemdUnitTests.run(
                    "openssl",
                    [
                        "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
                        "-addext", "subjectAltName=DNS:localhost", "-keyout", folder.appending(path: "key.pem").path,
                        "-out", folder.appending(path: "cert.pem").path,
                    ])
                guard certificate.status == 0 else { throw HarnessError("openssl: \(certificate.output)") }
                let script = folder.appending(path: "smtp_sink.py")
                try Self.script.write(to: script, atomically: true, encoding: .utf8)
                // Debian's interpreter, which the python3-aiosmtpd package serves (another python3
                // may come first in PATH).
                process.executableURL = URL(filePath: "/usr/bin/python3")
                process.arguments = [script.path, folder.path]
                process.standardOutput = FileHandle.nullDevice
                process.standardError = FileHandle.nullDevice
                try process.run()
                let deadline = Date().addingTimeInterval(20)
                var port: Int?
                while port == nil && Date() < deadline && process.isRunning {
                    port = (try? String(contentsOf: folder.appending(path: "port"), encoding: .utf8)).flatMap { Int($0) }
                    if port == nil { Thread.sleep(forTimeInterval: 0.1) }
                }
                guard let port else { throw HarnessError("the SMTP sink did not start (is aiosmtpd installed? scripts/install-deps.sh)") }
                self.port = port
            }

            static var script: String { ForwardEmailTests.sinkScript }

            deinit {
                // SIGKILL: the test runner's threads block SIGTERM, and a spawned child inherits that mask.
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
            }

            var messages: [[String: Any]] {
                let text = (try? String(contentsOf: folder.appending(path: "messages.jsonl"), encoding: .utf8)) ?? ""
                return text.split(separator: "\n").compactMap {
                    try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
                }
            }

            func wait(for count: Int, timeout: Double = 30) -> [[String: Any]] {
                let deadline = Date().addingTimeInterval(timeout)
                while messages.count < count && Date() < deadline { Thread.sleep(forTimeInterval: 0.1) }
                return messages
            }
        }

        /// The text of a base64 body, as the mail client shows it.
        static func body(of message: String) -> String {
            guard let split = message.range(of: "\r\n\r\n") ?? message.range(of: "\n\n") else { return "" }
            let encoded = message[split.upperBound...].filter { !$0.isWhitespace }
            return Data(base64Encoded: String(encoded)).map { String(decoding: $0, as: UTF8.self) } ?? ""
        }

        @Test func alertsArriveThroughSMTPWithSTARTTLSAndALoginFromACredential() throws {
            let forward = try ForwardFixture(destinations: "")
            let sink = try SMTPSink(folder: forward.folder)
            let credentials = forward.folder.appending(path: "credentials")
            try FileManager.default.createDirectory(at: credentials, withIntermediateDirectories: true)
            try "s3cret pass\n".write(to: credentials.appending(path: "smtp-password"), atomically: true, encoding: .utf8)
            try forward.writeConfig(
                destinations: """
                    [[forward]]
                    name = "desk-mail"
                    email = ["desk@example.org", "night@example.org"]
                    from = "newswatch@example.org"
                    smtp = "smtp://alerts@localhost:\(sink.port)"
                    password_credential = "smtp-password"
                    ca_file = "\(forward.folder.appending(path: "cert.pem").path)"
                    topics = ["PREFIX*"]
                    backoff = "1s"
                    """)
            try forward.start(environment: ["CREDENTIALS_DIRECTORY": credentials.path])
            forward.writeAlert(1, url: "https://tass.com/world/1")
            forward.writeAlert(2)
            let messages = sink.wait(for: 2)
            forward.signal(SIGTERM)
            #expect(forward.waitForExit() == 0, "\(forward.standardError)")

            #expect(messages.count == 2, "\(forward.standardError)")
            let first = try #require(messages.first)
            #expect(first["tls"] as? Bool == true)
            #expect(first["login"] as? Bool == true)
            #expect(first["from"] as? String == "newswatch@example.org")
            #expect(first["to"] as? [String] == ["desk@example.org", "night@example.org"])
            let data = first["data"] as? String ?? ""
            #expect(data.contains("Subject: [newswatch] Topic a: \"Story 1\" (TASS, 2026-11-30)"))
            let text = Self.body(of: data)
            #expect(text.contains("Url: https://tass.com/world/1"), "\(text)")
            #expect(text.contains("Snippet: Sentence about story 1."))
            let config = try String(contentsOf: forward.config, encoding: .utf8)
            #expect(!config.contains("s3cret"), "the password stays out of the TOML")
        }

        @Test func aMissingCredentialStopsTheForwarderWithWhatToDo() throws {
            let forward = try ForwardFixture(
                destinations: """
                    [[forward]]
                    name = "chat"
                    url_credential = "chat-webhook"
                    """)
            #expect(throws: HarnessError.self) { try forward.start() }
            #expect(forward.waitForExit() == 1)
            #expect(forward.standardError.contains("LoadCredential=chat-webhook:"), "\(forward.standardError)")
        }

        @Test func sendmailGetsTheMessageOnStandardInput() throws {
            let forward = try ForwardFixture(destinations: "")
            let program = forward.folder.appending(path: "sendmail")
            let spool = forward.folder.appending(path: "spool")
            try FileManager.default.createDirectory(at: spool, withIntermediateDirectories: true)
            try """
            #!/bin/sh
            # A stand-in MTA: keeps the arguments and the message, one file per call.
            file="\(spool.path)/$(date +%s%N)"
            echo "$@" > "$file.args"
            cat > "$file.eml"
            """.write(to: program, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: program.path)
            try forward.writeConfig(
                destinations: """
                    [[forward]]
                    name = "local-mail"
                    email = "root@localhost"
                    from = "newswatch@localhost"
                    sendmail = "\(program.path)"
                    topics = ["PREFIX*"]
                    digest = "2s"
                    """)
            try forward.start()
            for number in 1...3 { forward.writeAlert(number) }
            let deadline = Date().addingTimeInterval(20)
            var mails: [String] = []
            while mails.isEmpty && Date() < deadline {
                Thread.sleep(forTimeInterval: 0.2)
                mails = ((try? FileManager.default.contentsOfDirectory(atPath: spool.path)) ?? []).filter { $0.hasSuffix(".eml") }
            }
            Thread.sleep(forTimeInterval: 1)
            forward.signal(SIGTERM)
            #expect(forward.waitForExit() == 0)

            #expect(mails.count == 1, "one digest for three alerts")
            let name = try #require(mails.first)
            let message = try String(contentsOf: spool.appending(path: name), encoding: .utf8)
            let arguments = try String(
                contentsOf: spool.appending(path: name.replacingOccurrences(of: ".eml", with: ".args")), encoding: .utf8)
            #expect(arguments.trimmingCharacters(in: .whitespacesAndNewlines) == "-oi -f newswatch@localhost -- root@localhost")
            #expect(message.contains("Subject: [newswatch] 3 newswatch alerts: Topic a (3)"))
            let text = Self.body(of: message)
            for number in 1...3 { #expect(text.contains("Title: Story \(number)")) }
        }
    }
}
