/// What can go wrong when building or editing a guest tree.
public enum TreeError: Error, Equatable, CustomStringConvertible {
    case invalidName([UInt8], reason: String)
    case pathClimbs(String)
    case notFound(String)
    case notADirectory(String)
    case directoryLink(String)

    public var description: String {
        switch self {
        case .invalidName(let b, let reason):
            return "invalid file name '\(Name.printable(b))': \(reason)"
        case .pathClimbs(let p):
            return "path '\(p)' leaves the guest root through '..'; give a path inside the tree"
        case .notFound(let p):
            return "'\(p)' does not exist in the guest tree"
        case .notADirectory(let p):
            return "'\(p)' is not a directory in the guest tree, so nothing can be placed below it"
        case .directoryLink(let p):
            return "'\(p)' would be a second name for a directory; directories cannot be hard-linked"
        }
    }
}
