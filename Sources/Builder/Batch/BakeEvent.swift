/// What happens to one guest of a batch, as it happens. The CLI turns these into progress bars,
/// plain lines or JSON events; the library never writes to the terminal itself.
public struct BakeEvent: Sendable, Equatable {
    /// The guest's name (its output folder's name).
    public var guest: String
    /// The recipe file the guest comes from, as given.
    public var recipe: String
    public var kind: Kind

    public init(guest: String, recipe: String, kind: Kind) {
        self.guest = guest
        self.recipe = recipe
        self.kind = kind
    }

    public enum Kind: Sendable, Equatable {
        /// The guest starts; `steps` is how many `step` events a full bake of it sends (for a bar).
        case started(steps: Int)
        /// A step begins: "writing sda1.img (ext3 for /, size auto)".
        case step(String)
        /// Something the guest's report warns about ("warning: ..." lines), sent before `finished`.
        case warning(String)
        /// The guest's folder is in place.
        case finished(folder: String)
        /// The guest failed; nothing of it was left in the output.
        case failed(message: String)
    }
}

/// Where a batch sends its events. Called from the batch's worker threads, one event at a time.
public typealias BakeEventSink = @Sendable (BakeEvent) -> Void
