/// An absolute path inside the guest tree, as its components. The root is the empty list.
public struct GuestPath: Hashable, Sendable, CustomStringConvertible {
    public var components: [Name]

    public static let root = GuestPath(components: [])

    public init(components: [Name]) { self.components = components }

    /// Parses `/etc/fstab` or `etc/fstab`. Empty components and `.` are dropped; `..` is refused:
    /// a guest path never climbs (archives and recipes that try are errors, not paths).
    public init(_ string: String) throws {
        try self.init(bytes: Array(string.utf8))
    }

    public init(bytes: [UInt8]) throws {
        var parts: [Name] = []
        for piece in bytes.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: true) {
            let p = Array(piece)
            if p == [UInt8(ascii: ".")] { continue }
            if p == [UInt8(ascii: "."), UInt8(ascii: ".")] {
                throw TreeError.pathClimbs(Name.printable(bytes))
            }
            parts.append(try Name(validating: p))
        }
        components = parts
    }

    public var isRoot: Bool { components.isEmpty }
    public var parent: GuestPath { GuestPath(components: Array(components.dropLast())) }
    public var last: Name? { components.last }

    public func appending(_ name: Name) -> GuestPath { GuestPath(components: components + [name]) }

    public var description: String {
        "/" + components.map(\.description).joined(separator: "/")
    }
}
