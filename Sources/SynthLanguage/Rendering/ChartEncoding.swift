/// Whether charts may use UTF-8 block characters, judged from the locale variables the
/// way POSIX tools do: the first of `LC_ALL`, `LC_CTYPE`, `LANG` that is set decides; UTF-8
/// when it names `UTF-8`/`utf8`. Unset everywhere (the C locale) means ASCII.
public enum ChartEncoding {
    public static func prefersUTF8(environment: [String: String]) -> Bool {
        for name in ["LC_ALL", "LC_CTYPE", "LANG"] {
            if let value = environment[name], !value.isEmpty {
                let lower = value.lowercased()
                return lower.contains("utf-8") || lower.contains("utf8")
            }
        }
        return false
    }
}
