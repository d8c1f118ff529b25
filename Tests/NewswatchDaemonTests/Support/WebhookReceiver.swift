import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// A real HTTP server on 127.0.0.1 for the forwarder tests: records every request and
/// answers as the test says — 200, any status with an optional `Retry-After`, or not at all
/// (a hang).
final class WebhookReceiver: Sendable {
    struct Request: Sendable {
        var method: String
        var path: String
        var headers: [String: String]
        var body: Data
        var time: Date
        /// Which TCP connection carried it (0, 1, …), to see keep-alive.
        var connection: Int

        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: body) as? [String: Any]) ?? [:] }
    }

    enum Answer: Sendable {
        case status(Int, retryAfter: String? = nil)
        case hang
    }

    typealias Responder = @Sendable (Request, _ index: Int) -> Answer

    private struct State {
        var requests: [Request] = []
        var connections = 0
        var responder: Responder = { _, _ in .status(200) }
    }

    private let state = Mutex(State())
    private let channel: any Channel
    let port: Int
    var url: String { "http://127.0.0.1:\(port)/hook" }

    init() throws {
        let box = ReceiverBox()
        channel = try ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let receiver = box.receiver!
                    let number = receiver.state.withLock { state in
                        state.connections += 1
                        return state.connections - 1
                    }
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(Handler(receiver: receiver, connection: number))
                }
            }
            .bind(host: "127.0.0.1", port: 0).wait()
        port = channel.localAddress?.port ?? 0
        box.receiver = self
    }

    deinit {
        channel.close(promise: nil)
    }

    /// Sets how the next requests are answered.
    func respond(_ responder: @escaping Responder) {
        state.withLock { $0.responder = responder }
    }

    var requests: [Request] { state.withLock { $0.requests } }
    var connections: Int { state.withLock { $0.connections } }

    /// Waits until `done` holds for the requests so far, or the timeout passes.
    @discardableResult
    func wait(timeout: Double = 30, until done: ([Request]) -> Bool) -> [Request] {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            let now = requests
            if done(now) { return now }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return requests
    }

    fileprivate func record(_ request: Request) -> Answer {
        state.withLock { state in
            state.requests.append(request)
            return state.responder(request, state.requests.count - 1)
        }
    }

    /// Lets the child channels find the receiver, which exists only once bind returned.
    private final class ReceiverBox: @unchecked Sendable {
        var receiver: WebhookReceiver?
    }

    private final class Handler: ChannelInboundHandler {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart

        let receiver: WebhookReceiver
        let connection: Int
        var head: HTTPRequestHead?
        var body = Data()

        init(receiver: WebhookReceiver, connection: Int) {
            self.receiver = receiver
            self.connection = connection
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let head):
                self.head = head
                body = Data()
            case .body(let buffer):
                body.append(contentsOf: buffer.readableBytesView)
            case .end:
                guard let head else { return }
                var headers: [String: String] = [:]
                for (name, value) in head.headers { headers[name.lowercased()] = value }
                let request = Request(
                    method: "\(head.method)", path: head.uri, headers: headers, body: body, time: Date(),
                    connection: connection)
                guard case .status(let code, let retryAfter) = receiver.record(request) else { return }
                var responseHeaders = HTTPHeaders([("Content-Length", "2"), ("Content-Type", "text/plain")])
                if let retryAfter { responseHeaders.add(name: "Retry-After", value: retryAfter) }
                let response = HTTPResponseHead(
                    version: head.version, status: HTTPResponseStatus(statusCode: code), headers: responseHeaders)
                context.write(wrapOutboundOut(.head(response)), promise: nil)
                context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: "ok")))), promise: nil)
                context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
            }
        }
    }
}
