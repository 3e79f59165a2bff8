#if canImport(Glibc)
import Glibc
#endif

/// A failed call into the host's C library, with what was being done and to which path.
public struct SystemError: Error, Equatable, CustomStringConvertible {
    public var operation: String
    public var path: String
    public var code: Int32

    public init(_ operation: String, path: String, code: Int32 = errno) {
        self.operation = operation
        self.path = path
        self.code = code
    }

    public var description: String {
        "\(operation) '\(path)' failed: \(String(cString: strerror(code))) (errno \(code))"
    }
}
