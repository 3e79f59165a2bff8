/// Why a domain config could not be made or written.
public enum DomainConfigError: Error, Equatable, CustomStringConvertible {
    case noKernel(guest: String)
    case noRootDisk(guest: String)
    /// A value holds a character no config syntax can carry safely (a newline, a control or
    /// non-ASCII character).
    case unsafeValue(key: String, value: String)

    public var description: String {
        switch self {
        case .noKernel(let guest):
            return "domain config of '\(guest)': the boot mode names kernel= in dom0, but the alignment found no Xen kernel; give \"kernel\": {\"rpm\": ...} or {\"image\": ...}, or use \"boot\": \"pygrub\""
        case .noRootDisk(let guest):
            return "domain config of '\(guest)': no disk mounts '/', so there is no root= to give the kernel; add a disk with \"mount\": \"/\""
        case .unsafeValue(let key, let value):
            return "domain config: the value of \(key) (\(value.debugDescription)) holds a newline, control or non-ASCII character, which the config syntax cannot carry; change it in the recipe"
        }
    }
}
