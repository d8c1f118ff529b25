import Foundation
import NIOCore
import NIOPosix
import NIOSSL

/// One SMTP conversation (RFC 5321) over SwiftNIO: greeting, EHLO, STARTTLS (RFC 3207) and a
/// second EHLO, AUTH PLAIN or LOGIN when a user is set, then one message.
struct SMTPSession {
    /// A reply: its code and the text of all its lines.
    struct Reply {
        var code: Int
        var lines: [String]
        var text: String { lines.joined(separator: " / ") }
    }

    /// The server answered with an error code; `permanent` for 5xx.
    struct Failure: Error, CustomStringConvertible {
        var step: String
        var reply: Reply?
        var message: String
        var permanent: Bool { (reply?.code ?? 0) >= 500 }
        var description: String {
            "SMTP \(step): " + (reply.map { "\($0.code) \($0.text)" } ?? message)
        }
    }

    let server: ForwardDestination.SMTPServer
    let password: String?
    let clientName: String

    /// Sends `message` and returns the server's final reply (`250 queued as …`).
    func send(_ message: EmailMessage) async throws -> Reply {
        let tls: NIOSSLContext? = server.startTLS == .off ? nil : try Self.tlsContext(caFile: server.caFile)
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(.seconds(10))
            .connect(host: server.host, port: server.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        return try await channel.executeThenClose { inbound, outbound in
            var replies = ReplyReader(iterator: inbound.makeAsyncIterator())
            func command(_ line: String, _ step: String, expect: ClosedRange<Int> = 200...299) async throws -> Reply {
                if !line.isEmpty { try await outbound.write(ByteBuffer(string: line + "\r\n")) }
                let reply = try await replies.next(step: step)
                guard expect.contains(reply.code) else { throw Failure(step: step, reply: reply, message: "") }
                return reply
            }
            _ = try await command("", "greeting")
            var greeting = try await command("EHLO \(clientName)", "EHLO")
            if let tls {
                guard greeting.lines.contains(where: { $0.uppercased().hasPrefix("STARTTLS") }) else {
                    throw Failure(
                        step: "STARTTLS", reply: nil,
                        message: "\(server.host) does not offer STARTTLS (set starttls = \"off\" only for a relay you trust)")
                }
                _ = try await command("STARTTLS", "STARTTLS")
                let host = Self.isAddress(server.host) ? nil : server.host
                try await channel.channel.eventLoop.submit {
                    let handler = try NIOSSLClientHandler(context: tls, serverHostname: host)
                    try channel.channel.pipeline.syncOperations.addHandler(handler, position: .first)
                }.get()
                greeting = try await command("EHLO \(clientName)", "EHLO after STARTTLS")
            }
            if let user = server.user {
                guard let password else { throw Failure(step: "AUTH", reply: nil, message: "no password for \(user)") }
                guard tls != nil || Self.isLoopback(server.host) else {
                    throw Failure(step: "AUTH", reply: nil, message: "refusing to send a password without STARTTLS to \(server.host)")
                }
                let mechanisms = greeting.lines.first { $0.uppercased().hasPrefix("AUTH") }?.uppercased() ?? ""
                if mechanisms.contains("PLAIN") || !mechanisms.contains("LOGIN") {
                    let token = Data("\0\(user)\0\(password)".utf8).base64EncodedString()
                    _ = try await command("AUTH PLAIN \(token)", "AUTH PLAIN")
                } else {
                    _ = try await command("AUTH LOGIN", "AUTH LOGIN", expect: 334...334)
                    _ = try await command(Data(user.utf8).base64EncodedString(), "AUTH LOGIN user", expect: 334...334)
                    _ = try await command(Data(password.utf8).base64EncodedString(), "AUTH LOGIN password")
                }
            }
            _ = try await command("MAIL FROM:<\(message.sender)>", "MAIL FROM")
            for recipient in message.recipients {
                _ = try await command("RCPT TO:<\(recipient)>", "RCPT TO \(recipient)")
            }
            _ = try await command("DATA", "DATA", expect: 354...354)
            let accepted = try await command(Self.dotStuffed(message.rendered()) + ".", "end of DATA")
            try? await outbound.write(ByteBuffer(string: "QUIT\r\n"))
            return accepted
        }
    }

    /// Lines that start with a dot get another (RFC 5321, 4.5.2); the text ends in CRLF.
    static func dotStuffed(_ text: String) -> String {
        text.split(separator: "\r\n", omittingEmptySubsequences: false)
            .map { $0.hasPrefix(".") ? "." + $0 : String($0) }.joined(separator: "\r\n")
    }

    static func tlsContext(caFile: String?) throws -> NIOSSLContext {
        var configuration = TLSConfiguration.makeClientConfiguration()
        if let caFile { configuration.additionalTrustRoots = [.file(caFile)] }
        return try NIOSSLContext(configuration: configuration)
    }

    static func isAddress(_ host: String) -> Bool {
        host.contains(":") || host.split(separator: ".").count == 4 && host.allSatisfy { $0.isNumber || $0 == "." }
    }

    static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }

    /// Splits the inbound bytes into CRLF lines and lines into replies (`250-…` continues).
    struct ReplyReader {
        var iterator: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
        var buffer = ByteBuffer()

        mutating func next(step: String) async throws -> Reply {
            var lines: [String] = []
            while true {
                let line = try await nextLine(step: step)
                guard line.utf8.count >= 3, let code = Int(line.prefix(3)) else {
                    throw Failure(step: step, reply: nil, message: "not an SMTP reply: \(line.prefix(100))")
                }
                lines.append(String(line.dropFirst(4)))
                if line.utf8.count == 3 || line[line.index(line.startIndex, offsetBy: 3)] != "-" {
                    return Reply(code: code, lines: lines)
                }
            }
        }

        private mutating func nextLine(step: String) async throws -> String {
            while true {
                let view = buffer.readableBytesView
                if let newline = view.firstIndex(of: UInt8(ascii: "\n")) {
                    let length = newline - view.startIndex
                    var line = buffer.readString(length: length) ?? ""
                    buffer.moveReaderIndex(forwardBy: 1)
                    if line.hasSuffix("\r") { line.removeLast() }
                    return line
                }
                guard var more = try await iterator.next() else {
                    throw Failure(step: step, reply: nil, message: "the server closed the connection")
                }
                buffer.writeBuffer(&more)
            }
        }
    }
}
