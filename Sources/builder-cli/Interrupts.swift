import Builder
import Dispatch
#if canImport(Glibc)
import Glibc
#endif

/// SIGINT, SIGTERM and SIGHUP (Ctrl-C, a CI job cancelled, a closed terminal): builder removes
/// the work folders and spools it is filling, so nothing partial stays in the output, then exits
/// with 128 + the signal's number, as a shell reports a killed command.
enum Interrupts {
    /// The signal sources; kept for the process's life.
    nonisolated(unsafe) private static var sources: [DispatchSourceSignal] = []

    static func install() {
        let queue = DispatchQueue(label: "builder.signals")
        for sig in [SIGINT, SIGTERM, SIGHUP] {
            // The source replaces the default action, which would kill builder on the spot.
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: queue)
            source.setEventHandler {
                let left = WorkInProgress.removeAll()
                Terminal.line("builder: interrupted (signal \(sig)); unfinished output removed")
                for path in left { Terminal.line("builder: could not remove '\(path)'; remove it by hand") }
                _exit(128 + sig)
            }
            source.resume()
            sources.append(source)
        }
    }
}
