/// Orders kernel versions ("2.6.9-55.ELxenU", "2.6.9-67.0.1.ELxenU") as rpm orders versions:
/// runs of digits compare as numbers, runs of letters as text, a digit run is newer than a letter
/// run, and separators only separate; when all runs agree, the version with more runs is newer
/// (rpmvercmp, lib/rpmvercmp.c, without the `~`/`^` extensions RHEL4's rpm 4.3 does not know).
enum KernelVersionOrder {
    static func isNewer(_ a: String, than b: String) -> Bool {
        compare(a, b) > 0
    }

    /// Newest first; equal versions keep their order.
    static func newestFirst(_ versions: [String]) -> [String] {
        versions.enumerated().sorted { x, y in
            let c = compare(x.element, y.element)
            return c != 0 ? c > 0 : x.offset < y.offset
        }.map(\.element)
    }

    /// -1, 0 or 1.
    static func compare(_ a: String, _ b: String) -> Int {
        let x = runs(a), y = runs(b)
        for (l, r) in zip(x, y) {
            switch (l.isNumber, r.isNumber) {
            case (true, true):
                let ln = l.text.drop { $0 == "0" }, rn = r.text.drop { $0 == "0" }
                if ln.count != rn.count { return ln.count > rn.count ? 1 : -1 }
                if ln != rn { return ln > rn ? 1 : -1 }
            case (false, false):
                if l.text != r.text { return l.text > r.text ? 1 : -1 }
            case (true, false):
                return 1
            case (false, true):
                return -1
            }
        }
        if x.count == y.count { return 0 }
        return x.count > y.count ? 1 : -1
    }

    private struct Run {
        var text: Substring
        var isNumber: Bool
    }

    private static func runs(_ version: String) -> [Run] {
        var out: [Run] = []
        var rest = Substring(version)
        while let first = rest.first {
            if first.isASCII && first.isNumber {
                let run = rest.prefix { $0.isASCII && $0.isNumber }
                out.append(Run(text: run, isNumber: true))
                rest = rest.dropFirst(run.count)
            } else if first.isASCII && first.isLetter {
                let run = rest.prefix { $0.isASCII && $0.isLetter }
                out.append(Run(text: run, isNumber: false))
                rest = rest.dropFirst(run.count)
            } else {
                rest = rest.dropFirst()
            }
        }
        return out
    }
}
