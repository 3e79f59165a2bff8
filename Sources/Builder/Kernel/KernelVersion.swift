/// Kernel release strings (uname -r): which is newer is rpm's order (`KernelVersionOrder`, the
/// one the boot menu sorts by), so 2.6.9-55.ELxenU is newer than 2.6.9-42.0.3.ELxenU.
enum KernelVersion {
    /// True when `a` is older than `b`; equal versions order by their text, so a choice among them
    /// never depends on the order they were found in.
    static func isOlder(_ a: String, than b: String) -> Bool {
        let c = KernelVersionOrder.compare(a, b)
        return c != 0 ? c < 0 : a < b
    }

    /// (major, minor, patch) of "2.6.9-55.ELxenU" → (2, 6, 9).
    static func triple(_ version: String) -> (Int, Int, Int)? {
        let head = version.prefix { $0.isNumber || $0 == "." }
        let parts = head.split(separator: ".").compactMap { Int($0) }
        guard parts.count >= 2 else { return nil }
        return (parts[0], parts[1], parts.count > 2 ? parts[2] : 0)
    }
}
