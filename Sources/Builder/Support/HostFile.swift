import CSystem
#if canImport(Glibc)
import Glibc
#endif

/// An open file on the host: the one place builder reads and writes host files by descriptor.
/// Calls retry on EINTR and loop over short reads and writes.
public final class HostFile {
    public let path: String
    public private(set) var fd: Int32

    private init(path: String, fd: Int32) {
        self.path = path
        self.fd = fd
    }

    deinit {
        if fd >= 0 { _ = Glibc.close(fd) }
    }

    /// Opens an existing file for reading. `path` may be a `HostPath.string` (a name that is not
    /// UTF-8, as a directory walk finds them).
    public static func openForReading(_ path: String) throws -> HostFile {
        let fd = HostPath(path).withCString { p in retrying { open(p, O_RDONLY | O_CLOEXEC | O_NOFOLLOW) } }
        guard fd >= 0 else { throw SystemError("open", path: path) }
        return HostFile(path: path, fd: fd)
    }

    /// Creates a new file (it must not exist yet) for reading and writing.
    public static func create(_ path: String, permissions: mode_t = 0o600) throws -> HostFile {
        let fd = retrying { open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, permissions) }
        guard fd >= 0 else { throw SystemError("create", path: path) }
        return HostFile(path: path, fd: fd)
    }

    /// Opens an existing file for reading and writing.
    public static func openForUpdate(_ path: String) throws -> HostFile {
        let fd = retrying { open(path, O_RDWR | O_CLOEXEC | O_NOFOLLOW) }
        guard fd >= 0 else { throw SystemError("open", path: path) }
        return HostFile(path: path, fd: fd)
    }

    /// Removes a file (e.g. a half-written output after a failure).
    public static func remove(_ path: String) throws {
        guard unlink(path) == 0 else { throw SystemError("remove", path: path) }
    }

    /// Closes the descriptor, reporting a failed close (which can mean lost writes).
    public func close() throws {
        guard fd >= 0 else { return }
        let r = Glibc.close(fd)
        fd = -1
        if r != 0 { throw SystemError("close", path: path) }
    }

    public func size() throws -> UInt64 {
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw SystemError("fstat", path: path) }
        return UInt64(st.st_size)
    }

    /// Sets the file's length; growing it leaves a hole (the image file is written sparse).
    public func truncate(to length: UInt64) throws {
        guard retrying({ ftruncate(fd, off_t(length)) }) == 0 else { throw SystemError("ftruncate", path: path) }
    }

    /// Reads up to `buffer.count` bytes at `offset`; fewer only at end of file.
    public func read(into buffer: UnsafeMutableRawBufferPointer, at offset: UInt64) throws -> Int {
        var done = 0
        while done < buffer.count {
            let n = pread(fd, buffer.baseAddress! + done, buffer.count - done, off_t(offset) + off_t(done))
            if n < 0 {
                if errno == EINTR { continue }
                throw SystemError("read", path: path)
            }
            if n == 0 { break }
            done += n
        }
        return done
    }

    /// Reads exactly `count` bytes at `offset` (fewer only at end of file).
    public func read(count: Int, at offset: UInt64) throws -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        let n = try out.withUnsafeMutableBytes { try read(into: $0, at: offset) }
        if n < count { out.removeLast(count - n) }
        return out
    }

    /// Writes all of `buffer` at `offset`.
    public func write(_ buffer: UnsafeRawBufferPointer, at offset: UInt64) throws {
        var done = 0
        while done < buffer.count {
            let n = pwrite(fd, buffer.baseAddress! + done, buffer.count - done, off_t(offset) + off_t(done))
            if n < 0 {
                if errno == EINTR { continue }
                throw SystemError("write", path: path)
            }
            done += n
        }
    }

    public func write(_ bytes: [UInt8], at offset: UInt64) throws {
        try bytes.withUnsafeBytes { try write($0, at: offset) }
    }

    /// Copies `count` bytes from `source` at `sourceOffset` to this file at `offset`, in the kernel
    /// where it can (copy_file_range), else through a buffer.
    public func copy(from source: HostFile, at sourceOffset: UInt64, count: UInt64, to offset: UInt64) throws {
        var inOff = Int(sourceOffset)
        var outOff = Int(offset)
        var left = count
        while left > 0 {
            let n = CSystem.copy_file_range(source.fd, &inOff, fd, &outOff, UInt(min(left, 1 << 30)), 0)
            if n < 0 {
                if errno == EINTR { continue }
                if [EXDEV, EINVAL, ENOSYS, EOPNOTSUPP, EBADF].contains(errno) {
                    try copyBuffered(from: source, at: UInt64(inOff), count: left, to: UInt64(outOff))
                    return
                }
                throw SystemError("copy from '\(source.path)' into", path: path)
            }
            if n == 0 {
                throw SystemError("read (file shrank while being copied)", path: source.path, code: EIO)
            }
            left -= UInt64(n)
        }
    }

    private func copyBuffered(from source: HostFile, at sourceOffset: UInt64, count: UInt64, to offset: UInt64) throws {
        let chunk = 1 << 20
        let buf = UnsafeMutableRawBufferPointer.allocate(byteCount: chunk, alignment: 4096)
        defer { buf.deallocate() }
        var done: UInt64 = 0
        while done < count {
            let want = Int(min(UInt64(chunk), count - done))
            let slice = UnsafeMutableRawBufferPointer(rebasing: buf[0..<want])
            let n = try source.read(into: slice, at: sourceOffset + done)
            if n < want {
                throw SystemError("read (file shrank while being copied)", path: source.path, code: EIO)
            }
            try write(UnsafeRawBufferPointer(slice), at: offset + done)
            done += UInt64(want)
        }
    }

    /// The byte ranges of this file that hold data (SEEK_DATA / BUILDER_SEEK_HOLE); the rest are holes.
    /// A filesystem without hole reporting answers with the whole file.
    public func dataRanges() throws -> [Range<UInt64>] {
        let end = try size()
        var ranges: [Range<UInt64>] = []
        var pos: off_t = 0
        while UInt64(pos) < end {
            let data = lseek(fd, pos, BUILDER_SEEK_DATA)
            if data < 0 {
                if errno == ENXIO { break }
                if errno == EINVAL { return end == 0 ? [] : [0..<end] }
                throw SystemError("lseek(SEEK_DATA)", path: path)
            }
            var hole = lseek(fd, data, BUILDER_SEEK_HOLE)
            if hole < 0 { throw SystemError("lseek(SEEK_HOLE)", path: path) }
            if UInt64(hole) > end { hole = off_t(end) }
            if hole > data { ranges.append(UInt64(data)..<UInt64(hole)) }
            pos = hole
        }
        return ranges
    }

    /// Flushes written data to the device.
    public func sync() throws {
        guard fsync(fd) == 0 else { throw SystemError("fsync", path: path) }
    }
}

/// Runs a libc call again while it fails with EINTR.
@inline(__always)
func retrying<T: BinaryInteger>(_ call: () -> T) -> T {
    while true {
        let r = call()
        if r == -1 && errno == EINTR { continue }
        return r
    }
}
