/// One extended attribute: its full name (`user.foo`, `security.selinux`) and value bytes.
public struct XAttr: Hashable, Sendable {
    public var name: String
    public var value: [UInt8]

    public init(name: String, value: [UInt8]) {
        self.name = name
        self.value = value
    }
}
