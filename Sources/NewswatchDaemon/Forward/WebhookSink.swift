import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NewswatchCore

/// Posts alerts as JSON to a webhook through AsyncHTTPClient, over the client's kept-alive
/// connection to that host.
struct WebhookSink: AlertSink {
    let client: HTTPClient
    let url: String
    let payload: WebhookPayload
    let bearerToken: String?
    let timeout: Duration

    func deliver(_ alerts: [JournalAlert], digest: Bool) async -> DeliveryOutcome {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "User-Agent", value: "newswatch-forward")
        // The same alerts give the same key on a repeated delivery, so receivers can drop the copy.
        let key = (alerts.first?.cursor ?? "") + (digest ? "#\(alerts.count)" : "")
        request.headers.add(name: "Idempotency-Key", value: StableHash.hex(StableHash.of(key)))
        if let bearerToken { request.headers.add(name: "Authorization", value: "Bearer \(bearerToken)") }
        request.body = .bytes(ByteBuffer(bytes: payload.body(for: alerts, digest: digest)))
        do {
            let response = try await client.execute(request, timeout: .nanoseconds(timeout.nanoseconds))
            // Read the answer to its end so the connection goes back to the pool for the next alert.
            let answer = try await response.body.collect(upTo: 1 << 20)
            return Self.outcome(status: response.status, headers: response.headers, answer: answer)
        } catch {
            return .retry(reason: "POST \(Self.redacted(url)) failed: \(error)", after: nil)
        }
    }

    static func outcome(status: HTTPResponseStatus, headers: HTTPHeaders, answer: ByteBuffer) -> DeliveryOutcome {
        let code = Int(status.code)
        let said = String(buffer: answer).prefix(200).replacingOccurrences(of: "\n", with: " ")
        let reason = "HTTP \(code) \(status.reasonPhrase)" + (said.isEmpty ? "" : ": \(said)")
        switch code {
        case 200..<300:
            return .delivered(detail: "HTTP \(code)")
        case 408, 425, 429:
            return .retry(reason: reason, after: headers.first(name: "Retry-After").flatMap { RetryAfter.duration($0) })
        case 400..<500:
            return .rejected(reason: reason)
        default:
            return .retry(reason: reason, after: headers.first(name: "Retry-After").flatMap { RetryAfter.duration($0) })
        }
    }

    /// The URL without its path and query, which for chat webhooks hold the token.
    static func redacted(_ url: String) -> String {
        guard let scheme = url.range(of: "://") else { return "the webhook" }
        let rest = url[scheme.upperBound...]
        let host = rest.prefix { $0 != "/" && $0 != "?" }
        return url[..<scheme.upperBound] + host + (rest.count > host.count ? "/…" : "")
    }
}

extension Duration {
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
