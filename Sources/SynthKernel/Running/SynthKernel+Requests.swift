import Foundation
import SynthLanguage
#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// The shell requests that read or run code: execute, complete, inspect, is_complete, history.
extension SynthKernel {
    /// `execute_request`: runs the code as one cell (its number is the execution count, so
    /// `_` and `outN` work as in the REPL); outputs go to IOPub, errors as one `error`.
    func execute(_ request: KernelMessage) {
        let code = request.content["code"]?.stringValue ?? ""
        let silent = request.content["silent"]?.boolValue ?? false
        let allowStdin = request.content["allow_stdin"]?.boolValue ?? false
        let session = evaluator.session
        let count = session.nextCellNumber
        if !silent {
            iopub.publish("execute_input", ["code": .string(code), "execution_count": .int(count)], parent: request)
        }
        output.begin(parent: request, executionCount: count, silent: silent)
        // `delete` and replacing a file ask through the front end's stdin, when it has one.
        evaluator.services.confirm = allowStdin ? { [self] question in ask(question, parent: request) } : nil
        defer { evaluator.services.confirm = nil }
        evaluator.cancellation.clear()
        let outcome = evaluator.run(SourceFile(name: "[\(count)]", text: code), cells: .single, continueOnError: false)
        evaluator.cancellation.clear()
        let failure = output.finish()
        // A cell of only comments or blanks takes no number.
        let shownCount = session.nextCellNumber > count ? count : max(0, count - 1)
        if let failure {
            shell.reply(to: request, ["status": "error", "execution_count": .int(shownCount),
                                      "ename": .string(failure.name), "evalue": .string(failure.value),
                                      "traceback": .array(failure.traceback.map { .string($0) })])
        } else if outcome == .interrupted {
            shell.reply(to: request, ["status": "error", "execution_count": .int(shownCount),
                                      "ename": "Interrupted", "evalue": "interrupted", "traceback": []])
        } else {
            shell.reply(to: request, ["status": "ok", "execution_count": .int(shownCount),
                                      "user_expressions": [:], "payload": []])
        }
        if evaluator.quitRequested { stop(restart: false) }
    }

    /// Asks the user through an `input_request` on the stdin socket; false when the front
    /// end does not answer or the cell is interrupted.
    func ask(_ question: String, parent: KernelMessage) -> Bool {
        let request = KernelMessage(type: "input_request", content: ["prompt": .string(question + " [y/N] "), "password": false],
                                    parent: parent, session: sessionID)
        guard (try? stdin.send(request.frames(signer: signer))) != nil else { return false }
        while !evaluator.cancellation.isSet && !isStopping {
            guard let frames = try? stdin.receive(timeout: 100) else { continue }
            guard let reply = try? KernelMessage.decode(frames, signer: signer), reply.type == "input_reply" else { continue }
            let answer = reply.content["value"]?.stringValue ?? ""
            return ["y", "yes"].contains(answer.trimmingCharacters(in: .whitespaces).lowercased())
        }
        return false
    }

    /// `complete_request`: the registry's completions (as Tab in the REPL) for the word
    /// before the cursor.
    func complete(_ content: JSONValue) -> JSONValue {
        let code = content["code"]?.stringValue ?? ""
        let cursor = content["cursor_pos"]?.intValue ?? code.unicodeScalars.count
        let before = Array(KernelText.prefix(code, codePoints: cursor).utf8)
        var start = before.count
        let breaks = Set(Completer.wordBreakCharacters.utf8)
        while start > 0, !breaks.contains(before[start - 1]) { start -= 1 }
        let result = Completer(evaluator: evaluator).complete(line: String(decoding: before, as: UTF8.self), wordStart: start)
        let startPoints = String(decoding: before[..<start], as: UTF8.self).unicodeScalars.count
        return [
            "status": "ok",
            "matches": .array(result.candidates.map { .string($0) }),
            "cursor_start": .int(startPoints),
            "cursor_end": .int(min(cursor, code.unicodeScalars.count)),
            "metadata": [:],
        ]
    }

    /// `inspect_request`: `help` for the command under the cursor (or the line's command).
    func inspect(_ content: JSONValue) -> JSONValue {
        let code = content["code"]?.stringValue ?? ""
        let cursor = content["cursor_pos"]?.intValue ?? code.unicodeScalars.count
        let registry = evaluator.registry
        let spec = KernelText.word(in: code, at: cursor).flatMap { registry.spec(named: $0) }
            ?? KernelText.lineCommand(in: code, at: cursor).flatMap { registry.spec(named: $0) }
        guard let spec else { return ["status": "ok", "found": false, "data": [:], "metadata": [:]] }
        return ["status": "ok", "found": true, "data": ["text/plain": .string(HelpText.details(spec))], "metadata": [:]]
    }

    /// `is_complete_request`: the parser's continuation rule (an open quote or bracket, a
    /// trailing `\` asks for more), as the REPL's `...>` prompt.
    func isComplete(_ content: JSONValue) -> JSONValue {
        let code = content["code"]?.stringValue ?? ""
        let parsed = Parser.parse(SourceFile(name: "<cell>", text: code))
        if parsed.isIncomplete { return ["status": "incomplete", "indent": ""] }
        if parsed.hasErrors { return ["status": "invalid"] }
        return ["status": "complete"]
    }

    /// `history_request`: this session's cells (`tail`, `range`, `search` with a glob).
    func history(_ content: JSONValue) -> JSONValue {
        let session = evaluator.session
        let withOutput = content["output"]?.boolValue ?? false
        var numbers = session.cells.keys.sorted()
        switch content["hist_access_type"]?.stringValue ?? "tail" {
        case "range":
            let start = content["start"]?.intValue ?? 0
            let stop = content["stop"]?.intValue ?? Int.max
            numbers = numbers.filter { $0 >= start && $0 < stop }
        case "search":
            let pattern = content["pattern"]?.stringValue ?? "*"
            numbers = numbers.filter { fnmatch(pattern, session.cells[$0]?.input ?? "", 0) == 0 }
            if content["unique"]?.boolValue == true {
                var seen = Set<String>()
                numbers = numbers.reversed().filter { seen.insert(session.cells[$0]?.input ?? "").inserted }.reversed()
            }
            if let n = content["n"]?.intValue { numbers = Array(numbers.suffix(n)) }
        default:
            if let n = content["n"]?.intValue { numbers = Array(numbers.suffix(n)) }
        }
        let entries: [JSONValue] = numbers.map { number in
            let input = JSONValue.string(session.cells[number]?.input ?? "")
            guard withOutput else { return [1, .int(number), input] }
            let shown = session.cellOutputs.outputs(of: number).compactMap { output -> String? in
                if case .result(let data) = output { return data["text/plain"] }
                return nil
            }.joined(separator: "\n")
            return [1, .int(number), [input, .string(shown)]]
        }
        return ["status": "ok", "history": .array(entries)]
    }
}

/// Positions in cell text: Jupyter counts the cursor in Unicode code points.
enum KernelText {
    static func prefix(_ text: String, codePoints: Int) -> String {
        var scalars = String.UnicodeScalarView()
        scalars.append(contentsOf: text.unicodeScalars.prefix(max(0, codePoints)))
        return String(scalars)
    }

    private static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "_" || (scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar)))
    }

    /// The identifier around the cursor.
    static func word(in text: String, at codePoints: Int) -> String? {
        let scalars = Array(text.unicodeScalars)
        var start = min(max(0, codePoints), scalars.count)
        var end = start
        while start > 0, isWordScalar(scalars[start - 1]) { start -= 1 }
        while end < scalars.count, isWordScalar(scalars[end]) { end += 1 }
        guard start < end else { return nil }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[start..<end])
        return String(view)
    }

    /// The first word of the line the cursor is on (the command of that line).
    static func lineCommand(in text: String, at codePoints: Int) -> String? {
        let before = prefix(text, codePoints: codePoints)
        let line = before.split(separator: "\n", omittingEmptySubsequences: false).last.map(String.init) ?? ""
        let statement = line.split(separator: ";", omittingEmptySubsequences: false).last.map(String.init) ?? line
        let words = statement.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard var first = words.first.map(String.init) else { return nil }
        if first == "time", words.count > 1 { first = String(words[1]) }
        return first
    }
}
