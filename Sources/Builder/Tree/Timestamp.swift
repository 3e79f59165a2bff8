/// Seconds and nanoseconds since the Unix epoch; seconds may be negative (times before 1970).
public struct Timestamp: Hashable, Comparable, Sendable {
    public var seconds: Int64
    public var nanoseconds: UInt32

    public init(seconds: Int64, nanoseconds: UInt32 = 0) {
        self.seconds = seconds
        self.nanoseconds = nanoseconds
    }

    public static func < (a: Timestamp, b: Timestamp) -> Bool {
        (a.seconds, a.nanoseconds) < (b.seconds, b.nanoseconds)
    }

    /// The time builder gives what it creates itself: SOURCE_DATE_EPOCH when set, else a fixed
    /// default, never the clock (reproducible builds).
    public static func sourceDateEpoch(environment: [String: String]) -> Timestamp {
        if let v = environment["SOURCE_DATE_EPOCH"], let s = Int64(v) { return Timestamp(seconds: s) }
        return Timestamp(seconds: defaultEpoch)
    }

    /// 2000-01-01T00:00:00Z: the fixed time used when SOURCE_DATE_EPOCH is not set.
    public static let defaultEpoch: Int64 = 946_684_800
}
