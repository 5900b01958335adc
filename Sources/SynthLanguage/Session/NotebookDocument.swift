import Foundation

/// A session as a Jupyter notebook (nbformat 4.5): one code cell per session cell, with its
/// input and what it showed (results as `execute_result` with `text/html` and `text/plain`,
/// messages and warnings as streams, errors with the caret diagnostic). Written by
/// `session save "x.ipynb"`; the kernelspec metadata names the synth kernel.
public enum NotebookDocument {
    /// The notebook's JSON text.
    public static func text(of session: Session) throws -> String {
        var cells: [[String: Any]] = []
        for number in session.cells.keys.sorted() {
            guard let cell = session.cells[number] else { continue }
            cells.append([
                "cell_type": "code",
                "id": "cell-\(number)",
                "execution_count": number,
                "metadata": [String: Any](),
                "source": sourceLines(cell.input),
                "outputs": session.cellOutputs.outputs(of: number).map { json($0, executionCount: number) },
            ])
        }
        let notebook: [String: Any] = [
            "nbformat": 4,
            "nbformat_minor": 5,
            "metadata": metadata,
            "cells": cells,
        ]
        let data = try JSONSerialization.data(withJSONObject: notebook, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// The notebook metadata: the synth kernel and language.
    public static var metadata: [String: Any] { [
        "kernelspec": ["name": "synth", "display_name": "synth", "language": "synth"],
        "language_info": ["name": "synth", "file_extension": ".synth", "mimetype": "text/x-synth",
                          "version": SynthVersion.current],
    ] }

    /// nbformat's multi-line text: a list of lines, each but the last ending in `\n`.
    static func sourceLines(_ text: String) -> [String] {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { String($0) + "\n" }
        if let last = lines.popLast() { let trimmed = String(last.dropLast()); if !trimmed.isEmpty { lines.append(trimmed) } }
        return lines
    }

    /// One output as nbformat JSON.
    static func json(_ output: NotebookOutput, executionCount: Int) -> [String: Any] {
        switch output {
        case .result(let data):
            return ["output_type": "execute_result", "execution_count": executionCount, "metadata": [String: Any](),
                    "data": data.mapValues(sourceLines)]
        case .display(let data):
            return ["output_type": "display_data", "metadata": [String: Any](), "data": data.mapValues(sourceLines)]
        case let .stream(name, text):
            return ["output_type": "stream", "name": name, "text": sourceLines(text)]
        case let .error(name, value, traceback):
            return ["output_type": "error", "ename": name, "evalue": value, "traceback": traceback]
        }
    }
}
