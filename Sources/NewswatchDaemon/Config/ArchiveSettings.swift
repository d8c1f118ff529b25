/// `[archive]`: how `processed/` and `failed/` are laid out and how long files stay there.
public struct ArchiveSettings: Sendable, Equatable {
    /// The dated folders files are moved into; flat (`""`) puts them straight into the folder.
    public var layout: ArchiveLayout
    /// Seconds an archived file is kept; nil keeps files for ever (the default: newswatch
    /// deletes nobody's pages unless asked to).
    public var keep: Int64?

    public init(layout: ArchiveLayout = .standard, keep: Int64? = nil) {
        self.layout = layout
        self.keep = keep
    }
}
