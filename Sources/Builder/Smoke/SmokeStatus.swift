/// How one guest's smoke boot ended, as the dom0 script reports it.
public enum SmokeStatus: String, Sendable, Equatable, CaseIterable {
    /// The console showed the expected pattern.
    case pass
    /// The time limit passed before the console showed it.
    case timeout
    /// The console showed the fail pattern (a kernel panic, an emergency shell) first.
    case failPattern = "fail-pattern"
    /// `xl create` failed (bad config, missing image, hotplug failure).
    case createFailed = "create-failed"
    /// The domain went away (crashed, powered off, rebooted) before the console showed it.
    case domainGone = "domain-gone"
    /// dom0 itself could not run the test (no guest disk, no config).
    case dom0Error = "dom0-error"
}
