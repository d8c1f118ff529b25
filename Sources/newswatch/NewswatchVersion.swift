/// What `newswatch --version` prints: the release and the git commit it was built from.
enum NewswatchVersion {
    /// The release; `scripts/build-deb.sh` takes the package version from here.
    static let number = "0.5.0"

    /// `newswatch 0.5.0 (commit 3f2a9c0d1e4b)`; `-dirty` when built from a tree with changes.
    static var description: String { "newswatch \(number) (commit \(BuildStamp.commit))" }
}
