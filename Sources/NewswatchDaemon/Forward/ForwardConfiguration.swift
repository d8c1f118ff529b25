public import SystemPackage

/// What the forwarder reads from `newswatch.toml`: its `[[forward]]` destinations.
public struct ForwardConfiguration: Sendable, Equatable {
    /// The file this was read from.
    public var file: FilePath
    public var destinations: [ForwardDestination]

    public init(file: FilePath, destinations: [ForwardDestination]) {
        self.file = file
        self.destinations = destinations
    }
}
