/// One change an alignment step made to the guest tree: a line of the build report, and (for
/// files) the before and after bytes that `builder check` shows as a diff.
public struct TreeChange: Sendable, Equatable {
    /// How a note that warns begins, in the report and for `Bake.Result.warnings`.
    public static let warningPrefix = "warning: "

    public enum Action: String, Sendable {
        case added
        case changed
        case removed
        case moved
        /// No file changed: what the step found or decided (e.g. "SELinux is disabled: nothing to do").
        case note
    }

    /// The step that made the change ("fstab", "console", ...).
    public var step: String
    public var action: Action
    /// The path changed; for `moved`, where it went is in `detail`.
    public var path: GuestPath?
    /// What changed, in words ("mode 0755", "xenU kernel 2.6.9-55.ELxenU", "to /lib/tls.disabled").
    public var detail: String
    /// The file's bytes before and after, for text diffs (nil when not a regular file).
    public var before: [UInt8]?
    public var after: [UInt8]?

    public init(
        step: String, action: Action, path: GuestPath?, detail: String = "", before: [UInt8]? = nil,
        after: [UInt8]? = nil
    ) {
        self.step = step
        self.action = action
        self.path = path
        self.detail = detail
        self.before = before
        self.after = after
    }

    /// The report line: `console: changed /etc/inittab (getty on xvc0)`.
    public var reportLine: String {
        var line = "\(step): \(action.rawValue)"
        if let path { line += " \(path)" }
        if !detail.isEmpty { line += path == nil ? " \(detail)" : " (\(detail))" }
        return line
    }
}
