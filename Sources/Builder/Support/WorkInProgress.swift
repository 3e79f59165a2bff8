import Synchronization

/// The folders and files a bake is filling right now (work folders, spools): what an interrupted
/// builder must remove so that nothing partial stays in the output. The CLI's signal handler
/// calls `removeAll`.
public enum WorkInProgress {
    private static let paths = Mutex<Set<String>>([])

    static func begin(_ path: String) {
        _ = paths.withLock { $0.insert(path) }
    }

    static func end(_ path: String) {
        _ = paths.withLock { $0.remove(path) }
    }

    /// Removes every path still in progress and returns those it could not remove. Work goes on
    /// in other threads meanwhile and may create files again: each path is tried a few times.
    public static func removeAll() -> [String] {
        let current = paths.withLock { $0 }
        var left: [String] = []
        for path in current.sorted() {
            var removed = false
            for _ in 0..<5 where !removed {
                removed = (try? HostPaths.removeTree(path)) != nil
            }
            if !removed { left.append(path) }
        }
        return left
    }
}
