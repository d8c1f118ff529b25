import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Network namespaces, each joined to this host by a veth link of its own, so that a daemon
/// run in one (`ip netns exec`) reaches a server on this host over a real network link, not
/// loopback.
///
/// Link `n` is the /30 `10.213.S.4n` of a /24 that no address or route here uses yet (S picked
/// at random): the host end holds `.4n+1`, the namespace end `.4n+2`, and the namespace's `lo`
/// is up too. Names carry this process's id (`nwf<pid>-<n>`, interfaces `nwf<pid>h<n>` and
/// `nwf<pid>n<n>`), so test processes running at once never meet; namespaces a process that
/// died left behind are removed when the next one makes its links.
struct NamespaceLinks: Sendable {
    struct Link: Sendable {
        var namespace: String
        var hostInterface: String
        var hostAddress: String
        var namespaceAddress: String

        /// The host end with its network's prefix: for the server to listen on and to trust.
        var hostNetwork: String { "\(hostAddress)/30" }

        /// A launcher for `DaemonFixture.start`: `ip netns exec` enters the namespace and execs
        /// the daemon, which keeps the PID (its journal entries are found by it) and reaches
        /// journald and `NOTIFY_SOCKET`, Unix sockets found by path, as before.
        var launcher: [String] { ["/usr/bin/env", "ip", "netns", "exec", namespace] }
    }

    let links: [Link]

    /// Makes `count` linked namespaces (at most 64), undoing what it made when a step fails.
    /// - Throws: `HarnessError` naming the `ip` command that failed (no `ip`, not root, no
    ///   veth driver): the caller says so and runs on loopback.
    init(count: Int) throws {
        precondition(count <= 64, "a /24 holds 64 links of a /30")
        Self.removeOrphans()
        let subnet = try Self.unusedSubnet()
        let pid = getpid()
        var made: [Link] = []
        do {
            for number in 0..<count {
                let link = Link(
                    namespace: "nwf\(pid)-\(number)", hostInterface: "nwf\(pid)h\(number)",
                    hostAddress: "\(subnet).\(4 * number + 1)", namespaceAddress: "\(subnet).\(4 * number + 2)")
                try runChecked("ip", ["netns", "add", link.namespace])
                made.append(link)
                let inner = "nwf\(pid)n\(number)"
                try runChecked("ip", ["link", "add", link.hostInterface, "type", "veth", "peer", "name", inner, "netns", link.namespace])
                try runChecked("ip", ["address", "add", link.hostNetwork, "dev", link.hostInterface])
                try runChecked("ip", ["link", "set", link.hostInterface, "up"])
                try runChecked("ip", ["-n", link.namespace, "address", "add", "\(link.namespaceAddress)/30", "dev", inner])
                try runChecked("ip", ["-n", link.namespace, "link", "set", inner, "up"])
                try runChecked("ip", ["-n", link.namespace, "link", "set", "lo", "up"])
            }
        } catch {
            Self.remove(made)
            throw error
        }
        links = made
    }

    /// Deletes the namespaces and with them the veth links (a veth pair goes when either end
    /// does; the host end is deleted too in case its peer had not been moved yet).
    func remove() { Self.remove(links) }

    private static func remove(_ links: [Link]) {
        for link in links {
            _ = try? runCommand("ip", ["netns", "delete", link.namespace])
            _ = try? runCommand("ip", ["link", "delete", link.hostInterface])
        }
    }

    /// A `10.213.S` prefix that no address or route of this host uses.
    private static func unusedSubnet() throws -> String {
        // Routes start their lines, addresses follow "inet ": every word starts after a space.
        let inUse =
            " "
            + (try runChecked("ip", ["-4", "-o", "address", "show"]) + (try runChecked("ip", ["-4", "route", "show"])))
            .replacingOccurrences(of: "\n", with: " ")
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<64 {
            let subnet = "10.213.\(Int.random(in: 1...254, using: &generator))"
            if !inUse.contains(" \(subnet).") { return subnet }
        }
        throw HarnessError("no free 10.213.S.0/24 for the veth links: \(inUse)")
    }

    /// Deletes `nwf<pid>-<n>` namespaces whose process no longer runs (a test killed before
    /// its cleanup).
    private static func removeOrphans() {
        guard let list = try? runCommand("ip", ["netns", "list"]), list.status == 0 else { return }
        for line in list.output.split(separator: "\n") {
            let name = line.split(separator: " ").first.map(String.init) ?? ""
            guard name.hasPrefix("nwf"), let dash = name.firstIndex(of: "-"),
                let pid = Int32(name[name.index(name.startIndex, offsetBy: 3)..<dash])
            else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH {
                _ = try? runCommand("ip", ["netns", "delete", name])
            }
        }
    }
}
